import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CloudTrailClient, paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import { expect, test, type APIRequestContext } from "@playwright/test";
import type { EventsResponse } from "../lib/events/api-contract";
import { parseCsv } from "../test/support/parse-csv";
import { SHARED_LAUNCH_LOG, extraPort } from "./support/app-server";

/**
 * The paths a new user takes with their own log files, run as they run them (`npm run emulator`,
 * `npm start`), each answer counting every event exactly once: a separate emulator reached through
 * TRAILSCOPE_EMULATOR_URL, and TRAILSCOPE_DATA with records that cannot all be served.
 */

const root = path.resolve(import.meta.dirname, "..");
const ACCOUNT = "123456789012";

interface Child {
  output(): string;
  stop(): Promise<void>;
}

/** A command in its own process group, so stopping it stops what it started (tsx, next). */
function run(command: string, args: string[], env: Record<string, string>): Child {
  let output = "";
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

async function until(what: string, child: Child, ready: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} not ready in ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function record(i: number, region: string, extra: Record<string, unknown> = {}) {
  const time = new Date(Date.now() - (i + 1) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      accountId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      userName: "alice",
    },
    eventTime: time,
    eventSource: "ec2.amazonaws.com",
    eventName: i % 2 ? "RunInstances" : "DescribeInstances",
    awsRegion: region,
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.22.0",
    eventID: `7e1f0c2a-0000-4000-8000-${String(i).padStart(12, "0")}`,
    readOnly: i % 2 === 0,
    eventType: "AwsApiCall",
    recipientAccountId: ACCOUNT,
    ...extra,
  };
}

async function writeLogs(dir: string, region: string, name: string, body: string) {
  const folder = path.join(dir, "AWSLogs", ACCOUNT, "CloudTrail", region, "2026", "11", "20");
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, name), body);
}

/** Every (account, eventId) of the answer and of the CSV export of the same query. */
async function answer(request: APIRequestContext, url: string) {
  const query = "readOnly=all&range=30d&limit=100000";
  const res = await request.get(`${url}/api/events?${query}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as EventsResponse;
  const csv = await request.get(`${url}/api/events/export?${query}&format=csv`);
  expect(csv.status()).toBe(200);
  const rows = parseCsv(await csv.text()).filter((r) => !r[0]?.startsWith("#"));
  const header = rows[0] ?? [];
  const [account, id] = [header.indexOf("account"), header.indexOf("eventId")];
  return {
    body,
    events: body.events.map((e) => `${e.accountId}/${e.eventId}`),
    exported: rows.slice(1).map((r) => `${r[account]}/${r[id]}`),
  };
}

let dir: string;
const children: Child[] = [];

test.beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "trailscope-e2e-logs-"));
});
test.afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-state`, { recursive: true, force: true });
});

test("the README's separate emulator: every event of the folder exactly once, in the API and the CSV", async ({
  request,
}) => {
  test.setTimeout(240_000);
  const records = [
    ...Array.from({ length: 30 }, (_, i) => record(i, "us-east-1")),
    ...Array.from({ length: 12 }, (_, i) => record(100 + i, "eu-west-1")),
  ];
  await writeLogs(dir, "us-east-1", "a.json", JSON.stringify({ Records: records.slice(0, 30) }));
  await writeLogs(dir, "eu-west-1", "b.json", JSON.stringify({ Records: records.slice(30) }));

  const emulatorPort = extraPort(3);
  const emulator = run("npm", ["run", "emulator", "--", "--data", dir, "--port", String(emulatorPort)], {});
  children.push(emulator);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await until("the emulator", emulator, async () => emulator.output().includes(emulatorUrl), 60_000);

  const appPort = extraPort(4);
  const app = run("npm", ["start"], {
    PORT: String(appPort),
    TRAILSCOPE_EMULATOR_URL: emulatorUrl,
    // Its own data folder: the event store of another run must not answer for this one.
    TRAILSCOPE_DATA_DIR: `${dir}-state`,
  });
  children.push(app);
  const url = `http://127.0.0.1:${appPort}`;
  await until("the dashboard", app, async () => (await fetch(`${url}/api/health`)).ok, 120_000);

  const { body, events, exported } = await answer(request, url);
  const expected = records.map((r) => `${ACCOUNT}/${r.eventID}`).sort();
  expect([...events].sort()).toEqual(expected);
  expect([...exported].sort()).toEqual(expected);
  // The accounts are the emulator's own (ListAccounts), not the demo organization's.
  expect(new Set(body.sources.map((s) => s.accountId))).toEqual(new Set([ACCOUNT]));
  expect(body.complete).toBe(true);
});

test("two accounts sharing one credential: the one it belongs to is read once, the other named", async ({
  request,
}) => {
  test.setTimeout(240_000);
  const emulatorPort = extraPort(7);
  const emulator = run(
    "npm",
    ["run", "emulator", "--", "--port", String(emulatorPort), "--events", "3000"],
    {},
  );
  children.push(emulator);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await until("the emulator", emulator, async () => emulator.output().includes(emulatorUrl), 60_000);

  const appPort = extraPort(8);
  const aws = {
    AWS_ENDPOINT_URL: emulatorUrl,
    // No demo key: the emulator answers it as the management account, as AWS answers a key of one account.
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "e2e-shared-credential",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
  const app = run("npm", ["start"], {
    ...aws,
    PORT: String(appPort),
    TRAILSCOPE_DATA_DIR: `${dir}-state`,
    // The live path only: a background sync would share the account's 2 req/s with the direct
    // LookupEvents read below and get it throttled.
    TRAILSCOPE_STORE: "off",
    TRAILSCOPE_SOURCE: "aws",
    TRAILSCOPE_REGIONS: "us-east-1",
    TRAILSCOPE_ACCOUNTS: "444455556666:prod,111122223333:management",
  });
  children.push(app);
  const url = `http://127.0.0.1:${appPort}`;
  await until("the dashboard", app, async () => (await fetch(`${url}/api/health`)).ok, 120_000);

  const { body, events, exported } = await answer(request, url);
  const prod = body.sources.find((s) => s.accountId === "444455556666");
  expect(prod).toMatchObject({ state: "failed", pages: 0 });
  expect(prod?.error?.message).toBe(
    "account 444455556666 (prod): its credentials belong to 111122223333; not read",
  );
  expect(body.sources.find((s) => s.accountId === "111122223333")?.state).toBe("done");

  // What the management account's own history holds, asked directly.
  const client = new CloudTrailClient({
    endpoint: emulatorUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIA111122223333DEMO", secretAccessKey: "x" },
  });
  const direct: string[] = [];
  const window = { StartTime: new Date(body.window.start), EndTime: new Date(body.window.end) };
  for await (const page of paginateLookupEvents({ client }, window)) {
    direct.push(...(page.Events ?? []).map((e) => `111122223333/${e.EventId}`));
  }
  expect(direct.length).toBeGreaterThan(0);
  expect([...events].sort()).toEqual([...direct].sort());
  expect([...exported].sort()).toEqual([...direct].sort());
});

test("log files with unusable records: the usable ones exactly once, the others counted where the user looks", async ({
  request,
}) => {
  test.setTimeout(240_000);
  const usable = [
    ...Array.from({ length: 8 }, (_, i) => record(i, "us-east-1")),
    // eventVersion 1.0x: no recipientAccountId, a caller of another account.
    record(20, "us-east-1", {
      eventVersion: "1.02",
      recipientAccountId: undefined,
      eventName: "ConsoleLogin",
      eventSource: "signin.amazonaws.com",
      userIdentity: { type: "AWSAccount", principalId: "AIDAEXAMPLECALLER", accountId: "111122223333" },
    }),
  ];
  const unusable = [
    { ...record(30, "us-east-1"), eventID: undefined },
    { ...record(31, "us-east-1"), eventTime: undefined },
    "not a record",
  ];
  await writeLogs(dir, "us-east-1", "a.json", JSON.stringify({ Records: [...usable, ...unusable] }));
  await writeLogs(dir, "us-east-1", "b.json", "{ damaged");
  const notServed = "not served: 3 unusable record(s), 1 unreadable file(s)";

  const emulatorPort = extraPort(5);
  const emulator = run("npm", ["run", "emulator", "--", "--data", dir, "--port", String(emulatorPort)], {});
  children.push(emulator);
  // The start line ends with the rate, after the warnings of each file.
  await until("the emulator", emulator, async () => emulator.output().includes("req/s per account"), 60_000);
  expect(emulator.output()).toContain(notServed);
  await emulator.stop();

  const appPort = extraPort(6);
  const app = run("npm", ["start"], {
    PORT: String(appPort),
    TRAILSCOPE_DATA: dir,
    TRAILSCOPE_DATA_DIR: `${dir}-state`,
  });
  children.push(app);
  const url = `http://127.0.0.1:${appPort}`;
  await until("the dashboard", app, async () => (await fetch(`${url}/api/health`)).ok, 120_000);
  expect(app.output()).toContain(notServed);

  const { events, exported } = await answer(request, url);
  const expected = usable.map((r) => `${ACCOUNT}/${r.eventID}`).sort();
  expect([...events].sort()).toEqual(expected);
  expect([...exported].sort()).toEqual(expected);
});

/** What the launcher printed before Next's "Ready": the build and the start of `next start`, no request logs. */
function firstStart(output: string): string {
  const ready = output.indexOf("Ready in");
  return ready === -1 ? output : output.slice(0, ready);
}
const BUILDING = "trailscope: building the dashboard";

test("the first start builds the dashboard, and Next prints no telemetry notice", async () => {
  // Next prints its notice once per config home (or build folder's cache, on CI) during `next build`.
  // The shared server's launcher built on a fresh checkout, with a fresh config home: its output says
  // it all. Only when it found an up-to-date build is a fresh one made here, in a folder of its own.
  const shared = firstStart(await readFile(SHARED_LAUNCH_LOG, "utf8"));
  if (shared.includes(BUILDING)) {
    expect(shared).not.toMatch(/telemetry/i);
    return;
  }
  test.setTimeout(900_000);
  const distDir = `.next-e2e-fresh-${process.pid}`;
  // `next build` adds a new build folder's types to tsconfig.json; the checkout is left as it was.
  const tsconfig = await readFile(path.join(root, "tsconfig.json"), "utf8");
  const config = await mkdtemp(path.join(tmpdir(), "trailscope-e2e-config-"));
  try {
    const appPort = extraPort(6);
    const app = run("npm", ["start"], {
      PORT: String(appPort),
      TRAILSCOPE_DATA_DIR: `${dir}-state`,
      NEXT_DIST_DIR: distDir,
      XDG_CONFIG_HOME: config,
    });
    children.push(app);
    const url = `http://127.0.0.1:${appPort}`;
    await until("the dashboard", app, async () => (await fetch(`${url}/api/health`)).ok, 840_000);
    expect(app.output()).toContain(BUILDING);
    expect(app.output()).not.toMatch(/telemetry/i);
  } finally {
    await Promise.all(children.splice(0).map((c) => c.stop()));
    await rm(path.join(root, distDir), { recursive: true, force: true });
    await writeFile(path.join(root, "tsconfig.json"), tsconfig);
    await rm(config, { recursive: true, force: true });
  }
});
