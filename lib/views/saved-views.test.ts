import { describe, expect, it } from "vitest";
import {
  MAX_SAVED_VIEWS,
  SAVED_VIEWS_KEY,
  deleteView,
  loadSavedViews,
  saveView,
  viewQuery,
} from "./saved-views";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

describe("saved views", () => {
  it("saves, lists newest first, replaces by name and deletes", () => {
    const storage = memoryStorage();
    expect(loadSavedViews(storage)).toEqual([]);
    saveView(storage, " Prod writes ", "readOnly=false&region=us-east-1", new Date("2026-11-25T10:00:00Z"));
    saveView(storage, "Denied", "errors=only", new Date("2026-11-25T11:00:00Z"));
    expect(loadSavedViews(storage).map((v) => v.name)).toEqual(["Denied", "Prod writes"]);
    saveView(storage, "Prod writes", "region=eu-west-1", new Date("2026-11-25T12:00:00Z"));
    expect(loadSavedViews(storage)).toEqual([
      { name: "Prod writes", query: "region=eu-west-1", savedAt: "2026-11-25T12:00:00.000Z" },
      { name: "Denied", query: "errors=only", savedAt: "2026-11-25T11:00:00.000Z" },
    ]);
    expect(deleteView(storage, "Denied").map((v) => v.name)).toEqual(["Prod writes"]);
    expect(loadSavedViews(storage).map((v) => v.name)).toEqual(["Prod writes"]);
  });

  it("refuses an empty name or one too many views", () => {
    const storage = memoryStorage();
    expect(saveView(storage, "   ", "a=b")).toEqual({ ok: false, message: "Give the view a name." });
    for (let i = 0; i < MAX_SAVED_VIEWS; i++) expect(saveView(storage, `v${i}`, "").ok).toBe(true);
    expect(saveView(storage, "one more", "").ok).toBe(false);
    expect(saveView(storage, "v3", "changed").ok).toBe(true);
  });

  it("ignores a stored entry that is not valid JSON or not views", () => {
    expect(loadSavedViews(memoryStorage({ [SAVED_VIEWS_KEY]: "{not json" }))).toEqual([]);
    expect(loadSavedViews(memoryStorage({ [SAVED_VIEWS_KEY]: '[{"name":1}]' }))).toEqual([]);
  });

  it("reports a storage that refuses to write", () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(saveView(storage, "x", "")).toMatchObject({ ok: false });
  });

  it("keeps the view's query but not the open event or a continuation cursor", () => {
    expect(viewQuery(new URLSearchParams("eventName=X&event=abc&cursor=zz&columns=when,who"))).toBe(
      "eventName=X&columns=when%2Cwho",
    );
  });
});
