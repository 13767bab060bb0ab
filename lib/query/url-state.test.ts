import { describe, expect, it } from "vitest";
import {
  DEFAULT_COLUMNS,
  DEFAULT_SORT,
  apiSearchParams,
  filterChips,
  parsePageState,
  parseView,
  readOnlyMode,
  toSearchParams,
  withColumns,
  withParams,
  withSort,
  withTimeRange,
} from "./url-state";

const now = new Date("2026-11-25T12:00:00Z");

describe("parsePageState", () => {
  it("gives the default columns, newest first, UTC and no open event when the URL says nothing", () => {
    const result = parsePageState(new URLSearchParams());
    expect(result).toEqual({
      ok: true,
      page: { columns: [...DEFAULT_COLUMNS], sort: DEFAULT_SORT, tz: "utc", event: null, facets: false },
    });
  });

  it("reads columns in their URL order without duplicates, the sort, the time zone and the event", () => {
    const result = parsePageState(
      new URLSearchParams(
        "columns=eventName,when,eventName,userAgent&sort=eventName.asc&tz=local&event=abc&facets=show",
      ),
    );
    expect(result).toEqual({
      ok: true,
      page: {
        columns: ["eventName", "when", "userAgent"],
        sort: { column: "eventName", desc: false },
        tz: "local",
        event: "abc",
        facets: true,
      },
    });
  });

  it("names each bad parameter and what is allowed", () => {
    const result = parsePageState(new URLSearchParams("columns=when,bogus&sort=when&tz=mars&facets=1"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.param)).toEqual(["columns", "sort", "tz", "facets"]);
    expect(result.issues[0]?.message).toContain("bogus");
    expect(result.issues[0]?.message).toContain("eventName");
    expect(result.issues[1]?.message).toContain("when.desc");
  });
});

describe("parseView", () => {
  it("accepts page-only parameters next to the query", () => {
    const result = parseView(
      new URLSearchParams("eventName=RunInstances&columns=when&event=x&range=1h"),
      now,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.query.eventName).toBe("RunInstances");
    expect(result.query.start.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    expect(result.page.columns).toEqual(["when"]);
  });

  it("reports query and page issues together", () => {
    const result = parseView(new URLSearchParams("readOnly=maybe&sort=nope.up"), now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.param).sort()).toEqual(["readOnly", "sort"]);
  });
});

describe("writing the URL", () => {
  it("drops defaults so the default view has a short link", () => {
    const p = new URLSearchParams("eventName=A&readOnly=all");
    expect(withParams(p, { readOnly: "false" }).toString()).toBe("eventName=A");
    expect(withParams(p, { eventName: null, tz: "utc" }).toString()).toBe("readOnly=all");
    expect(withColumns(p, DEFAULT_COLUMNS).has("columns")).toBe(false);
    expect(withColumns(p, ["when", "eventId"]).get("columns")).toBe("when,eventId");
    expect(withSort(p, DEFAULT_SORT).has("sort")).toBe(false);
    expect(withSort(p, { column: "who", desc: false }).get("sort")).toBe("who.asc");
  });

  it("does not mutate its input", () => {
    const p = new URLSearchParams("eventName=A");
    withParams(p, { eventName: "B" });
    expect(p.get("eventName")).toBe("A");
  });

  it("keeps a preset and an absolute window exclusive, and round-trips through the parser", () => {
    const absolute = withTimeRange(new URLSearchParams("range=1h&username=bob"), {
      start: new Date("2026-11-01T00:00:00Z"),
      end: new Date("2026-11-02T00:00:00Z"),
    });
    expect(absolute.has("range")).toBe(false);
    const parsed = parseView(absolute, now);
    expect(parsed.ok && parsed.query.start.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parsed.ok && parsed.query.end.toISOString()).toBe("2026-11-02T00:00:00.000Z");

    const preset = withTimeRange(absolute, { range: "30d" });
    expect(preset.toString()).toBe("username=bob&range=30d");
    expect(parseView(preset, now).ok).toBe(true);
  });

  it("strips page-only state from the API query", () => {
    const p = new URLSearchParams("eventName=A&columns=when&sort=who.asc&tz=local&event=x&region=us-east-1");
    expect(apiSearchParams(p).toString()).toBe("eventName=A&region=us-east-1");
  });

  it("turns Next's searchParams record into URLSearchParams, keeping repeats for the parser to reject", () => {
    const p = toSearchParams({ eventName: ["A", "B"], username: "bob", missing: undefined });
    expect(p.getAll("eventName")).toEqual(["A", "B"]);
    const parsed = parseView(p, now);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues[0]).toEqual({
      param: "eventName",
      message: "is given more than once",
    });
  });
});

describe("describing the filters", () => {
  it("lists each filter with a readable label, and read-only on its own", () => {
    const p = new URLSearchParams(
      "username=alice&eventSource=s3.amazonaws.com&region=us-west-2&readOnly=all",
    );
    expect(filterChips(p)).toEqual([
      { param: "username", label: "User name", value: "alice" },
      { param: "eventSource", label: "Event source", value: "s3.amazonaws.com" },
      { param: "region", label: "Region", value: "us-west-2" },
    ]);
    expect(readOnlyMode(p)).toBe("all");
    expect(readOnlyMode(new URLSearchParams())).toBe("false");
  });
});
