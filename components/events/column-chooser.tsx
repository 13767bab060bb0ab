"use client";

import { useQueryStates } from "nuqs";
import { useEffect, useId, useRef, useState } from "react";
import { COLUMN_FIELDS, type ColumnId } from "@/lib/query/fields";
import { DEFAULT_COLUMNS, VIEW_URL_OPTIONS, columnsKey } from "@/lib/query/url-state";

/** Owns the URL's `columns=`; `columns` are the ones shown, which may add the account column to the URL's. */
export function ColumnChooser({ columns }: { columns: ColumnId[] }) {
  const [, setUrl] = useQueryStates(columnsKey, VIEW_URL_OPTIONS);
  const onChange = (next: ColumnId[]) => void setUrl({ columns: next });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const toggle = (id: ColumnId, on: boolean) => {
    if (on) onChange([...columns, id]);
    else if (columns.length > 1) onChange(columns.filter((c) => c !== id));
  };

  return (
    <div ref={root} className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-700 shadow-sm hover:bg-slate-50"
      >
        <span aria-hidden>⚙</span> Columns
      </button>
      {open ? (
        <div
          id={panelId}
          role="group"
          aria-label="Visible columns"
          className="absolute right-0 z-30 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
        >
          <ul className="grid gap-0.5 text-sm">
            {COLUMN_FIELDS.map(({ id, label }) => (
              <li key={id}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-50">
                  <input
                    type="checkbox"
                    checked={columns.includes(id)}
                    disabled={columns.length === 1 && columns.includes(id)}
                    onChange={(e) => toggle(id, e.target.checked)}
                  />
                  {label}
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => onChange([...DEFAULT_COLUMNS])}
            className="mt-2 w-full rounded border border-slate-200 px-2 py-1 text-xs text-slate-600 hover:bg-slate-50"
          >
            Reset to default columns
          </button>
        </div>
      ) : null}
    </div>
  );
}
