import { expect, test } from "@playwright/test";

test.describe("Trails page", () => {
  test("lists every demo trail with its settings, status and delivery warnings", async ({ page }) => {
    await page.goto("/trails");
    await expect(page.getByRole("heading", { level: 1, name: "Trails" })).toBeVisible();
    await expect(page.getByText(/about 15\s+minutes after the API call/)).toBeVisible();

    const org = page.getByRole("article", { name: "org-trail" });
    await expect(org.getByText("Organization trail")).toBeVisible();
    await expect(org.getByText("Multi-region")).toBeVisible();
    await expect(org.getByText("Log file validation on")).toBeVisible();
    await expect(org.getByText(/^SSE-KMS \(arn:aws:kms:us-east-1:111122223333:key\//)).toBeVisible();
    await expect(org.getByText(/AWS::S3::Object/)).toBeVisible();
    await expect(org.getByText("ApiCallRateInsight, ApiErrorRateInsight")).toBeVisible();

    const prod = page.getByRole("article", { name: "prod-app-trail" });
    await expect(prod.getByText("Single region")).toBeVisible();
    await expect(prod.getByText("SSE-S3 (default)")).toBeVisible();
    await expect(prod.getByText(/log-group:aws-cloudtrail-logs-prod-app/)).toBeVisible();
    await expect(prod.getByText("s3://trailscope-prod-app-logs/prod/AWSLogs/")).toBeVisible();
    await expect(prod.getByRole("alert")).toHaveCount(0);

    const dev = page.getByRole("article", { name: "dev-sandbox-trail" });
    await expect(dev.getByRole("alert")).toHaveText("Log delivery is failing: AccessDenied");
    await expect(dev.getByText("Log file validation off")).toBeVisible();
  });

  test("GET /api/trails answers JSON with every trail once", async ({ request }) => {
    const response = await request.get("/api/trails");
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { trails: { name: string; health: { level: string } }[] };
    expect(body.trails.map((t) => t.name).sort()).toEqual([
      "dev-sandbox-trail",
      "org-trail",
      "prod-app-trail",
    ]);
    expect(body.trails.find((t) => t.name === "dev-sandbox-trail")?.health.level).toBe("failing");
  });
});
