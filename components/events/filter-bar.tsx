"use client";

import { useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { READ_ONLY_LABELS, VALUE_FILTERS, filterChips, type ChipParam } from "@/lib/query/fields";
import { VIEW_URL_OPTIONS, filterKeys, readOnlyKey } from "@/lib/query/url-state";

type ValueFilterParam = (typeof VALUE_FILTERS)[number]["param"];
const keys = { ...filterKeys, ...readOnlyKey };

/** The actions inside a chip: the kit's ghost button in the chip's sky tone. */
const chipAction = "px-1.5 py-0.5 text-sky-700 hover:bg-sky-100";

/** Owns the filter parameters of the URL (lib/query/fields.ts), read-only included. */
export function FilterBar({
  regions,
}: {
  /** The regions Trailscope is configured to query by default. */
  regions: string[];
}) {
  const [attribute, setAttribute] = useState<ValueFilterParam>("eventName");
  const [value, setValue] = useState("");
  const [filters, setFilters] = useQueryStates(keys, VIEW_URL_OPTIONS);
  const { readOnly } = filters;
  // Chips follow the URL's order (the order filters were added in), which a key map does not keep.
  const chips = filterChips(useSearchParams());
  const selected = VALUE_FILTERS.find((f) => f.param === attribute);
  const set = (updates: Partial<Record<ChipParam, string | null>>) => void setFilters(updates);

  const addFilter = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return;
    set({ [attribute]: v });
    setValue("");
  };

  const regionValue = filters.region ?? "";
  const regionOptions =
    regions.includes(regionValue) || ["", "all"].includes(regionValue) ? regions : [...regions, regionValue];

  return (
    <section aria-label="Filters" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <form onSubmit={addFilter} className="flex items-center gap-1" aria-label="Add a filter">
          <Select
            aria-label="Filter attribute"
            value={attribute}
            onChange={(e) => {
              const next = VALUE_FILTERS.find((f) => f.param === e.target.value);
              if (next) setAttribute(next.param);
            }}
          >
            {VALUE_FILTERS.map((f) => (
              <option key={f.param} value={f.param}>
                {f.label}
              </option>
            ))}
          </Select>
          <Input
            aria-label="Filter value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={selected ? `e.g. ${selected.example}` : ""}
            maxLength={2000}
            className="w-56"
          />
          <Button type="submit" variant="primary" size="field">
            Add filter
          </Button>
        </form>
        <label className="flex items-center gap-1 text-sm text-slate-600">
          Region
          <Select
            aria-label="Region"
            value={regionValue}
            onChange={(e) => set({ region: e.target.value || null })}
          >
            <option value="">Configured ({regions.join(", ")})</option>
            <option value="all">All regions</option>
            {regionOptions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </label>
      </div>

      <ul aria-label="Active filters" className="flex flex-wrap items-center gap-1.5 text-sm">
        <li className="flex items-center gap-1 rounded-full border border-amber-300 bg-amber-50 py-0.5 pr-1 pl-2.5 text-amber-900">
          <span>{READ_ONLY_LABELS[readOnly]}</span>
          {readOnly !== "all" ? (
            <Button
              variant="ghost"
              size="sm"
              className={chipAction}
              onClick={() => void setFilters({ readOnly: "all" })}
            >
              Include read-only events
            </Button>
          ) : null}
          {readOnly !== "true" ? (
            <Button
              variant="ghost"
              size="sm"
              className={chipAction}
              onClick={() => void setFilters({ readOnly: "true" })}
            >
              Read-only only
            </Button>
          ) : null}
          {readOnly !== "false" ? (
            <Button
              variant="ghost"
              size="sm"
              className={chipAction}
              onClick={() => void setFilters({ readOnly: null })}
            >
              Writes only
            </Button>
          ) : null}
        </li>
        {chips.map((chip) => (
          <li
            key={chip.param}
            className="flex max-w-md items-center gap-1 rounded-full border border-sky-200 bg-sky-50 py-0.5 pr-1 pl-2.5 text-sky-900"
          >
            <span className="truncate">
              {chip.label}: <span className="font-medium">{chip.value}</span>
            </span>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Remove filter ${chip.label}`}
              onClick={() => set({ [chip.param]: null })}
              className={`${chipAction} rounded-full`}
            >
              ×
            </Button>
          </li>
        ))}
        {chips.length > 0 || readOnly !== "false" ? (
          <li>
            <Button
              variant="link"
              size="inline"
              onClick={() =>
                void setFilters({
                  readOnly: null,
                  ...Object.fromEntries(chips.map((chip) => [chip.param, null])),
                })
              }
              className="px-1 text-xs text-slate-500 hover:text-slate-800"
            >
              Clear filters
            </Button>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
