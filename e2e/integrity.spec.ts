import { expect, test } from "@playwright/test";
import path from "node:path";
import { LocalObjectStore } from "../lib/trail-files/local-store";
import { tamperArchive } from "../lib/integrity/tamper";

const ORG_TRAIL = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail";
const MEMBER = "444455556666";
// The same folder the launcher gives the emulator (playwright.config.ts).
const archiveDir = path.resolve(process.env.TRAILSCOPE_DATA_DIR ?? ".data/e2e", "archive");

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const hourEnd = () => Math.floor(Date.now() / 3_600_000) * 3_600_000;

// Serial: the second test damages the archive the first one reads intact.
test.describe.configure({ mode: "serial" });

test.describe("Log integrity page", () => {
  test("validates the organization trail's chain for a member account", async ({ page }) => {
    await page.goto("/integrity");
    await expect(page.getByRole("heading", { level: 1, name: "Log integrity" })).toBeVisible();
    await page.getByRole("combobox", { name: "Trail", exact: true }).selectOption(ORG_TRAIL);
    await page.getByRole("combobox", { name: "Account (organization member)" }).selectOption(MEMBER);
    await page.getByLabel("Start (UTC)").fill(minute(hourEnd() - 6 * 3_600_000));
    await page.getByLabel("End (UTC)").fill(minute(Date.now()));
    await page.getByRole("button", { name: "Validate" }).click();

    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary.getByRole("heading", { name: "All files valid" })).toBeVisible();
    await expect(summary.getByText(/^(\d+)\/\1 digest files valid$/)).toBeVisible();
    const chain = page.getByRole("region", { name: "Digest chain" });
    await expect(chain.getByText("valid", { exact: true }).first()).toBeVisible();
    await expect(chain.getByText(/^INVALID/)).toHaveCount(0);
  });

  test("validates with the page's own defaults: the organization trail and its own account", async ({
    page,
  }) => {
    await page.goto("/integrity");
    await expect(page.getByRole("combobox", { name: "Trail", exact: true })).toHaveValue(ORG_TRAIL);
    const account = page.getByRole("combobox", { name: "Account (organization member)" });
    await expect(account).toHaveValue("111122223333");
    // The members found in the trail's bucket are offered, not typed.
    await expect(account.getByRole("option")).toHaveText([/^111122223333/, /^444455556666/, /^777788889999/]);
    await page.getByRole("button", { name: "Validate" }).click();

    await expect(page).toHaveURL(/account=111122223333/);
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary.getByRole("heading", { name: "All files valid" })).toBeVisible();
    await expect(summary.getByText(/^Account 111122223333, digests of region us-east-1/)).toBeVisible();
    await expect(summary.getByText(/^([1-9]\d*)\/\1 digest files valid$/)).toBeVisible();
    await expect(page.getByText(/is required|Validation failed/)).toHaveCount(0);
  });

  test("shows each tampered file as INVALID with the CLI's reason", async ({ page }) => {
    await tamperArchive({
      store: new LocalObjectStore(archiveDir),
      bucket: "trailscope-demo-central-logs",
      digestFolder: `AWSLogs/o-demo1example/${MEMBER}/CloudTrail-Digest/us-east-1/`,
    });
    const query = new URLSearchParams({
      trailArn: ORG_TRAIL,
      account: MEMBER,
      start: minute(hourEnd() - 14 * 3_600_000),
      end: minute(Date.now()),
    });
    await page.goto(`/integrity?${query}`);
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary.getByRole("heading", { name: "Integrity problems found" })).toBeVisible();
    await expect(summary.getByText(/, 6\/\d+ digest files INVALID$/)).toBeVisible();
    await expect(summary.getByText(/, 3\/\d+ log files INVALID$/)).toBeVisible();
    const chain = page.getByRole("region", { name: "Digest chain" });
    for (const reason of [
      "INVALID: hash value doesn't match",
      "INVALID: signature verification failed",
      "INVALID: has been moved from its original location",
      "INVALID: invalid format",
    ]) {
      await expect(chain.getByText(reason).first()).toBeVisible();
    }
    await expect(chain.getByText("INVALID: not found")).toHaveCount(3);
    await expect(chain.getByText(/^INVALID: public key not found in region us-east-1/)).toBeVisible();
  });

  test("GET /api/integrity names a bad parameter with 400", async ({ request }) => {
    const response = await request.get("/api/integrity?trailArn=nope&start=yesterday");
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { issues: { param: string }[] };
    expect(body.issues.map((i) => i.param).sort()).toEqual(["start", "trailArn"]);
  });
});
