import { z } from "zod";

/**
 * Views a person saved by name, kept in the browser's localStorage (nothing leaves the machine). A view
 * is the Events page's URL query; the open event is not part of it.
 */

export const SAVED_VIEWS_KEY = "trailscope.saved-views.v1";
export const MAX_SAVED_VIEWS = 50;
export const MAX_VIEW_NAME = 80;

export interface SavedView {
  name: string;
  query: string;
  savedAt: string;
}

const savedViewsSchema = z.array(
  z.object({
    name: z.string().min(1).max(MAX_VIEW_NAME),
    query: z.string().max(20_000),
    savedAt: z.string(),
  }),
);

type ViewStorage = Pick<Storage, "getItem" | "setItem">;

/** Page state that belongs to one moment, not to the view. */
const TRANSIENT_PARAMS = ["event", "cursor"];

export function viewQuery(params: URLSearchParams): string {
  const copy = new URLSearchParams(params);
  for (const key of TRANSIENT_PARAMS) copy.delete(key);
  return copy.toString();
}

/** The stored views, or none when the entry is missing or not ours (edited by hand, older format). */
export function loadSavedViews(storage: ViewStorage): SavedView[] {
  const text = storage.getItem(SAVED_VIEWS_KEY);
  if (!text) return [];
  try {
    const parsed = savedViewsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export type SaveViewResult = { ok: true; views: SavedView[] } | { ok: false; message: string };

/** Saves under `name`, replacing a view of the same name; newest first. */
export function saveView(
  storage: ViewStorage,
  name: string,
  query: string,
  now = new Date(),
): SaveViewResult {
  const trimmed = name.trim();
  if (!trimmed) return { ok: false, message: "Give the view a name." };
  if (trimmed.length > MAX_VIEW_NAME)
    return { ok: false, message: `Use at most ${MAX_VIEW_NAME} characters.` };
  const others = loadSavedViews(storage).filter((v) => v.name !== trimmed);
  if (others.length >= MAX_SAVED_VIEWS) {
    return { ok: false, message: `At most ${MAX_SAVED_VIEWS} views can be saved; delete one first.` };
  }
  const views = [{ name: trimmed, query, savedAt: now.toISOString() }, ...others];
  try {
    storage.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
  } catch {
    return { ok: false, message: "The browser refused to store the view (storage full or disabled)." };
  }
  return { ok: true, views };
}

export function deleteView(storage: ViewStorage, name: string): SavedView[] {
  const views = loadSavedViews(storage).filter((v) => v.name !== name);
  storage.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
  return views;
}
