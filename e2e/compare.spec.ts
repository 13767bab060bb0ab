import { expect, test, type Locator, type Page } from "@playwright/test";
import { eventsApi, fixedWindow } from "./support/events-page";

/**
 * Choosing events to compare side by side (the console's "compare up to five"), and the Events
 * table's fit on the screen sizes people use.
 */

let window = "";
test.beforeAll(async ({ request }) => {
  window = await fixedWindow(request);
});

const rowCheckboxes = (page: Page) =>
  page.getByRole("grid", { name: "Events" }).getByRole("checkbox", { name: /^Select .* to compare$/ });

test("selected events open side by side, differences marked, and the URL reopens the same view", async ({
  page,
  request,
}) => {
  const query = `${window}&readOnly=all&eventSource=iam.amazonaws.com&limit=40`;
  const answer = await eventsApi(request, query);
  expect(answer.events.length).toBeGreaterThanOrEqual(3);
  await page.goto(`/?${query}`);
  await expect(rowCheckboxes(page)).not.toHaveCount(0);
  for (let i = 0; i < 3; i++) await rowCheckboxes(page).nth(i).click();
  const bar = page.getByRole("region", { name: "Compare" });
  await expect(bar).toContainText("3 of 5 selected to compare");
  await bar.getByRole("link", { name: "Compare" }).click();

  await expect(page).toHaveURL(/\/events\/compare\?ids=/);
  const ids = new URL(page.url()).searchParams.get("ids")?.split(",") ?? [];
  expect(ids).toHaveLength(3);
  for (const id of ids) expect(id).toMatch(/^\d{12}:[a-z]+-[a-z]+-\d:.+/);

  const check = async () => {
    await expect(page.getByRole("heading", { level: 1, name: "Compare events" })).toBeVisible();
    const fields = page.getByRole("table", { name: "Compared fields" });
    // One column per event, after the field names.
    await expect(fields.getByRole("row").first().getByRole("columnheader")).toHaveCount(4);
    const field = (name: string) =>
      fields.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
    await expect(field("Event source")).toContainText("iam.amazonaws.com");
    await expect(field("Event source")).not.toHaveAttribute("data-differs");
    await expect(field("Event source").getByText("differs")).toHaveCount(0);
    const records = page.getByRole("table", { name: "Full records" });
    const eventIdRow = records
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /^eventID/ }) });
    await expect(eventIdRow).toHaveAttribute("data-differs", "true");
    await expect(eventIdRow.getByText("differs")).toBeVisible();
    for (const id of ids) await expect(eventIdRow).toContainText(id.split(":").slice(2).join(":"));
  };
  await check();
  await page.screenshot({ path: test.info().outputPath("compare.png"), fullPage: false });
  await page.reload();
  await check();
});

test("a sixth selection is refused with a message and the five stay selected", async ({ page }) => {
  await page.goto(`/?${window}&readOnly=all&limit=40`);
  await expect(rowCheckboxes(page).nth(5)).toBeVisible();
  for (let i = 0; i < 5; i++) await rowCheckboxes(page).nth(i).click();
  await rowCheckboxes(page).nth(5).click();
  const bar = page.getByRole("region", { name: "Compare" });
  await expect(bar.getByRole("alert")).toHaveText(/At most 5 events can be compared/);
  await expect(rowCheckboxes(page).nth(5)).toHaveAttribute("aria-checked", "false");
  await expect(bar).toContainText("5 of 5 selected");
  // Clearing one makes room again.
  await rowCheckboxes(page).nth(0).click();
  await rowCheckboxes(page).nth(5).click();
  await expect(rowCheckboxes(page).nth(5)).toHaveAttribute("aria-checked", "true");
  await expect(bar.getByRole("alert")).toHaveCount(0);
});

test("bad or unknown ids get a clear error", async ({ page }) => {
  await page.goto("/events/compare?ids=nope,111122223333:us-east-1:x");
  await expect(page.getByRole("alert", { name: "Query error" })).toContainText(
    '"nope" does not start with a 12-digit account ID',
  );
  await page.goto(
    "/events/compare?ids=111122223333:us-east-1:00000000-0000-4000-8000-000000000000,111122223333:us-east-1:00000000-0000-4000-8000-000000000001",
  );
  const missing = page.getByRole("alert", { name: "Events not found" });
  await expect(missing).toContainText("2 events were not found");
  await expect(missing).toContainText("111122223333:us-east-1:00000000-0000-4000-8000-000000000001");
});

/** Who, when, where, what and response: the columns that must be on screen without scrolling sideways. */
const KEY_COLUMNS = [
  "Event time",
  "Who",
  "Event name",
  "Event source",
  "Resources",
  "Region",
  "Source IP",
  "Client",
  "Response",
];

/** A column header by its label (its name also holds its resize handle's). */
const header = (grid: Locator, name: string) =>
  grid.getByRole("columnheader", { name: new RegExp(`^${name} Resize`) });

async function expectColumnsInView(page: Page, width: number) {
  const grid = page.getByRole("grid", { name: "Events" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  const gridBox = await grid.boundingBox();
  expect(gridBox).not.toBeNull();
  for (const name of KEY_COLUMNS) {
    const box = await header(grid, name).boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.x, name).toBeGreaterThanOrEqual(gridBox!.x);
    expect(box!.x + box!.width, name).toBeLessThanOrEqual(Math.min(width, gridBox!.x + gridBox!.width) + 1);
  }
  const overflow = await grid.evaluate((el) => ({
    grid: el.scrollWidth - el.clientWidth,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  expect(overflow).toEqual({ grid: 0, page: 0 });
}

for (const [width, height] of [
  [1440, 900],
  [1280, 800],
] as const) {
  test(`at ${width}×${height} every who/when/where/what/response column is in view`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`/?${window}&readOnly=all&limit=200`);
    await expectColumnsInView(page, width);
    await page.screenshot({ path: test.info().outputPath(`events-${width}.png`) });
  });
}

test("at 1280 px with the facet panel open the page does not scroll sideways", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/?${window}&readOnly=all&limit=200&facets=show`);
  await expect(page.getByRole("complementary", { name: "Facets" })).toBeVisible();
  const grid = page.getByRole("grid", { name: "Events" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBe(0);
  // Whatever does not fit scrolls inside the table, and the response column can be reached.
  const response = header(grid, "Response");
  await response.scrollIntoViewIfNeeded();
  await expect(response).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath("events-1280-facets.png") });
  await page.getByRole("button", { name: "Hide facets" }).click();
  await expect(page).not.toHaveURL(/facets=/);
  await expectColumnsInView(page, 1280);
});
