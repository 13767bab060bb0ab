import { expect, test, type Page } from "@playwright/test";
import { columnValues, eventsApi, expectLoaded, fixedWindow, loadingStatus } from "./support/events-page";

/**
 * The Events page against the real stack: the launcher's emulator, `/api/events` and the production
 * build. Every check on the table is compared with what `/api/events` answers for the same URL.
 */

test.describe.configure({ timeout: 180_000 });

let window = "";

test.beforeAll(async ({ request }) => {
  window = await fixedWindow(request);
});

/** Waits until the first load of a page has finished and returns the number of rows it reports. */
async function loadedCount(page: Page): Promise<number> {
  await expect(loadingStatus(page)).not.toContainText("Loading", { timeout: 90_000 });
  const text = (await loadingStatus(page).textContent()) ?? "";
  const match = /([\d,]+) events?/.exec(text);
  expect(match, `status text: ${text}`).not.toBeNull();
  return Number(match?.[1]?.replace(/,/g, ""));
}

const COLUMNS = "columns=when,eventName,eventId,username,eventSource,region";

test("the default view shows only create, modify and delete events, and one click adds read-only ones", async ({
  page,
  request,
}) => {
  const writes = await eventsApi(request, `${window}&limit=300`);
  expect(writes.events.length).toBeGreaterThan(0);
  expect(writes.events.every((e) => !e.readOnly)).toBe(true);

  await page.goto(`/?${window}&limit=300&${COLUMNS}`);
  await expect(page.getByText("Read-only: false (create, modify, delete)")).toBeVisible();
  await expectLoaded(page, writes.events.length);
  const shownIds = await columnValues(page, "Event ID");
  expect(shownIds.length).toBeGreaterThan(5);
  expect(shownIds).toEqual(writes.events.slice(0, shownIds.length).map((e) => e.eventId));

  await page.getByRole("button", { name: "Include read-only events" }).click();
  await expect(page).toHaveURL(/readOnly=all/);
  await expect(page.getByText("Read-only: all (reads and writes)")).toBeVisible();
  const all = await eventsApi(request, `${window}&limit=300&readOnly=all`);
  expect(all.events.some((e) => e.readOnly)).toBe(true);
  await expectLoaded(page, all.events.length);
  const allIds = await columnValues(page, "Event ID");
  expect(allIds).toEqual(all.events.slice(0, allIds.length).map((e) => e.eventId));
  const readIds = new Set(all.events.filter((e) => e.readOnly).map((e) => e.eventId));
  expect(allIds.some((id) => readIds.has(id))).toBe(true);

  await page.getByRole("button", { name: "Read-only only" }).click();
  await expect(page).toHaveURL(/readOnly=true/);
  const reads = await eventsApi(request, `${window}&limit=300&readOnly=true`);
  await expectLoaded(page, reads.events.length);
  const readOnlyIds = await columnValues(page, "Event ID");
  expect(readOnlyIds.every((id) => reads.events.some((e) => e.eventId === id && e.readOnly))).toBe(true);
});

test("each lookup filter narrows the table to what /api/events answers", async ({ page, request }) => {
  const base = `${window}&readOnly=all&limit=2000`;
  const everything = await eventsApi(request, base);
  const sample = everything.events.find(
    (e) => e.username && e.accessKeyId && e.resources.some((r) => r.type),
  );
  expect(sample, "an event with a user, an access key and a typed resource").toBeDefined();
  if (!sample) return;
  const resource = sample.resources.find((r) => r.type);
  const filters: [string, string, string][] = [
    ["Event name", "eventName", sample.eventName],
    ["User name", "username", sample.username ?? ""],
    ["Event source", "eventSource", sample.eventSource],
    ["Resource type", "resourceType", resource?.type ?? ""],
    ["Resource name", "resourceName", resource?.name ?? ""],
    ["Event ID", "eventId", sample.eventId],
    ["Access key", "accessKeyId", sample.accessKeyId ?? ""],
  ];

  await page.goto(`/?${base}&${COLUMNS}`);
  const unfiltered = await loadedCount(page);
  for (const [label, param, value] of filters) {
    await page.getByRole("combobox", { name: "Filter attribute" }).selectOption({ label });
    await page.getByRole("textbox", { name: "Filter value" }).fill(value);
    await page.getByRole("button", { name: "Add filter" }).click();
    await expect(page).toHaveURL(new RegExp(`${param}=`));
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText(`${label}: ${value}`);
    const expected = await eventsApi(request, `${base}&${param}=${encodeURIComponent(value)}`);
    await expectLoaded(page, expected.events.length);
    const count = expected.events.length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(unfiltered);
    const ids = await columnValues(page, "Event ID");
    expect(ids).toEqual(expected.events.slice(0, ids.length).map((e) => e.eventId));
    if (param === "eventId") expect(ids).toEqual([sample.eventId]);
    await page.getByRole("button", { name: `Remove filter ${label}` }).click();
    await expect(page).not.toHaveURL(new RegExp(`${param}=`));
    await expectLoaded(page, unfiltered);
  }

  const region = sample.awsRegion;
  await page.getByRole("combobox", { name: "Region" }).selectOption(region);
  await expect(page).toHaveURL(new RegExp(`region=${region}`));
  const inRegion = await eventsApi(request, `${base}&region=${region}`);
  await expectLoaded(page, inRegion.events.length);
  const regions = await columnValues(page, "Region");
  expect(new Set(regions)).toEqual(new Set([region]));
});

test("the URL holds the view: reload and back/forward keep filters, columns and sort", async ({
  page,
  request,
}) => {
  await page.goto(`/?${window}&limit=200`);
  await loadedCount(page);

  await page.getByRole("button", { name: "Include read-only events" }).click();
  await expect(page).toHaveURL(/readOnly=all/);
  await page.getByRole("combobox", { name: "Filter attribute" }).selectOption({ label: "Event source" });
  await page.getByRole("textbox", { name: "Filter value" }).fill("ec2.amazonaws.com");
  await page.getByRole("button", { name: "Add filter" }).click();
  await expect(page).toHaveURL(/eventSource=ec2\.amazonaws\.com/);
  await page.getByRole("button", { name: "Event name" }).click();
  await expect(page).toHaveURL(/sort=eventName\.asc/);
  await page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "Local" }).click();
  await expect(page).toHaveURL(/tz=local/);
  const count = (await eventsApi(request, `${window}&limit=200&readOnly=all&eventSource=ec2.amazonaws.com`))
    .events.length;
  await expectLoaded(page, count);

  const checkView = async () => {
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText(
      "Event source: ec2.amazonaws.com",
    );
    await expect(page.getByText("Read-only: all (reads and writes)")).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Event name" })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect(
      page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "Local" }),
    ).toHaveAttribute("aria-pressed", "true");
    await expectLoaded(page, count);
    const names = await columnValues(page, "Event name");
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  };

  await page.reload();
  await checkView();

  await page.goBack();
  await expect(page).not.toHaveURL(/tz=local/);
  await expect(
    page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "UTC" }),
  ).toHaveAttribute("aria-pressed", "true");
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
  await expect(page.getByRole("columnheader", { name: "Event time" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await page.goBack();
  await expect(page).not.toHaveURL(/eventSource=/);
  await expect(page.getByRole("list", { name: "Active filters" })).not.toContainText("Event source");

  await page.goForward();
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(/tz=local/);
  await checkView();
});

test("load more continues a truncated answer without skipping or repeating events", async ({
  page,
  request,
}) => {
  const expected = await eventsApi(request, `${window}&readOnly=all&limit=120`);
  expect(expected.events.length).toBe(120);
  const first = await eventsApi(request, `${window}&readOnly=all&limit=60`);
  expect(first.truncated).toBe(true);

  await page.goto(`/?${window}&readOnly=all&limit=60&${COLUMNS}`);
  await expectLoaded(page, 60);
  await expect(loadingStatus(page)).toContainText("load more");
  await page.getByRole("button", { name: "Load more" }).click();
  await expectLoaded(page, 120);

  const grid = page.getByRole("grid", { name: "Events" });
  await grid.focus();
  await page.keyboard.press("End");
  await expect(grid.getByRole("row", { selected: true })).toHaveAttribute("aria-rowindex", "121");
  const tail = await columnValues(page, "Event ID");
  expect(tail).toEqual(expected.events.slice(120 - tail.length).map((e) => e.eventId));
  expect(new Set(tail).size).toBe(tail.length);
});

test("the detail view opens by click and by keyboard, has its own URL, and back returns to the table", async ({
  page,
  request,
}) => {
  const answer = await eventsApi(request, `${window}&limit=50`);
  const [first, second] = answer.events;
  expect(second).toBeDefined();
  if (!first || !second) return;

  await page.goto(`/?${window}&limit=50`);
  await loadedCount(page);
  const grid = page.getByRole("grid", { name: "Events" });
  await grid.getByRole("row").nth(1).click();
  await expect(page).toHaveURL(new RegExp(`event=${first.eventId}`));
  const panel = page.getByRole("complementary", { name: "Event details" });
  await expect(panel.getByRole("heading", { name: first.eventName, level: 2 })).toBeVisible();
  await expect(panel.getByRole("region", { name: "Full record" })).toContainText(first.eventId);
  await expect(panel.getByRole("region", { name: "Who" })).toContainText(first.who.display);

  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(page).not.toHaveURL(/event=/);

  await grid.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`event=${second.eventId}`));
  await expect(panel.getByRole("region", { name: "Full record" })).toContainText(second.eventId);

  const tableUrl = page.url();
  await panel.getByRole("link", { name: "Open event page" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/events/${second.eventId}\\?account=${second.accountId}&region=${second.awsRegion}`),
  );
  await expect(page.getByRole("heading", { name: second.eventName, level: 2 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Full record" })).toContainText(
    `"eventID": "${second.eventId}"`,
  );
  await expect(page.getByRole("region", { name: "Who" })).toContainText(second.who.display);

  await page.goBack();
  await expect(page).toHaveURL(tableUrl);
  await expect(page.getByRole("complementary", { name: "Event details" })).toContainText(second.eventId);

  await page.goto(`/events/${second.eventId}?account=${second.accountId}&region=${second.awsRegion}`);
  await expect(page.getByRole("region", { name: "Full record" })).toContainText(second.eventId);
});

test("an unknown event and a bad parameter show readable errors", async ({ page }) => {
  await page.goto("/?readOnly=maybe");
  const alert = page.getByRole("alert", { name: "Query error" });
  await expect(alert).toContainText("readOnly");
  await expect(alert).toContainText(/"false" \| "true" \| "all"|false.*true.*all/);

  await page.goto("/?columns=when,bogus&range=2y");
  await expect(alert).toContainText("columns");
  await expect(alert).toContainText("bogus");
  await expect(alert).toContainText("range");
  await alert.getByRole("link", { name: "Open the default view" }).click();
  await expect(page.getByText("Read-only: false (create, modify, delete)")).toBeVisible();

  await page.goto("/events/00000000-0000-0000-0000-000000000000?account=111122223333&region=us-east-1");
  await expect(page.getByRole("heading", { name: "Event not found" })).toBeVisible();
  await page.goto("/events/abc?account=nope&region=us-east-1");
  await expect(page.getByRole("alert", { name: "Query error" })).toContainText("account");
});

test("the column chooser changes the columns and the URL; headers sort the rows", async ({ page }) => {
  await page.goto(`/?${window}&limit=100`);
  await loadedCount(page);
  const grid = page.getByRole("grid", { name: "Events" });
  await expect(grid.getByRole("columnheader", { name: "Event ID" })).toHaveCount(0);

  await page.getByRole("button", { name: "Columns" }).click();
  const chooser = page.getByRole("group", { name: "Visible columns" });
  // The boxes reflect the URL, which updates just after the click: assert the state, don't assume it.
  await chooser.getByRole("checkbox", { name: "Event ID" }).click();
  await expect(chooser.getByRole("checkbox", { name: "Event ID" })).toBeChecked();
  await chooser.getByRole("checkbox", { name: "Region" }).click();
  await expect(chooser.getByRole("checkbox", { name: "Region" })).not.toBeChecked();
  await expect(page).toHaveURL(/columns=[^&]*eventId/);
  await expect(page).not.toHaveURL(/columns=[^&]*region/);
  await expect(grid.getByRole("columnheader", { name: "Event ID" })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Region" })).toHaveCount(0);
  const ids = await columnValues(page, "Event ID");
  expect(ids.every((id) => id.length > 0)).toBe(true);

  await page.reload();
  await expect(grid.getByRole("columnheader", { name: "Event ID" })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Region" })).toHaveCount(0);

  await grid.getByRole("button", { name: "Event time" }).click();
  await expect(page).toHaveURL(/sort=when\.asc/);
  const times = await columnValues(page, "Event time");
  expect(times).toEqual([...times].sort());

  await page.getByRole("button", { name: "Columns" }).click();
  await chooser.getByRole("button", { name: "Reset to default columns" }).click();
  await expect(page).not.toHaveURL(/columns=/);
  await expect(grid.getByRole("columnheader", { name: "Region" })).toBeVisible();
});
