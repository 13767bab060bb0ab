/**
 * Counts the records of an export while it downloads, for the progress count. CSV fields may hold line
 * breaks inside quotes, so only line ends outside quotes end a record; the JSON formats escape line breaks
 * inside strings, so there every line end ends a record.
 */
export interface RecordCounter {
  push(chunk: string): void;
  /** Records ended so far (a header or a trailer line counts as one). */
  readonly records: number;
}

export function createRecordCounter(format: "csv" | "json" | "ndjson"): RecordCounter {
  let records = 0;
  let inQuotes = false;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const code = chunk.charCodeAt(i);
        // A doubled quote inside a quoted field toggles twice, which leaves the state unchanged.
        if (format === "csv" && code === 34) inQuotes = !inQuotes;
        else if (code === 10 && !inQuotes) records++;
      }
    },
    get records() {
      return records;
    },
  };
}

export function countCsvRecords(text: string): number {
  const counter = createRecordCounter("csv");
  counter.push(text);
  return counter.records;
}
