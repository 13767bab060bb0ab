import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import path from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_SECRET_ACCESS_KEY } from "../lib/demo/accounts";
import { HOSTILE_EVENTS, HOSTILE_MARKER } from "../emulator/dataset/stories";
import { NETNS_PEER, runInNetns } from "../test/support/netns";
import { extraPort, nextStartCommand, startAppServer, type AppServer } from "./support/app-server";
import { discoverRoutes } from "./support/routes";
import { startTestEmulator } from "./support/test-emulator";

/**
 * Security against the production build: attacker-controlled event fields never run, the response
 * headers hold, the access token guards everything, and no secret reaches the browser or the log.
 */

test.describe.configure({ timeout: 180_000 });

interface Watch {
  dialogs: string[];
  cspViolations: string[];
  pageErrors: string[];
}

/** Records dialogs, page errors and CSP violations (reported by the browser's own event, not by the page). */
async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { dialogs: [], cspViolations: [], pageErrors: [] };
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => seen.pageErrors.push(error.message));
  page.on("console", (message) => {
    // Chromium words them "Refused to execute/load/apply/evaluate/connect…"; eval is the one Zod's probe hit.
    if (/Content Security Policy|Refused to /i.test(message.text())) seen.cspViolations.push(message.text());
  });
  return seen;
}

async function nothingRan(page: Page, seen: Watch) {
  expect(
    await page.evaluate((marker) => (window as unknown as Record<string, unknown>)[marker], HOSTILE_MARKER),
  ).toBeUndefined();
  expect(seen.dialogs).toEqual([]);
  expect(seen.cspViolations).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
}

const DEV = HOSTILE_EVENTS[0]!.accountId;

test.describe("hostile event records", () => {
  for (const hostile of HOSTILE_EVENTS) {
    test(`${hostile.eventName} with payloads in ${hostile.fields.join(", ")} is shown as text in the table and the detail view`, async ({
      page,
    }) => {
      const seen = await watch(page);
      const filter = `account=${hostile.accountId}&region=${hostile.region}&range=90d&readOnly=all&eventId=${hostile.eventId}`;
      await page.goto(`/?${filter}`);
      const grid = page.getByRole("grid", { name: "Events" });
      const row = grid.getByRole("row").filter({ has: page.getByRole("gridcell") });
      // The row arrives through the client's fetch: the page hydrated and ran under the CSP.
      await expect(row).toHaveCount(1, { timeout: 90_000 });
      await expect(row.first()).toContainText(hostile.eventName);
      await nothingRan(page, seen);

      await page.goto(`/events/${hostile.eventId}?account=${hostile.accountId}&region=${hostile.region}`);
      const main = page.getByRole("main");
      await expect(main).toContainText(hostile.eventId, { timeout: 60_000 });
      const text = (await main.textContent()) ?? "";
      for (const payload of hostile.payloads) {
        // The detail view shows the raw record: each payload appears verbatim (JSON-escaped quotes aside).
        expect(text.includes(payload) || text.includes(JSON.stringify(payload).slice(1, -1)), payload).toBe(
          true,
        );
      }
      await nothingRan(page, seen);
    });
  }

  test("the investigation of a resource named with markup shows the name as text", async ({ page }) => {
    const seen = await watch(page);
    const hostile = HOSTILE_EVENTS.find(
      (e) => e.fields.includes("resources") && e.eventName === "CreateBucket",
    )!;
    const name = hostile.payloads[0]!;
    await page.goto(`/investigate?resource=${encodeURIComponent(name)}&account=${DEV}`);
    await expect(page.getByText(name, { exact: false }).first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole("main")).toContainText(hostile.eventName, { timeout: 90_000 });
    await nothingRan(page, seen);
  });
});

test("every page runs under the CSP without a violation", async ({ page }) => {
  const seen = await watch(page);
  const pages = discoverRoutes().filter((r) => r.kind === "page" && !r.pattern.includes("["));
  expect(pages.length).toBeGreaterThan(2);
  for (const { pattern } of pages) {
    await page.goto(pattern);
    await page.waitForLoadState("networkidle");
    expect(seen.cspViolations, pattern).toEqual([]);
    expect(seen.pageErrors, pattern).toEqual([]);
  }
});

test("a page load reports no CSP violation, eval included", async ({ page }) => {
  const seen = await watch(page);
  // The browser's own report, independent of how the console words it.
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener("securitypolicyviolation", (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  for (const pathname of ["/?range=1h", "/login"]) {
    await page.goto(pathname);
    await page.waitForLoadState("networkidle");
    const reported = await page.evaluate(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
    );
    expect(reported, pathname).toEqual([]);
    expect(seen.cspViolations, pathname).toEqual([]);
  }
});

/** One HTTP request with exactly these headers (Host included), from this machine to `address`. */
function rawRequest(options: {
  address: string;
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: options.address,
        port: options.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const sharedPort = () => Number(process.env.E2E_PORT ?? 3100);

/** Chromium whose resolver sends these names to 127.0.0.1: a DNS-rebinding attacker's setup, without DNS. */
async function rebindingBrowser(names: string[]): Promise<Browser> {
  const launch = test.info().project.use.launchOptions ?? {};
  return chromium.launch({
    ...launch,
    args: [
      ...(launch.args ?? []),
      `--host-resolver-rules=${names.map((n) => `MAP ${n} 127.0.0.1`).join(", ")}`,
    ],
  });
}

test.describe("DNS rebinding (no token)", () => {
  test("a foreign Host header gets 421 with a message, JSON for the API and text for pages", async () => {
    const port = sharedPort();
    const api = await rawRequest({
      address: "127.0.0.1",
      port,
      path: "/api/events?range=1h&limit=1",
      headers: { Host: `rebind.evil.example:${port}` },
    });
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body)).toMatchObject({
      error: "misdirected_request",
      message: expect.stringContaining("TRAILSCOPE_ALLOWED_HOSTS"),
    });
    const page = await rawRequest({
      address: "127.0.0.1",
      port,
      path: "/",
      headers: { Host: `rebind.evil.example:${port}` },
    });
    expect(page.status).toBe(421);
    expect(page.headers["content-type"]).toContain("text/plain");
    expect(page.body).toContain("DNS rebinding");
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await rawRequest({
        address: "127.0.0.1",
        port,
        path: "/api/health",
        headers: { Host: host },
      });
      expect(ok.status, host).toBe(200);
    }
  });

  test("a page on a name that resolves to 127.0.0.1 can neither load nor read the dashboard", async () => {
    const browser = await rebindingBrowser(["rebind.evil.example"]);
    try {
      const page = await browser.newPage();
      const origin = `http://rebind.evil.example:${sharedPort()}`;
      const response = await page.goto(`${origin}/`);
      expect(response?.status()).toBe(421);
      await expect(page.locator("body")).toContainText("DNS rebinding");
      const status = await page.evaluate(async () => (await fetch("/api/events?range=1h&limit=1")).status);
      expect(status).toBe(421);
    } finally {
      await browser.close();
    }
  });
});

test("without a token, the login page's Continue link stays on the site whatever `next` says", async ({
  page,
}) => {
  for (const next of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/%2F%2Fevil.example"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    const href = (await page.getByRole("link", { name: "Continue" }).getAttribute("href")) ?? "";
    expect(href, next).toMatch(/^\/(?!\/)/);
    expect(new URL(href, page.url()).origin, next).toBe(new URL(page.url()).origin);
  }
});

test("without a token, `next start -H 0.0.0.0` itself (no launcher) answers this machine and refuses every other address, whatever the request claims", async () => {
  // Inside its own network namespace, where NETNS_PEER is a non-loopback peer the test made.
  const port = extraPort(11);
  const claims: Record<string, string>[] = [
    {},
    { "X-Forwarded-For": "127.0.0.1" },
    { "X-Trailscope-Peer": "127.0.0.1", Host: `localhost:${port}` },
  ];
  const refused = claims.flatMap((headers) =>
    ["/api/health", "/api/events?range=1h&limit=1", "/"].map((pathname) => ({
      address: NETNS_PEER,
      path: pathname,
      headers,
    })),
  );
  const { answers, serverLog } = await runInNetns({
    server: {
      command: nextStartCommand("0.0.0.0", port),
      env: { TRAILSCOPE_SOURCE: "demo" },
      port,
      readyPath: "/api/health",
    },
    probes: [{ address: "127.0.0.1", path: "/api/health" }, ...refused],
  });
  expect(answers[0]!.status, serverLog).toBe(200);
  refused.forEach((probe, i) => {
    const answer = answers[i + 1]!;
    expect(answer.status, `${probe.path} ${JSON.stringify(probe.headers)}`).toBe(403);
    expect(answer.body).toContain("answers only this machine");
  });
});

test.describe("response headers", () => {
  test("pages carry a nonce CSP that matches their scripts, and the other security headers", async ({
    request,
  }) => {
    const first = await request.get("/");
    const second = await request.get("/");
    const csp = first.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    for (const directive of [
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    for (const response of [first, await request.get("/api/health"), await request.get("/no-such-page")]) {
      const headers = response.headers();
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("same-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["permissions-policy"]).toContain("camera=()");
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
  });
});

test.describe("with an access token", () => {
  const TOKEN = "e2e-token-7f3a9c1d5b2e8f04";
  let app: AppServer;
  let closeEmulator: () => Promise<void>;

  test.beforeAll(async () => {
    const { emulator, faults } = await startTestEmulator({ eventCount: 2000 });
    // One region fails with an expired token, so the log also holds an upstream failure.
    faults.set([{ region: "eu-west-1", fault: "expired-token" }]);
    closeEmulator = emulator.close;
    app = await startAppServer({
      port: extraPort(10),
      env: { TRAILSCOPE_TOKEN: TOKEN, TRAILSCOPE_EMULATOR_URL: emulator.url, TRAILSCOPE_SOURCE: "demo" },
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await closeEmulator?.();
  });

  test("pages send to the login form and come back; API routes answer 401 without it", async ({
    page,
    request,
  }) => {
    for (const route of [
      "/api/events?range=1h",
      "/api/events/export?range=1h",
      "/api/investigate?resource=x",
    ]) {
      const response = await request.get(`${app.url}${route}`, { maxRedirects: 0 });
      expect(response.status(), route).toBe(401);
      expect((await response.json()) as { error: string }).toMatchObject({ error: "unauthorized" });
    }
    expect((await request.get(`${app.url}/api/health`)).status()).toBe(200);
    const bearer = await request.get(`${app.url}/api/events?range=1h&limit=1`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status()).toBe(200);
    const wrongBearer = await request.get(`${app.url}/api/events?range=1h`, {
      headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrongBearer.status()).toBe(401);

    await page.goto(`${app.url}/investigate?resource=orders`);
    await expect(page).toHaveURL(/\/login\?next=%2Finvestigate%3Fresource%3Dorders$/);
    await page.getByLabel("Access token").fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();

    await page.getByLabel("Access token").fill(TOKEN);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(`${app.url}/investigate?resource=orders`);
    await expect(page.getByRole("heading", { name: "Who deleted…?" })).toBeVisible();

    const cookie = (await page.context().cookies()).find((c) => c.name === "trailscope_session");
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Strict");
    expect(cookie!.value).not.toContain(TOKEN);
    expect(await page.evaluate(() => document.cookie)).not.toContain("trailscope_session");
    const api = await page.request.get(`${app.url}/api/events?range=1h&limit=1`);
    expect(api.status()).toBe(200);

    const logout = await page.request.post(`${app.url}/api/auth/logout`, {
      headers: { "Content-Type": "application/json" },
    });
    expect(logout.status()).toBe(200);
    expect((await page.request.get(`${app.url}/api/events?range=1h&limit=1`)).status()).toBe(401);
  });

  test("the login form never redirects off the site", async ({ request }) => {
    for (const next of [
      "//evil.example/",
      "https://evil.example/",
      "/\\evil.example",
      "/.//evil.example",
      "/..//evil.example",
      "/%2e//evil.example",
      "/./\\evil.example",
    ]) {
      const response = await request.post(`${app.url}/api/auth/login`, {
        form: { token: TOKEN, next },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(303);
      expect(response.headers().location).toBe("/");
    }
  });

  test("the cookie is a session id the server forgets on logout", async ({ request }) => {
    const login = await request.post(`${app.url}/api/auth/login`, { data: { token: TOKEN } });
    expect(login.status()).toBe(200);
    const setCookie = login.headers()["set-cookie"] ?? "";
    const value = /trailscope_session=([^;]+)/.exec(setCookie)?.[1];
    expect(value).toBeTruthy();
    expect(value).not.toContain(TOKEN);
    const withCookie = { Cookie: `trailscope_session=${value}` };
    expect(
      (await request.get(`${app.url}/api/events?range=1h&limit=1`, { headers: withCookie })).status(),
    ).toBe(200);
    const logout = await request.post(`${app.url}/api/auth/logout`, {
      headers: { ...withCookie, "Content-Type": "application/json" },
    });
    expect(logout.status()).toBe(200);
    // The same cookie, sent again (a copy in another tab, or a stolen one), no longer works.
    const after = await request.get(`${app.url}/api/events?range=1h&limit=1`, { headers: withCookie });
    expect(after.status()).toBe(401);
  });

  test("every route that changes something refuses cross-site requests with 403 and a message", async ({
    request,
  }) => {
    // proxy.ts refuses them for every method but GET, HEAD and OPTIONS; no route checks on its own.
    const unsafe = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);
    const routes = discoverRoutes().filter((r) => r.kind === "api" && r.methods.some(unsafe));
    expect(routes.map((r) => r.pattern)).toEqual(
      expect.arrayContaining([
        "/api/auth/login",
        "/api/auth/logout",
        "/api/store/import",
        "/api/store/refresh",
      ]),
    );
    const foreign: Record<string, string>[] = [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "http://127.0.0.1:1" },
      { Origin: "null" },
    ];
    for (const route of routes) {
      for (const method of route.methods.filter(unsafe)) {
        for (const headers of foreign) {
          const answer = await request.fetch(`${app.url}${route.pattern}`, {
            method,
            headers,
            form: { token: TOKEN, next: "/" },
            maxRedirects: 0,
          });
          const what = `${method} ${route.pattern} ${JSON.stringify(headers)}`;
          expect(answer.status(), what).toBe(403);
          expect((await answer.json()) as { error: string; message: string }, what).toMatchObject({
            error: "cross_site",
            message: expect.stringContaining("another site"),
          });
          expect(answer.headers()["set-cookie"], what).toBeUndefined();
        }
      }
    }
    // Refused before the route ran: no import was started.
    const job = await request.get(`${app.url}/api/store/import`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(((await job.json()) as { job: { state: string } }).job.state).toBe("idle");
  });

  test("a page on another site cannot log the user out (real Chromium, form POST)", async () => {
    let attacker: Server | undefined;
    const browser = await rebindingBrowser(["evil.example"]);
    try {
      attacker = createServer((_req, res) => {
        res.setHeader("Content-Type", "text/html");
        res.end(
          `<form method="post" action="${app.url}/api/auth/logout"></form><script>document.forms[0].submit()</script>`,
        );
      });
      const attackerPort = extraPort(12);
      await new Promise<void>((resolve) => attacker!.listen(attackerPort, "127.0.0.1", resolve));
      const context = await browser.newContext();
      expect(
        (await context.request.post(`${app.url}/api/auth/login`, { data: { token: TOKEN } })).status(),
      ).toBe(200);
      const page = await context.newPage();
      const logout = page.waitForResponse(`${app.url}/api/auth/logout`);
      await page.goto(`http://evil.example:${attackerPort}/`);
      expect((await logout).status()).toBe(403);
      await expect(page.locator("body")).toContainText("another site");
      expect((await context.request.get(`${app.url}/api/events?range=1h&limit=1`)).status()).toBe(200);
    } finally {
      await browser.close();
      await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    }
  });

  test("neither the demo secret nor the token reaches the client bundle or the server log", async ({
    request,
  }) => {
    // Exercise the server: pages, an API answer with a failing region, bad logins.
    const auth = { Authorization: `Bearer ${TOKEN}` };
    await request.get(`${app.url}/`, { headers: auth });
    const events = await request.get(`${app.url}/api/events?range=1d&limit=50`, { headers: auth });
    expect(events.status()).toBe(200);
    const body = await events.text();
    expect(body).toContain("ExpiredTokenException");
    expect(body).not.toContain(DEMO_SECRET_ACCESS_KEY);
    expect(body).not.toContain(TOKEN);
    await request.post(`${app.url}/api/auth/login`, {
      form: { token: `${TOKEN}0`, next: "/" },
      maxRedirects: 0,
    });
    await request.get(`${app.url}/api/events?range=1d`, {
      headers: { Authorization: `Bearer ${TOKEN.toUpperCase()}` },
    });

    const log = app.log();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(DEMO_SECRET_ACCESS_KEY);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(TOKEN.toUpperCase());

    const staticDir = path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "static");
    const files = listFiles(staticDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, "latin1");
      expect(text.includes(DEMO_SECRET_ACCESS_KEY), file).toBe(false);
      expect(text.includes(TOKEN), file).toBe(false);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
