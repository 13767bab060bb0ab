/**
 * Dates the way `aws cloudtrail validate-logs` reads and prints them: any offset in the input is
 * dropped and the wall-clock time taken as UTC (the CLI replaces tzinfo rather than converting), and
 * output is second precision with a literal `Z`.
 */

const DATE_INPUT =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseCliDate(value: string): Date | undefined {
  const m = DATE_INPUT.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour = "0", minute = "0", second = "0", fraction = "0"] = m.slice(1) as string[];
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  const date = new Date(Date.UTC(2000, +month! - 1, +day!, +hour, +minute, +second, ms));
  // Date.UTC reads years 0-99 as 1900-1999: set the year apart so 0001-01-01 stays year 1.
  date.setUTCFullYear(+year!, +month! - 1, +day!);
  // Reject roll-overs such as 2026-02-30, which the CLI refuses too.
  if (
    date.getUTCMonth() !== +month! - 1 ||
    date.getUTCDate() !== +day! ||
    +hour > 23 ||
    +minute > 59 ||
    +second > 59
  ) {
    return undefined;
  }
  return date;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, truncated to the second. */
export function formatDisplayDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `YYYYMMDDTHHMMSSZ`: the digest key's timestamp format, compared as text by the CLI. */
export function formatKeyDate(date: Date): string {
  return formatDisplayDate(date).replace(/[-:]/g, "");
}

/** The timestamp part of a digest key: the 16 characters before `.json.gz`. */
export function digestKeyDate(key: string): string {
  return key.slice(-24, -8);
}

export function parseKeyDate(stamp: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return parseCliDate(stamp);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
