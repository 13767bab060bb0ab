import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import { extraPort, startAppServer, type AppServer } from "./support/app-server";
import { columnValues, loadingStatus } from "./support/events-page";

/**
 * The account switcher on the Events page and the investigation: every configured account by name
 * and ID, "All accounts", several at once, written to the URL; each row names its account; and an
 * account whose role cannot be assumed is named with what to do while the others' rows stay.
 */

const id = (name: string) => DEMO_ACCOUNTS.find((a) => a.name === name)!.id;

async function waitLoaded(page: Page) {
  await expect(loadingStatus(page)).not.toContainText("Loading", { timeout: 90_000 });
}

test("the switcher chooses accounts, writes account= to the URL, and every row names its account", async ({
  page,
}) => {
  await page.goto("/?range=1d&readOnly=all&limit=300");
  await waitLoaded(page);
  const switcher = page.getByRole("group").filter({ hasText: "All accounts" });
  await page.getByText("Accounts:").click();
  for (const account of DEMO_ACCOUNTS) {
    await expect(switcher.getByRole("checkbox", { name: `${account.name} ${account.id}` })).toBeChecked();
  }
  // Several accounts are read, so the Account column is shown without asking.
  const every = DEMO_ACCOUNTS.map((a) => `${a.name} ${a.id}`);
  const all = new Set(await columnValues(page, "Account"));
  expect(all.size).toBeGreaterThan(1);
  expect([...all].every((a) => every.includes(a))).toBe(true);

  await switcher.getByRole("checkbox", { name: `management ${id("management")}` }).click();
  await expect(page).toHaveURL(new RegExp(`account=${id("prod")}%2C${id("dev")}`));
  await waitLoaded(page);
  await expect
    .poll(async () => {
      const shown = new Set(await columnValues(page, "Account"));
      return (
        shown.size > 0 && [...shown].every((a) => a === `dev ${id("dev")}` || a === `prod ${id("prod")}`)
      );
    })
    .toBe(true);

  await switcher.getByRole("checkbox", { name: `dev ${id("dev")}` }).click();
  await expect(page).toHaveURL(new RegExp(`account=${id("prod")}(&|$)`));
  await waitLoaded(page);
  await expect(page.getByText(`prod (${id("prod")})`).first()).toBeVisible();
  // The last account cannot be unchecked: "no account" is not a view.
  await expect(switcher.getByRole("checkbox", { name: `prod ${id("prod")}` })).toBeDisabled();

  await switcher.getByRole("checkbox", { name: "All accounts" }).click();
  await expect(page).toHaveURL(/account=all/);
  await waitLoaded(page);
  await expect.poll(async () => new Set(await columnValues(page, "Account")).size).toBeGreaterThan(1);
});

test("the investigation searches the accounts chosen in its switcher", async ({ page }) => {
  await page.goto(`/investigate?resource=no-such-bucket-e2e&account=${id("dev")}&range=1d`);
  await expect(page.getByRole("group").filter({ hasText: "All accounts" })).toHaveCount(1);
  await expect(page.getByText(`dev (${id("dev")})`)).toBeVisible();
  await page.getByText("Accounts:").click();
  await page.getByRole("checkbox", { name: `prod ${id("prod")}` }).click();
  await expect(page).toHaveURL(
    new RegExp(`account=${id("prod")}%2C${id("dev")}|account=${id("dev")}%2C${id("prod")}`),
  );
  await expect(page.getByText(/No events found for/)).toBeVisible({ timeout: 60_000 });
});

test.describe("an account whose role cannot be assumed", () => {
  test.describe.configure({ timeout: 180_000 });
  let emulator: RunningEmulator;
  let app: AppServer;

  test.beforeAll(async () => {
    emulator = await startEmulator({ eventCount: 3000, rate: 100 });
    // The aws source against the emulator through the SDK's own endpoint setting; dev's role wants another external ID.
    app = await startAppServer({
      port: extraPort(1),
      env: {
        TRAILSCOPE_SOURCE: "aws",
        TRAILSCOPE_REGIONS: "us-east-1,eu-west-1",
        TRAILSCOPE_RATE: "50",
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: `AKIA${id("management")}DEMO`,
        AWS_SECRET_ACCESS_KEY: "accounts-e2e-secret",
        AWS_REGION: "us-east-1",
        TRAILSCOPE_ACCOUNTS: JSON.stringify([
          { id: id("management"), name: "management" },
          { id: id("prod"), name: "prod", roleArn: `arn:aws:iam::${id("prod")}:role/TrailscopeReadOnly` },
          {
            id: id("dev"),
            name: "dev",
            roleArn: `arn:aws:iam::${id("dev")}:role/TrailscopeReadOnly`,
            externalId: "not-the-right-one",
          },
        ]),
      },
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await emulator?.close();
  });

  test("is named with what to do, while the other accounts' rows stay", async ({ page }) => {
    await page.goto(`${app.url}/?range=1d&readOnly=all&limit=400`);
    await waitLoaded(page);
    const failure = page.getByRole("alert").filter({ hasText: "failed" });
    await expect(failure).toContainText(`dev (${id("dev")})`);
    await expect(failure).toContainText("AccessDenied");
    await expect(failure).toContainText(/trust policy .*external ID/);
    await expect(loadingStatus(page)).toContainText("incomplete");
    const accounts = new Set(await columnValues(page, "Account"));
    expect([...accounts].sort()).toEqual([`management ${id("management")}`, `prod ${id("prod")}`]);
  });
});
