import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_EVENTS, HOSTILE_PAYLOADS } from "../emulator/dataset/stories";
import { parseCsv } from "../test/support/parse-csv";
import { eventsApi, expectLoaded, fixedWindow, loadingStatus } from "./support/events-page";

/**
 * Exploring beyond one filter: combined filters, export, the activity chart's brush, facets, saved
 * views and the Insights tab, each checked against what `/api/events` answers for the same query.
 */

test.describe.configure({ timeout: 180_000 });

let window = "";

test.beforeAll(async ({ request }) => {
  window = await fixedWindow(request);
});

/** The event IDs of the rows the grid renders (it is virtualized: keep views short to see them all). */
async function shownIds(page: Page): Promise<string[]> {
  const rows = page.getByRole("grid", { name: "Events" }).locator("[role=row][data-event-id]");
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-event-id") ?? ""));
}

test("combined filters (event source, user, errors only) show exactly the rows the API returns", async ({
  page,
  request,
}) => {
  const base = `${window}&readOnly=all&eventSource=ec2.amazonaws.com&errors=only&limit=2000`;
  const errors = await eventsApi(request, base);
  expect(errors.events.length, "EC2 errors in the window").toBeGreaterThan(0);
  expect(errors.events.every((e) => e.eventSource === "ec2.amazonaws.com" && e.errorCode)).toBe(true);
  const user = errors.events.find((e) => e.username)?.username ?? "";
  const query = `${base}&username=${encodeURIComponent(user)}`;
  const expected = await eventsApi(request, query);
  expect(expected.events.length).toBeGreaterThan(0);
  expect(expected.events.every((e) => e.username === user && e.errorCode)).toBe(true);
  expect(expected.plan.lookup?.param).toBe("username");
  expect(expected.plan.serverFilters).toEqual(expect.arrayContaining(["eventSource", "errors"]));

  await page.goto(`/?${query}`);
  await expectLoaded(page, expected.events.length);
  const ids = await shownIds(page);
  expect(ids).toEqual(expected.events.slice(0, ids.length).map((e) => e.eventId));
  await expect(page.getByText(`Username=${user}`)).toBeVisible();
});

test("the exported CSV holds the table's rows, and says when it stopped short", async ({ page, request }) => {
  const query = `${window}&eventSource=iam.amazonaws.com&limit=2000`;
  const expected = await eventsApi(request, query);
  expect(expected.events.length).toBeGreaterThan(0);
  expect(expected.complete).toBe(true);
  await page.goto(`/?${query}`);
  await expectLoaded(page, expected.events.length);
  const tableIds = await shownIds(page);
  expect(tableIds.length).toBeGreaterThan(0);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^trailscope-events-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv$/);
  await expect(
    page.getByText(`Saved ${expected.events.length} events to ${file.suggestedFilename()}`),
  ).toBeVisible();
  const rows = parseCsv(await readFile(await file.path(), "utf8"));
  const header = rows[0] ?? [];
  expect(header.slice(0, 3)).toEqual(["eventTime", "eventName", "eventSource"]);
  const idColumn = header.indexOf("eventId");
  const exportedIds = rows.slice(1).map((r) => r[idColumn]);
  expect(exportedIds).toEqual(expected.events.map((e) => e.eventId));
  expect(exportedIds.slice(0, tableIds.length)).toEqual(tableIds);

  const json = await request.get(`/api/events/export?${query}&format=json`);
  expect(json.status()).toBe(200);
  expect(json.headers()["content-disposition"]).toMatch(
    /^attachment; filename="trailscope-events-.*\.json"$/,
  );
  const doc = (await json.json()) as { events: { eventId: string }[]; complete: boolean };
  expect(doc.events.map((e) => e.eventId)).toEqual(expected.events.map((e) => e.eventId));
  expect(doc.complete).toBe(true);

  // Fewer rows than match: the file says so, and so does the page.
  await page.goto(`/?${window}&eventSource=iam.amazonaws.com&limit=3`);
  await expect(loadingStatus(page)).toContainText("more match", { timeout: 90_000 });
  const cut = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const cutText = await readFile(await (await cut).path(), "utf8");
  expect(cutText.trimEnd().split("\r\n").pop()).toMatch(
    /^# trailscope: INCOMPLETE EXPORT - 3 events written; stopped at the limit of 3 events/,
  );
  await expect(page.getByRole("status").filter({ hasText: "but it is incomplete" })).toBeVisible();

  const bad = await request.get(`/api/events/export?${window}&format=xlsx&readOnly=maybe`);
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { issues: { param: string }[] };
  expect(body.issues.map((i) => i.param).sort()).toEqual(["format", "readOnly"]);
  const old = await request.get("/api/events/export?start=2000-01-01T00:00:00Z&format=csv");
  expect(old.status()).toBe(400);
  expect(((await old.json()) as { issues: { param: string }[] }).issues.map((i) => i.param)).toEqual([
    "start",
  ]);
});

test("CSV cells that a spreadsheet would run as formulas are neutralized", async ({ request }) => {
  const hostile = HOSTILE_EVENTS.find(
    (e) => e.fields.includes("errorMessage") && e.fields.includes("userAgent"),
  );
  if (!hostile) throw new Error("the demo data has no hostile error message");
  const response = await request.get(
    `/api/events/export?format=csv&range=90d&readOnly=all&eventId=${hostile.eventId}&account=${hostile.accountId}&region=${hostile.region}`,
  );
  expect(response.status()).toBe(200);
  const [header = [], row = []] = parseCsv(await response.text());
  const cell = (name: string) => row[header.indexOf(name)];
  expect(cell("eventId")).toBe(hostile.eventId);
  expect(cell("errorMessage")).toBe(`'${HOSTILE_PAYLOADS.hyperlink}`);
  expect(cell("userAgent")).toBe(HOSTILE_PAYLOADS.script);
});

test("dragging across the activity chart narrows the URL's window and the table", async ({
  page,
  request,
}) => {
  const query = `${window}&readOnly=all&eventSource=iam.amazonaws.com&limit=2000`;
  const before = await eventsApi(request, query);
  await page.goto(`/?${query}`);
  await expectLoaded(page, before.events.length);

  const chart = page.getByRole("img", { name: /^Activity chart: / });
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  if (!box) throw new Error("the chart has no box");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
  await page.mouse.up();

  await expect(page).toHaveURL(/[?&]start=[^&]+&end=|[?&]end=[^&]+.*start=/);
  const url = new URL(page.url());
  expect(url.searchParams.has("range")).toBe(false);
  const start = Date.parse(url.searchParams.get("start") ?? "");
  const end = Date.parse(url.searchParams.get("end") ?? "");
  const full = Date.parse(before.window.end) - Date.parse(before.window.start);
  expect(end - start).toBeGreaterThan(full * 0.3);
  expect(end - start).toBeLessThan(full * 0.5);

  const narrowed = await eventsApi(request, url.searchParams.toString());
  expect(narrowed.events.length).toBeLessThan(before.events.length);
  await expectLoaded(page, narrowed.events.length);
  const ids = await shownIds(page);
  expect(ids).toEqual(narrowed.events.slice(0, ids.length).map((e) => e.eventId));
  for (const e of narrowed.events) {
    expect(Date.parse(e.eventTime)).toBeGreaterThanOrEqual(start);
    expect(Date.parse(e.eventTime)).toBeLessThanOrEqual(end);
  }
});

test("a facet value becomes a filter in one click", async ({ page, request }) => {
  const query = `${window}&readOnly=all&eventSource=iam.amazonaws.com&limit=300`;
  const all = await eventsApi(request, query);
  await page.goto(`/?${query}`);
  await expectLoaded(page, all.events.length);
  // The panel is collapsed by default and its state is part of the URL.
  await expect(page.getByRole("complementary", { name: "Facets" })).toHaveCount(0);
  await page.getByRole("button", { name: "Show facets" }).click();
  await expect(page).toHaveURL(/facets=show/);
  const facets = page.getByRole("complementary", { name: "Facets" });
  const names = facets.getByRole("region", { name: "Event name facet" });
  const first = names.getByRole("button").first();
  // The button reads "<value> <count>"; its title names the filter it adds.
  const match = /^Add Event name = (.+) to the filters$/.exec((await first.getAttribute("title")) ?? "");
  expect(match).not.toBeNull();
  const name = match?.[1] ?? "";
  const count = Number((await first.textContent())?.slice(name.length).trim());
  expect(count).toBe(all.events.filter((e) => e.eventName === name).length);
  await first.click();
  await expect(page).toHaveURL(new RegExp(`eventName=${name}`));
  await expectLoaded(page, count);
});

test("a saved view reopens the same URL, and built-in views open their query", async ({ page }) => {
  const query = `${window}&readOnly=all&eventSource=iam.amazonaws.com&errors=exclude&limit=50`;
  await page.goto(`/?${query}`);
  await expect(loadingStatus(page)).not.toContainText("Loading", { timeout: 90_000 });

  await page.getByRole("button", { name: "Views" }).click();
  const dialog = page.getByRole("dialog", { name: "Views" });
  await dialog.getByRole("textbox", { name: "Save the current view as" }).fill("IAM successes");
  await dialog.getByRole("button", { name: "Save view" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Saved “IAM successes”.");
  const saved = [...new URL(page.url()).searchParams].sort();

  await page.goto("/");
  await page.getByRole("button", { name: "Views" }).click();
  await page
    .getByRole("dialog", { name: "Views" })
    .getByRole("button", { name: "IAM successes", exact: true })
    .click();
  await expect(page).toHaveURL(
    (url) => JSON.stringify([...url.searchParams].sort()) === JSON.stringify(saved),
  );
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText(
    "Event source: iam.amazonaws.com",
  );

  await page.reload();
  await page.getByRole("button", { name: "Views" }).click();
  await expect(
    page.getByRole("dialog", { name: "Views" }).getByRole("button", { name: "IAM successes", exact: true }),
  ).toBeVisible();
  await page.getByRole("dialog", { name: "Views" }).getByRole("button", { name: "Console sign-ins" }).click();
  await expect(page).toHaveURL(/\?eventName=ConsoleLogin&readOnly=all$/);
  await expect(loadingStatus(page)).not.toContainText("Loading", { timeout: 90_000 });
  await expect(page.getByText("EventName=ConsoleLogin")).toBeVisible();
});

test("the Insights tab lists insight events with their baseline and insight rates", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  const table = page.getByRole("region", { name: "Insights events" }).getByRole("table");
  await expect(table).toBeVisible({ timeout: 60_000 });
  const rows = table.getByRole("row");
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(table.getByText("Start").first()).toBeVisible();
  await expect(table.getByText("End").first()).toBeVisible();
  const firstRow = rows.nth(1);
  await expect(firstRow.getByRole("cell").nth(5)).toHaveText(/^\d+\.\d\d$/);

  const source = (await firstRow.getByRole("cell").nth(3).textContent()) ?? "";
  await page.getByRole("textbox", { name: "Event source" }).fill(source);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`eventSource=${source.replace(/\./g, "\\.")}`));
  const filtered = page.getByRole("region", { name: "Insights events" }).getByRole("table");
  for (const cell of await filtered.getByRole("row").locator("td:nth-child(4)").allTextContents()) {
    expect(cell).toBe(source);
  }

  await page.goto("/insights?username=alice");
  await expect(page.getByRole("alert").filter({ hasText: "cannot show" })).toContainText("username");
});
