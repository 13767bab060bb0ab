import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demoStory } from "../emulator/dataset/stories";
import type { StoreStatus } from "../lib/sync/store-status";

/**
 * "Who deleted…?" against the real stack (launcher, emulator, production build): from a resource link
 * in the Events table, or the Events page's search box, to the verdict.
 */

test.describe.configure({ timeout: 120_000 });

const verdictCard = (page: Page) => page.getByRole("region", { name: /^(Deleted|Not deleted|Unknown)$/ });

test("a resource link in an Events table row opens its investigation and the deletion verdict", async ({
  page,
}) => {
  const story = demoStory("prod-ec2-sso-terminate");
  await page.goto(`/?resourceName=${story.resourceName}&range=90d`);
  const grid = page.getByRole("grid", { name: "Events" });
  await grid.getByRole("link", { name: story.resourceName, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/investigate\\?resource=${story.resourceName}$`));

  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toContainText(story.expected.deleterDisplay!);
  await expect(verdict).toContainText("TerminateInstances in us-east-1");
  await expect(page.getByRole("region", { name: /Lifecycle timeline/ }).getByRole("listitem")).toHaveCount(
    story.expected.eventCount!,
  );
  await page.screenshot({ path: "test-results/investigate-verdict.png", fullPage: true });

  await verdict.getByRole("link", { name: "Open the deletion event" }).click();
  await expect(page).toHaveURL(
    new RegExp(
      `/events/${story.expected.deletionEventId}\\?account=${story.accountId}&region=${story.region}$`,
    ),
  );
});

test("the Events page's who-deleted box finds every cycle of a reused name", async ({ page }) => {
  const story = demoStory("dev-lambda-orders-reused");
  await page.goto("/");
  const box = page.getByRole("search", { name: "Who deleted a resource" });
  await box.getByRole("searchbox", { name: "Who deleted…?" }).fill(story.resourceName);
  await box.getByRole("button", { name: "Investigate" }).click();
  await expect(page).toHaveURL(/\/investigate\?resource=orders$/);

  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toContainText(`deleted by ${story.expected.deleterDisplay}`);
  await expect(verdict).toContainText("used 2 times");
  await expect(page.getByRole("region", { name: /Lifecycles/ }).getByRole("listitem")).toHaveCount(2);
  const timeline = page.getByRole("region", { name: /Lifecycle timeline/ });
  await expect(timeline.getByRole("listitem")).toHaveCount(story.expected.eventCount!);
  await expect(timeline).not.toContainText("orders-archive");
});

test("failed attempts are listed apart from the deletion", async ({ page }) => {
  const story = demoStory("prod-bucket-failed-attempts");
  await page.goto(`/investigate?resource=${story.resourceName}`);
  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toContainText(`deleted by ${story.expected.deleterDisplay}`);
  const failed = page.getByRole("region", { name: /Failed delete attempts/ });
  await expect(failed.getByRole("row")).toHaveCount(1 + story.expected.failedAttempts!);
  await expect(failed).toContainText("AccessDenied");
  await expect(failed).toContainText("BucketNotEmpty");
});

test("the root user is flagged as root", async ({ page }) => {
  await page.goto(`/investigate?resource=${demoStory("management-root-bucket").resourceName}`);
  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toContainText("root user");
});

test("an unknown name shows progress, then explains the unknown verdict and what to try", async ({
  page,
}) => {
  await page.goto(`/investigate?resource=${demoStory("dev-unknown-name").resourceName}`);
  await expect(page.getByRole("region", { name: "Search progress" }).getByRole("status")).toContainText(
    "Searching",
  );
  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Unknown" })).toBeVisible({ timeout: 90_000 });
  await expect(verdict).toContainText("90 days");
  await expect(verdict).toContainText("What to try next");
  await page.screenshot({ path: "test-results/investigate-unknown.png", fullPage: true });
});

test("a bad parameter is named on the page", async ({ page }) => {
  await page.goto("/investigate?resource=orders&region=moon-1");
  const alert = page.getByRole("alert").filter({ hasText: "The search was rejected" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("region");
});

/** Until the store holds the source's whole Event history (the backfill is done and nothing failed). */
async function waitForSync(request: APIRequestContext, accountId: string, region: string) {
  await expect
    .poll(
      async () => {
        const status = (await (await request.get("/api/store/status")).json()) as StoreStatus;
        const source = status.sources.find((s) => s.accountId === accountId && s.region === region);
        return source?.backfill.done === true && source.error === null;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe(true);
}

test("an investigation seen again is answered from the store with no API call", async ({ page, request }) => {
  test.setTimeout(240_000);
  const role = demoStory("management-iam-role");
  // An ARN names one source: the management account's us-east-1, where IAM is recorded.
  await page.goto(`/investigate?resource=${encodeURIComponent(role.resourceArn!)}`);
  const verdict = verdictCard(page);
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  // The first investigation started the source's sync.
  await waitForSync(request, role.accountId, "us-east-1");

  await page.reload();
  await expect(verdict.getByRole("heading", { name: "Deleted" })).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toContainText(role.expected.deleterDisplay!);
  const line = page.getByLabel("Event store");
  await expect(line).toContainText("Answered from the store · as of");
  await expect(line).toContainText("0 API calls");
  await page.screenshot({ path: "test-results/investigate-from-store.png", fullPage: true });
});
