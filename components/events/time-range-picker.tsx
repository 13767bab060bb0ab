"use client";

import { useQueryStates } from "nuqs";
import { useState, type FormEvent } from "react";
import type { QueryWindow } from "@/lib/events/api-contract";
import { DEFAULT_RANGE } from "@/lib/query/event-query";
import { RANGE_PRESET_IDS, VIEW_URL_OPTIONS, timeKeys, timeZoneKey } from "@/lib/query/url-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatTimestamp } from "@/lib/shared/time";
import { fromDateTimeInput, toDateTimeInput } from "./format";

const segment = (active: boolean) =>
  `h-7 px-2 text-xs font-medium first:rounded-l-md last:rounded-r-md border-y border-r first:border-l border-slate-300 ${
    active ? "bg-slate-800 text-white border-slate-800" : "bg-white text-slate-700 hover:bg-slate-50"
  }`;

const keys = { ...timeKeys, ...timeZoneKey };

/** Owns the URL's time window (`range`, or `start` and `end`, which exclude each other) and `tz`. */
export function TimeRangePicker({
  window,
}: {
  /** The window the server fixed for this query, once known. */
  window: QueryWindow | null;
}) {
  const [url, setUrl] = useQueryStates(keys, VIEW_URL_OPTIONS);
  const { tz } = url;
  const absolute = url.start !== null || url.end !== null;
  const range = url.range ?? (absolute ? null : DEFAULT_RANGE);
  const [custom, setCustom] = useState(absolute);
  const [error, setError] = useState<string | null>(null);

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const start = fromDateTimeInput(String(data.get("start") ?? ""), tz);
    const endText = String(data.get("end") ?? "");
    const end = endText ? fromDateTimeInput(endText, tz) : null;
    if (!start) return setError("Enter a start date and time.");
    if (endText && !end) return setError("The end is not a valid date and time.");
    if (end && start > end) return setError("The start must be before the end.");
    setError(null);
    void setUrl({ range: null, start, end });
  };

  return (
    <section aria-label="Time" className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Time range" className="flex">
        {RANGE_PRESET_IDS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={range === preset}
            className={segment(range === preset)}
            onClick={() => {
              setCustom(false);
              void setUrl({ range: preset, start: null, end: null });
            }}
          >
            {preset}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={absolute || custom}
          aria-expanded={custom}
          className={segment(absolute || custom)}
          onClick={() => setCustom((c) => !c)}
        >
          Custom
        </button>
      </div>
      <div role="group" aria-label="Time zone" className="flex">
        <button
          type="button"
          aria-pressed={tz === "utc"}
          className={segment(tz === "utc")}
          onClick={() => void setUrl({ tz: null })}
        >
          UTC
        </button>
        <button
          type="button"
          aria-pressed={tz === "local"}
          className={segment(tz === "local")}
          onClick={() => void setUrl({ tz: "local" })}
        >
          Local
        </button>
      </div>
      {window ? (
        <span className="text-xs text-slate-500" aria-label="Time window">
          {formatTimestamp(window.start, tz)} → {formatTimestamp(window.end, tz)}
        </span>
      ) : null}
      {custom ? (
        <form
          onSubmit={apply}
          key={`${tz}-${window?.start}-${window?.end}`}
          aria-label="Custom time range"
          className="flex w-full flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-white p-2 text-sm"
        >
          <label className="flex items-center gap-1">
            Start ({tz === "utc" ? "UTC" : "local"})
            <Input
              type="datetime-local"
              name="start"
              required
              defaultValue={window ? toDateTimeInput(new Date(window.start), tz) : ""}
            />
          </label>
          <label className="flex items-center gap-1">
            End
            <Input
              type="datetime-local"
              name="end"
              defaultValue={window && url.end !== null ? toDateTimeInput(new Date(window.end), tz) : ""}
            />
          </label>
          <Button type="submit" variant="primary" size="field">
            Apply range
          </Button>
          <span className="text-xs text-slate-500">An empty end means now.</span>
          {error ? (
            <p role="alert" className="w-full text-xs text-red-700">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
