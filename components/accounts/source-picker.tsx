"use client";

import { Select } from "@/components/ui/select";
import type { EventSource } from "@/lib/query/event-query";

export const SOURCE_LABELS: Record<EventSource, string> = {
  history: "Event history (90 days, management events)",
  archive: "Trail archive (S3 log files: any range, data events too)",
};

/** Event history (LookupEvents) or a trail's log files, as the URL's `source` parameter. */
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
        onChange={(e) => onChange(e.target.value === "archive" ? "archive" : "history")}
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
