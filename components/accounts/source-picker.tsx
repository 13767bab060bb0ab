"use client";

import { Select } from "@/components/ui/select";
import { EVENT_SOURCES, type EventSource } from "@/lib/query/event-query";

export const SOURCE_LABELS: Record<EventSource, string> = {
  history: "Event history (90 days, management events)",
  archive: "Trail archive (S3 log files: any range, data events too)",
  all: "All (Event history and the imported archive, once per event)",
};

/** Event history (LookupEvents), a trail's log files, or both from the store: the URL's `source`. */
export function SourcePicker({
  value,
  onChange,
}: {
  value: EventSource;
  onChange: (next: EventSource) => void;
}) {
  return (
    <label className="flex items-center gap-1 text-sm text-slate-600">
      Source
      <Select
        aria-label="Source"
        value={value}
        onChange={(e) => onChange(EVENT_SOURCES.find((s) => s === e.target.value) ?? "history")}
      >
        {(Object.keys(SOURCE_LABELS) as EventSource[]).map((s) => (
          <option key={s} value={s}>
            {SOURCE_LABELS[s]}
          </option>
        ))}
      </Select>
    </label>
  );
}
