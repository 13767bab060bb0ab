import { expect, test, type APIResponse } from "@playwright/test";
import type { BadRequestBody } from "../lib/events/api-contract";
import type { CheckResult } from "../lib/cross-account/policy-checker";

/**
 * `/setup/cross-account` and its two routes on the production build: the form owns the URL, the page
 * shows the same policy the API returns, and a pasted policy's problems are named per statement and
 * per account.
 */

const page = "/setup/cross-account";

test("opens on the demo organization's accounts", async ({ page: p }) => {
  await p.goto(page);
  await expect(p.getByRole("heading", { name: "Cross-account logging" })).toBeVisible();
  await expect(p.getByRole("textbox", { name: "Destination bucket" })).toHaveValue(
    "trailscope-demo-central-logs",
  );
  await expect(p.getByRole("textbox", { name: "Account IDs" })).toHaveValue(
    "111122223333,444455556666,777788889999",
  );
  const policy = p.getByLabel("Generated bucket policy");
  for (const id of ["111122223333", "444455556666", "777788889999"]) {
    await expect(policy).toContainText(`arn:aws:s3:::trailscope-demo-central-logs/AWSLogs/${id}/*`);
  }
});

test("the form puts its values in the URL and shows the matching policy and steps", async ({
  page: p,
  request,
}) => {
  await p.goto(page);
  await p.getByRole("textbox", { name: "Destination bucket" }).fill("acme-central-trail");
  await p.getByRole("textbox", { name: "Key prefix (optional)" }).fill("/audit/");
  await p.getByRole("textbox", { name: "Account IDs" }).fill("111122223333, 444455556666");
  await p.getByRole("textbox", { name: "Trail name" }).fill("org-audit");
  await p.getByRole("button", { name: "Generate policy" }).click();

  await expect(p).toHaveURL(/bucket=acme-central-trail/);
  const url = new URL(p.url());
  expect(url.searchParams.get("prefix")).toBe("/audit/");
  expect(url.searchParams.get("trailName")).toBe("org-audit");

  const policy = p.getByLabel("Generated bucket policy");
  await expect(policy).toContainText("arn:aws:s3:::acme-central-trail/audit/AWSLogs/444455556666/*");
  await expect(policy).toContainText("arn:aws:cloudtrail:us-east-1:444455556666:trail/org-audit");

  // The page shows exactly what the API returns for the same query.
  const api = await request.get(`/api/setup/cross-account/policy?${url.searchParams.toString()}`);
  expect(api.status()).toBe(200);
  expect(JSON.parse((await policy.textContent()) ?? "")).toEqual(await api.json());

  const steps = p.getByRole("listitem").filter({ has: p.getByRole("heading", { level: 3 }) });
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText("1. Turn on CloudTrail in the account that owns the bucket");
  await expect(steps.nth(0)).toContainText("--profile acct-111122223333");
  await expect(steps.nth(1)).toContainText("2. Update the bucket policy");
  await expect(steps.nth(1)).toContainText("aws s3api put-bucket-policy --bucket acme-central-trail");
  await expect(steps.nth(2)).toContainText("3. Turn on CloudTrail in each of the other accounts");
  await expect(steps.nth(2)).toContainText("aws cloudtrail create-trail --name org-audit");
  await expect(steps.nth(2)).toContainText("--s3-key-prefix audit");
  await expect(steps.nth(2)).toContainText("--profile acct-444455556666");
  await expect(steps.nth(2)).toContainText("aws cloudtrail start-logging --name org-audit");

  // Reloading the URL restores the form.
  await p.reload();
  await expect(p.getByRole("textbox", { name: "Destination bucket" })).toHaveValue("acme-central-trail");
  await expect(p.getByRole("textbox", { name: "Trail name" })).toHaveValue("org-audit");
});

test("the organization trail toggle switches to the organization folder", async ({ page: p }) => {
  await p.goto(page);
  await p.getByRole("checkbox", { name: "Organization trail" }).check();
  await p.getByRole("textbox", { name: "Organization ID" }).fill("o-demo1example");
  await p.getByRole("button", { name: "Generate policy" }).click();
  await expect(p).toHaveURL(/organizationId=o-demo1example/);
  await expect(p.getByLabel("Generated bucket policy")).toContainText(
    "arn:aws:s3:::trailscope-demo-central-logs/AWSLogs/o-demo1example/*",
  );
  await expect(p.getByText("--is-organization-trail")).toBeVisible();
});

test("copies the policy", async ({ page: p, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await p.goto(page);
  await p.getByRole("button", { name: "Copy policy" }).click();
  await expect(p.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await p.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await p.getByLabel("Generated bucket policy").textContent());
});

test("a pasted policy's problems are named by statement and account", async ({ page: p, request }) => {
  await p.goto(page);
  const good = (await (
    await request.get(
      "/api/setup/cross-account/policy?bucket=trailscope-demo-central-logs&accounts=111122223333,444455556666,777788889999",
    )
  ).json()) as {
    Statement: { Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
  };
  // Break it: drop prod's folder and the ACL condition.
  const write = good.Statement[1]!;
  write.Resource = (write.Resource as string[]).filter((r) => !r.includes("444455556666"));
  delete write.Condition!.StringEquals!["s3:x-amz-acl"];

  await p.getByRole("textbox", { name: "Existing bucket policy" }).fill(JSON.stringify(good, null, 2));
  await p.getByRole("button", { name: "Check policy" }).click();
  const findings = p.getByRole("list", { name: "Findings" });
  await expect(findings).toContainText("Account 444455556666 is missing from the PutObject resources");
  await expect(findings).toContainText('no "s3:x-amz-acl": "bucket-owner-full-control" condition');
  const table = p.getByRole("table", { name: "Delivery by account" });
  await expect(table.getByRole("row").filter({ hasText: "444455556666" })).toContainText("no");
  await expect(table.getByRole("row").filter({ hasText: "111122223333" })).toContainText("yes");
  await expect(p.getByRole("status").filter({ hasText: "1 of 3 accounts cannot deliver" })).toBeVisible();

  await p.getByRole("textbox", { name: "Existing bucket policy" }).fill("{ this is not json");
  await p.getByRole("button", { name: "Check policy" }).click();
  await expect(findings).toContainText("The policy is not valid JSON");
});

test("renders policy text as text, never as HTML", async ({ page: p }) => {
  await p.goto(page);
  const sid = `<img src=x onerror="document.title='pwned'">`;
  await p.getByRole("textbox", { name: "Existing bucket policy" }).fill(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: sid,
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: "arn:aws:s3:::trailscope-demo-central-logs/*",
        },
      ],
    }),
  );
  await p.getByRole("button", { name: "Check policy" }).click();
  const findings = p.getByRole("list", { name: "Findings" });
  await expect(findings).toContainText(sid);
  await expect(findings.locator("img")).toHaveCount(0);
  expect(await p.title()).not.toBe("pwned");
});

test("invalid URL values are listed by field instead of a policy", async ({ page: p }) => {
  await p.goto(`${page}?bucket=Bad_Bucket&accounts=123`);
  const alert = p.getByRole("alert").filter({ hasText: "Fix these fields" });
  await expect(alert).toContainText("bucket");
  await expect(alert).toContainText("is not a 12-digit account ID");
  await expect(p.getByLabel("Generated bucket policy")).toHaveCount(0);
});

test.describe("API", () => {
  async function expect400(response: APIResponse, param: string, status = 400) {
    expect(response.status()).toBe(status);
    const body = (await response.json()) as BadRequestBody;
    expect(body.error).toBe("bad_request");
    expect(body.issues.map((i) => i.param)).toContain(param);
  }

  test("GET policy validates each parameter", async ({ request }) => {
    const get = (q: string) => request.get(`/api/setup/cross-account/policy?${q}`);
    await expect400(await get("accounts=111122223333"), "bucket");
    await expect400(await get("bucket=UPPER&accounts=111122223333"), "bucket");
    await expect400(await get("bucket=central-logs&accounts=1234"), "accounts");
    await expect400(await get("bucket=central-logs&accounts=111122223333&prefix=a//b"), "prefix");
    await expect400(
      await get("bucket=central-logs&accounts=111122223333&organizationId=x"),
      "organizationId",
    );
    await expect400(await get("bucket=central-logs&accounts=111122223333&restrict=maybe"), "restrict");
    const ok = await get("bucket=central-logs&accounts=111122223333&prefix=/logs/");
    expect(ok.status()).toBe(200);
    expect(ok.headers()["content-type"]).toContain("application/json");
    expect(JSON.stringify(await ok.json())).toContain(
      "arn:aws:s3:::central-logs/logs/AWSLogs/111122223333/*",
    );
  });

  test("POST check answers findings, and 400 for bad bodies", async ({ request }) => {
    const post = (data: string) =>
      request.post("/api/setup/cross-account/check", {
        data,
        headers: { "content-type": "application/json" },
      });
    await expect400(await post("{ not json"), "body");
    await expect400(await post("[]"), "body");
    await expect400(
      await post(JSON.stringify({ bucket: "central-logs", accounts: ["111122223333"] })),
      "policy",
    );
    await expect400(
      await post(JSON.stringify({ bucket: "central-logs", accounts: ["nope"], policy: "{}" })),
      "accounts",
    );
    await expect400(await post(JSON.stringify({ policy: "x".repeat(70_000) })), "body", 413);

    const policy = await (
      await request.get(
        "/api/setup/cross-account/policy?bucket=central-logs&accounts=111122223333,444455556666",
      )
    ).text();
    const response = await post(
      JSON.stringify({ bucket: "central-logs", prefix: "", accounts: "111122223333,444455556666", policy }),
    );
    expect(response.status()).toBe(200);
    const result = (await response.json()) as CheckResult;
    expect(result).toEqual({
      ok: true,
      findings: [],
      accounts: [
        expect.objectContaining({ id: "111122223333", canDeliver: true }),
        expect.objectContaining({ id: "444455556666", canDeliver: true }),
      ],
    });
  });
});
