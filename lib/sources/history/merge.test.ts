import { describe, expect, it } from "vitest";
import { normalizeRecord } from "../../events/normalize";
import type { AuditEvent } from "../../events/audit-event";
import { MergedPager, type PageResult, type PageSource, type SourcePosition } from "./merge";

/** The merge over in-memory paged sources (the same interface LookupEvents is adapted to). */

function events(prefix: string, times: number[]): AuditEvent[] {
  return times.map((t, i) =>
    normalizeRecord({
      eventID: `${prefix}-${i}`,
      eventTime: new Date(Date.UTC(2026, 10, 1, 0, 0, t)).toISOString(),
      readOnly: i % 3 === 0,
    }),
  );
}

/** Pages of `size` events; tokens are page numbers, as opaque to the merge as AWS's. */
function paged(list: AuditEvent[], size: number, log: string[] = [], delay = 0): PageSource {
  return {
    async fetchPage(token) {
      const page = token ? Number(token) : 0;
      log.push(`${list[0]?.eventId.split("-")[0]}:${page}`);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const slice = list.slice(page * size, page * size + size);
      const more = (page + 1) * size < list.length;
      return {
        events: slice,
        apiCalls: 1,
        ...(more ? { nextToken: String(page + 1) } : {}),
      } satisfies PageResult;
    },
  };
}

const describeError = (error: unknown) => ({ code: "X", message: String(error), hint: "" });

async function drain(pager: MergedPager): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const message of pager.run()) if (message.type === "events") out.push(...message.events);
  return out;
}

const a = events("a", [50, 48, 48, 40, 33, 20, 20, 20, 5, 1]);
const b = events("b", [49, 48, 45, 30, 20, 19, 2]);
const c = events("c", [60, 10]);
const all = [a, b, c];

describe("MergedPager", () => {
  it("merges newest first; ties go to the earlier source, each source keeps its own order", async () => {
    const pager = new MergedPager(
      all.map((list) => paged(list, 3)),
      { start: all.map(() => ({ offset: 0 })), limit: 100, accept: () => true, describeError },
    );
    const ids = (await drain(pager)).map((e) => e.eventId);
    expect(ids).toEqual([
      "c-0",
      "a-0",
      "b-0",
      "a-1",
      "a-2",
      "b-1",
      "b-2",
      "a-3",
      "a-4",
      "b-3",
      "a-5",
      "a-6",
      "a-7",
      "b-4",
      "b-5",
      "c-1",
      "a-8",
      "b-6",
      "a-9",
    ]);
    expect(pager.truncated).toBe(false);
    expect(pager.positions()).toEqual([null, null, null]);
    expect(pager.states.map((s) => s.pages)).toEqual([4, 3, 1]);
  });

  it("resumes from positions without skipping or repeating, whatever the limit and filter", async () => {
    for (const accept of [() => true, (e: AuditEvent) => !e.readOnly]) {
      const full = await drain(
        new MergedPager(
          all.map((l) => paged(l, 3)),
          { start: all.map(() => ({ offset: 0 })), limit: 100, accept, describeError },
        ),
      );
      for (const limit of [1, 2, 3, 4, 7]) {
        const got: AuditEvent[] = [];
        let start: (SourcePosition | null)[] = all.map(() => ({ offset: 0 }));
        for (let round = 0; round < 50 && start.some((p) => p !== null); round++) {
          const pager = new MergedPager(
            all.map((l) => paged(l, 3)),
            { start, limit, accept, describeError },
          );
          const page = await drain(pager);
          expect(page.length).toBeLessThanOrEqual(limit);
          got.push(...page);
          start = pager.positions();
        }
        expect(got.map((e) => e.eventId)).toEqual(full.map((e) => e.eventId));
      }
    }
  });

  it("waits for a slow source before emitting anything it could precede", async () => {
    const log: string[] = [];
    const pager = new MergedPager([paged(a, 3, log), paged(c, 3, log, 80)], {
      start: [{ offset: 0 }, { offset: 0 }],
      limit: 100,
      accept: () => true,
      describeError,
    });
    const first = await pager.run().next();
    expect(first.value).toMatchObject({ type: "progress" });
    const ids = (await drain(pager)).map((e) => e.eventId);
    expect(ids[0]).toBe("c-0");
  });

  it("fetches ahead only while the buffered events cannot fill the limit", async () => {
    const log: string[] = [];
    const pager = new MergedPager([paged(a, 3, log), paged(b, 3, log)], {
      start: [{ offset: 0 }, { offset: 0 }],
      limit: 2,
      accept: () => true,
      describeError,
    });
    expect((await drain(pager)).map((e) => e.eventId)).toEqual(["a-0", "b-0"]);
    expect(log).toEqual(["a:0", "b:0"]);
    expect(pager.truncated).toBe(true);
    expect(pager.positions()).toEqual([{ offset: 1 }, { offset: 1 }]);
  });

  it("keeps going when one source fails and leaves its position for a retry", async () => {
    const failing: PageSource = { fetchPage: () => Promise.reject(new Error("boom")) };
    const pager = new MergedPager([paged(a, 3), failing], {
      start: [{ offset: 0 }, { token: "7", offset: 2 }],
      limit: 100,
      accept: () => true,
      describeError,
    });
    expect(await drain(pager)).toHaveLength(a.length);
    expect(pager.states[1]).toMatchObject({ state: "failed", error: { code: "X", message: "Error: boom" } });
    expect(pager.truncated).toBe(false);
    expect(pager.positions()).toEqual([null, { token: "7", offset: 2 }]);
  });

  it("emits one event (account, eventId) once even when two sources return it", async () => {
    const record = (id: string, account: string, second: number) =>
      normalizeRecord({
        eventID: id,
        eventTime: new Date(Date.UTC(2026, 10, 1, 0, 0, second)).toISOString(),
        recipientAccountId: account,
      });
    // Two regions (or two accounts' sources) answering with one account's history.
    const first = [record("x", "111122223333", 9), record("y", "111122223333", 5)];
    const second = [record("x", "111122223333", 9), record("z", "111122223333", 7)];
    // The same ID in another account is another event.
    const other = [record("x", "444455556666", 8)];
    const pager = new MergedPager([paged(first, 1), paged(second, 1), paged(other, 1)], {
      start: [{ offset: 0 }, { offset: 0 }, { offset: 0 }],
      limit: 3,
      accept: () => true,
      describeError,
    });
    const out = await drain(pager);
    expect(out.map((e) => `${e.accountId}/${e.eventId}`)).toEqual([
      "111122223333/x",
      "444455556666/x",
      "111122223333/z",
    ]);
    expect(pager.emitted).toBe(3);
    // The limit counted distinct events: the last one is still to come, from where the answer stopped.
    expect(pager.truncated).toBe(true);
    expect(pager.positions()).toEqual([{ token: "1", offset: 0 }, null, null]);
  });
});
