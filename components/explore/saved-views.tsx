"use client";

import { useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/lib/shared/cn";
import { VIEW_URL_OPTIONS, viewKeys } from "@/lib/query/url-state";
import { BUILT_IN_VIEWS } from "@/lib/views/built-in-views";
import {
  MAX_VIEW_NAME,
  deleteView,
  loadSavedViews,
  saveView,
  viewQuery,
  type SavedView,
} from "@/lib/views/saved-views";

/**
 * Built-in views and the person's own, saved by name in this browser. Opening one replaces the URL's
 * query with the view's, so it behaves like a bookmark: back returns to the previous view.
 */
export function SavedViews() {
  const [, setView] = useQueryStates(viewKeys, VIEW_URL_OPTIONS);
  const [open, setOpen] = useState(false);
  const [views, setViews] = useState<SavedView[]>([]);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const panelId = useId();
  const nameId = useId();
  const current = viewQuery(useSearchParams());

  const openView = (query: string) => {
    setOpen(false);
    // A key kept from the current URL would keep its place; clearing first gives exactly the saved
    // query, and replacing that empty step leaves one history entry, so back returns to the last view.
    const values = Object.fromEntries([...new URLSearchParams(query)].filter(([key]) => key in viewKeys));
    void setView(Object.fromEntries(Object.keys(viewKeys).map((key) => [key, null]))).then(() =>
      setView(values, { history: "replace" }),
    );
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const result = saveView(window.localStorage, name, current);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    setViews(result.views);
    setMessage(`Saved “${name.trim()}”.`);
    setName("");
  };

  const itemClass = (query: string) =>
    cn(
      "w-full justify-start truncate rounded px-2 py-1 font-normal",
      query === current && "bg-sky-50 font-medium",
    );

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        // Read on each opening: another tab may have saved a view since.
        if (next) setViews(loadSavedViews(window.localStorage));
        setOpen(next);
      }}
    >
      <PopoverTrigger asChild>
        <Button size="field" className="text-slate-700 shadow-sm">
          <span aria-hidden>★</span> Views
        </Button>
      </PopoverTrigger>
      <PopoverContent aria-label="Views" className="grid w-80 gap-3 p-3">
        <section aria-labelledby={`${panelId}-builtin`}>
          <h3
            id={`${panelId}-builtin`}
            className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase"
          >
            Built-in views
          </h3>
          <ul className="grid gap-0.5">
            {BUILT_IN_VIEWS.map((view) => (
              <li key={view.id}>
                <Button
                  variant="ghost"
                  title={view.description}
                  className={itemClass(view.query)}
                  onClick={() => openView(view.query)}
                >
                  {view.name}
                </Button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${panelId}-saved`}>
          <h3
            id={`${panelId}-saved`}
            className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase"
          >
            Saved in this browser
          </h3>
          {views.length === 0 ? (
            <p className="px-2 text-xs text-slate-500">No saved views yet.</p>
          ) : (
            <ul className="grid gap-0.5">
              {views.map((view) => (
                <li key={view.name} className="flex items-center gap-1">
                  <Button
                    variant="ghost"
                    className={itemClass(view.query)}
                    onClick={() => openView(view.query)}
                  >
                    {view.name}
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Delete saved view ${view.name}`}
                    className="px-1.5 py-1 text-slate-400 hover:bg-red-50 hover:text-red-700"
                    onClick={() => setViews(deleteView(window.localStorage, view.name))}
                  >
                    ×
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <form onSubmit={save} className="grid gap-1 border-t border-slate-100 pt-2">
          <label htmlFor={nameId} className="text-xs font-medium text-slate-700">
            Save the current view as
          </label>
          <div className="flex gap-1">
            <Input
              id={nameId}
              value={name}
              maxLength={MAX_VIEW_NAME}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Prod deletions"
              className="min-w-0 flex-1"
            />
            <Button type="submit" variant="primary" size="field">
              Save view
            </Button>
          </div>
          {message ? (
            <p role="status" className="text-xs text-slate-600">
              {message}
            </p>
          ) : null}
        </form>
      </PopoverContent>
    </Popover>
  );
}
