import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultInjector, parseFaultRules } from "./faults";

/**
 * A real HTTP server whose only operation answers `{"ok":true}` unless the injector intercepts, with
 * the account, region and operation taken from request headers (the emulator takes them from SigV4).
 */
async function serve(faults: FaultInjector): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      if (await faults.route(req, res, url.pathname)) return;
      const handled = await faults.intercept({
        accountId: String(req.headers["x-account"] ?? "111122223333"),
        region: String(req.headers["x-region"] ?? "us-east-1"),
        accessKeyId: "AKIA111122223333DEMO",
        operation: String(req.headers["x-operation"] ?? "LookupEvents"),
        protocol: req.headers["x-protocol"] === "query" ? "query" : "json",
        req,
        res,
      });
      if (handled) return;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"ok":true}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const injector = new FaultInjector({ control: true });
let served: Awaited<ReturnType<typeof serve>>;
let base: string;

beforeAll(async () => {
  served = await serve(injector);
  base = served.base;
});

afterAll(() => served.close());

beforeEach(() => injector.clear());

function call(headers: Record<string, string> = {}) {
  return fetch(base, { method: "POST", headers });
}

describe("FaultInjector", () => {
  it("answers AWS's error shapes for the JSON protocol", async () => {
    const cases = [
      { fault: "throttle", status: 400, type: "ThrottlingException" },
      { fault: "500", status: 500, type: "InternalFailure" },
      { fault: "503", status: 503, type: "ServiceUnavailableException" },
      { fault: "expired-token", status: 400, type: "ExpiredTokenException" },
    ] as const;
    for (const { fault, status, type } of cases) {
      injector.set([{ fault }]);
      const response = await call();
      expect(response.status).toBe(status);
      expect(response.headers.get("x-amzn-errortype")).toBe(type);
      expect(((await response.json()) as { __type: string }).__type).toBe(type);
    }
  });

  it("answers the query protocol's error codes in XML", async () => {
    injector.set([{ fault: "expired-token" }]);
    const response = await call({ "x-protocol": "query" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>ExpiredToken</Code>");
  });

  it("targets one account, region and operation, after N requests, for N times", async () => {
    injector.set([
      {
        account: "777788889999",
        region: "eu-west-1",
        operation: "LookupEvents",
        fault: "503",
        after: 1,
        times: 2,
      },
    ]);
    const target = { "x-account": "777788889999", "x-region": "eu-west-1" };
    expect((await call({ ...target, "x-region": "us-east-1" })).status).toBe(200);
    expect((await call({ ...target, "x-account": "444455556666" })).status).toBe(200);
    expect((await call({ ...target, "x-operation": "DescribeTrails" })).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call(target)).status);
    expect(statuses).toEqual([200, 503, 503, 200, 200]);
    expect(injector.rules()[0]?.injected).toBe(2);
  });

  it("drops the connection", async () => {
    injector.set([{ fault: "drop" }]);
    await expect(call()).rejects.toThrow();
  });

  it("sends a truncated body with a success status", async () => {
    injector.set([{ fault: "malformed" }]);
    const response = await call();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it("delays, then answers normally", async () => {
    injector.set([{ fault: "slow", delayMs: 300 }]);
    const started = performance.now();
    const response = await call();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("is driven by the control endpoint in test mode", async () => {
    const set = await fetch(`${base}/__faults`, {
      method: "POST",
      body: JSON.stringify([{ fault: "503", times: 1 }]),
    });
    expect(set.status).toBe(200);
    expect((await call()).status).toBe(503);
    expect((await call()).status).toBe(200);
    const listed = (await (await fetch(`${base}/__faults`)).json()) as { injected: Record<string, number> };
    expect(listed.injected["503"]).toBeGreaterThanOrEqual(1);
    const bad = await fetch(`${base}/__faults`, {
      method: "POST",
      body: JSON.stringify([{ fault: "explode" }]),
    });
    expect(bad.status).toBe(400);
    await fetch(`${base}/__faults`, { method: "POST", body: JSON.stringify([{ fault: "500" }]) });
    expect((await fetch(`${base}/__faults`, { method: "DELETE" })).status).toBe(200);
    expect((await call()).status).toBe(200);
  });

  it("has no control endpoint outside test mode", async () => {
    const plain = await serve(FaultInjector.fromEnv({ TRAILSCOPE_EMULATOR_FAULTS: '[{"fault":"503"}]' }));
    try {
      const response = await fetch(`${plain.base}/__faults`, { method: "DELETE" });
      // Not the control endpoint: an ordinary request, failed by the configured rule.
      expect(response.status).toBe(503);
      expect((await fetch(`${plain.base}/__faults`, { method: "POST", body: "[]" })).status).toBe(503);
    } finally {
      await plain.close();
    }
  });
});

describe("parseFaultRules", () => {
  it("reads the compact JSON settings and names what is wrong", () => {
    expect(parseFaultRules('[{"region":"us-west-2","fault":"slow","delayMs":10}]')).toEqual([
      { region: "us-west-2", fault: "slow", delayMs: 10, after: 0 },
    ]);
    expect(() => parseFaultRules("{")).toThrow(/must be JSON/);
    expect(() => parseFaultRules('[{"fault":"throttle","account":"12"}]')).toThrow(/0\.account/);
    expect(() => parseFaultRules('[{"fault":"throttle","color":"red"}]')).toThrow(/invalid fault rules/);
  });

  it("comes from the environment, with the control endpoint only in test mode", () => {
    expect(FaultInjector.fromEnv({ TRAILSCOPE_EMULATOR_FAULTS: '[{"fault":"500"}]' }).rules()).toHaveLength(
      1,
    );
    expect(FaultInjector.fromEnv({}).rules()).toEqual([]);
    expect(() => FaultInjector.fromEnv({ TRAILSCOPE_EMULATOR_FAULTS: '[{"fault":"nope"}]' })).toThrow(
      /invalid fault rules/,
    );
  });
});
