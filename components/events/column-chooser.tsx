"use client";

import { useQueryStates } from "nuqs";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { COLUMN_FIELDS, type ColumnId } from "@/lib/query/fields";
import { DEFAULT_COLUMNS, VIEW_URL_OPTIONS, columnsKey } from "@/lib/query/url-state";

/** Owns the URL's `columns=`; `columns` are the ones shown, which may add the account column to the URL's. */
export function ColumnChooser({ columns }: { columns: ColumnId[] }) {
  const [, setUrl] = useQueryStates(columnsKey, VIEW_URL_OPTIONS);
  const onChange = (next: ColumnId[]) => void setUrl({ columns: next });
  const toggle = (id: ColumnId, on: boolean) => {
    if (on) onChange([...columns, id]);
    else if (columns.length > 1) onChange(columns.filter((c) => c !== id));
  };

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button size="field" className="text-slate-700 shadow-sm">
          <span aria-hidden>⚙</span> Columns
        </Button>
      </PopoverTrigger>
      {/* Taller than a small window with every column listed: it scrolls within the space Radix measures. */}
      <PopoverContent
        align="end"
        className="max-h-[var(--radix-popover-content-available-height)] w-64 overflow-y-auto"
      >
        <div role="group" aria-label="Visible columns">
          <ul className="grid gap-0.5">
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
          <Button
            size="sm"
            className="mt-2 w-full text-slate-600"
            onClick={() => onChange([...DEFAULT_COLUMNS])}
          >
            Reset to default columns
          </Button>
        </div>
      </PopoverContent>
    </Popover>
  );
}
