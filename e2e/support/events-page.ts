import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { EventsResponse } from "../../lib/events/api-contract";

/** `/api/events` as JSON; the page's rows are checked against it. */
export async function eventsApi(request: APIRequestContext, query: string): Promise<EventsResponse> {
  const url = `/api/events?${query}`;
  // A kept-alive connection the server has just closed resets once; a fresh one answers.
  const response = await request.get(url).catch(() => request.get(url));
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as EventsResponse;
}

/** A fixed window (`start=…&end=…`), so the page and the API calls see the same events. */
export async function fixedWindow(request: APIRequestContext): Promise<string> {
  const answer = await eventsApi(request, "range=7d&limit=1");
  return `start=${encodeURIComponent(answer.window.start)}&end=${encodeURIComponent(answer.window.end)}`;
}

export function loadingStatus(page: Page) {
  return page.getByRole("region", { name: "Loading status" }).getByRole("status");
}

/** Waits until the stream has finished with `count` rows (the text starts with the count only once done). */
export async function expectLoaded(page: Page, count: number) {
  const n = count.toLocaleString("en-US");
  await expect(loadingStatus(page)).toHaveText(new RegExp(`^${n} events?( |$)`), { timeout: 90_000 });
}

/** The text of one column in the rows currently rendered (the grid is virtualized). */
export async function columnValues(page: Page, header: string): Promise<string[]> {
  const grid = page.getByRole("grid", { name: "Events" });
  const headers = await grid.getByRole("columnheader").allTextContents();
  const index = headers.findIndex((h) => h.replace(/[▲▼]/g, "").trim() === header);
  expect(index, `column ${header} among ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  const rows = grid.getByRole("row").filter({ has: page.getByRole("gridcell") });
  const values: string[] = [];
  for (const row of await rows.all())
    values.push(((await row.getByRole("gridcell").nth(index).textContent()) ?? "").trim());
  return values;
}
