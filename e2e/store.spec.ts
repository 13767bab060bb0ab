import { expect, test, type APIRequestContext } from "@playwright/test";
import type { AuditEvent } from "../lib/events/audit-event";
import { FACETS } from "../lib/facets/facet-counts";
import type { StoreStatus } from "../lib/sync/store-status";
import type { WindowStats } from "../lib/sync/window-stats";
import { eventsApi, expectLoaded, loadingStatus } from "./support/events-page";

/**
 * The event store in the browser: a view seen a second time is answered from the store with no API
 * call, the facets count the whole window (the same numbers as /api/events/stats and a full read), and
 * the /store page lists every source and refreshes on demand.
 */

test.describe.configure({ timeout: 240_000 });

async function storeStatus(request: APIRequestContext): Promise<StoreStatus> {
  const response = await request.get("/api/store/status");
  expect(response.status()).toBe(200);
  return (await response.json()) as StoreStatus;
}

/** Until every source holds `window` completely: the backfill reads newest first, so a day comes soon. */
async function waitForCoverage(request: APIRequestContext, window: { start: string; end: string }) {
  await expect
    .poll(
      async () => {
        const status = await storeStatus(request);
        return (
          status.sources.length > 0 &&
          status.sources.every(
            (s) =>
              s.syncedFrom !== null &&
              s.syncedFrom <= window.start &&
              s.syncedTo !== null &&
              s.syncedTo >= window.end,
          )
        );
      },
      { timeout: 180_000, intervals: [1_000] },
    )
    .toBe(true);
}

test("a view seen again is answered from the store, and its facets count the whole window", async ({
  page,
  request,
}) => {
  const first = await eventsApi(request, "range=1d&readOnly=all&limit=1");
  expect(first.plan.store?.status).toBe("open");
  const window = { start: first.window.start, end: first.window.end };
  const query = `start=${encodeURIComponent(window.start)}&end=${encodeURIComponent(window.end)}&readOnly=all`;
  // When an earlier spec started the sync, its backfill is done and only a refresh reads up to the
  // window's end; the periodic one (TRAILSCOPE_SYNC_INTERVAL, 5 min) can be minutes away.
  expect((await request.post("/api/store/refresh")).status()).toBe(200);
  await waitForCoverage(request, window);

  const full = await eventsApi(request, `${query}&limit=100000`);
  expect(full.complete).toBe(true);
  expect(full.apiCalls).toBe(0);
  expect(full.events.length).toBeGreaterThan(60);

  await page.goto(`/?${query}&limit=50&facets=show`);
  await expectLoaded(page, 50);
  await expect(page.getByLabel("Event store")).toContainText("Answered from the store");
  await expect(page.getByRole("region", { name: "Loading status" })).toContainText("0 API calls");

  const statsResponse = await request.get(`/api/events/stats?${query}`);
  expect(statsResponse.status()).toBe(200);
  const stats = (await statsResponse.json()) as WindowStats;
  expect(stats.total).toBe(full.events.length);

  const facets = page.getByRole("complementary", { name: "Facets" });
  await expect(facets).toContainText(
    `In ${full.events.length.toLocaleString("en-US")} events of this time window`,
  );
  for (const facet of FACETS) {
    const counts = new Map<string, number>();
    for (const event of full.events as AuditEvent[]) {
      const value = facet.value(event);
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const top = stats.facets[facet.id]?.[0];
    if (!top) continue;
    expect(top.count, `${facet.label} ${top.value}`).toBe(counts.get(top.value));
    const button = facets.getByRole("region", { name: `${facet.label} facet` }).getByRole("button", {
      name: new RegExp(`^${top.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\d`),
    });
    await expect(button.first()).toContainText(String(top.count));
  }
  await expect(page.getByRole("region", { name: "Activity over time" })).toContainText(
    `in ${full.events.length.toLocaleString("en-US")} events of this time window (event store)`,
  );
  await expect(loadingStatus(page)).toHaveText(/^50 events/);
});

test("the store page shows every source, and Refresh now refreshes them", async ({ page, request }) => {
  const before = await storeStatus(request);
  expect(before.status).toBe("open");
  await page.goto("/store");
  const table = page.getByRole("table", { name: "Sources in the store" });
  for (const source of before.sources) {
    await expect(
      table.getByRole("rowheader", { name: `${source.accountId} · ${source.region}` }),
    ).toBeVisible();
  }
  const oldest = Math.min(...before.sources.map((s) => Date.parse(s.lastRefresh ?? "") || 0));
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.getByRole("button", { name: "Refresh now" })).toBeEnabled({ timeout: 120_000 });
  const after = await storeStatus(request);
  for (const source of after.sources) {
    expect(Date.parse(source.lastRefresh ?? "")).toBeGreaterThan(oldest);
    expect(source.error).toBeNull();
  }

  // Times follow the nav's UTC/local switch, like every other page's.
  const time = table.locator(`time[datetime="${after.sources[0]?.lastRefresh}"]`).first();
  await expect(time).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  const zone = page.getByRole("group", { name: "Show times in" });
  await zone.getByRole("button", { name: "Local" }).click();
  await expect(time).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});
