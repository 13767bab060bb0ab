import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { storeSetting } from "@/lib/config";
import type { AuditEvent } from "@/lib/events/audit-event";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { freeTextFields } from "@/lib/query/fields";
import { EVENT_COLUMNS, eventRow, searchText } from "./event-row";
import { openStore } from "./open-store";
import { queryStore } from "./query-store";
import { MIGRATIONS, SCHEMA_VERSION, migrate } from "./schema";
import { writeEvents } from "./write-events";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-store-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const EVENT = makeAuditEvent({ eventId: "kept-across-migration", eventTime: "2026-11-20T10:00:00Z" });
/** Inserts `event` as schemas 1 to 3 stored it: the free-text fields as a list, the lowercased record apart. */
async function insertLegacyRow(connection: DuckDBConnection, event: AuditEvent) {
  const row = eventRow(event, "history", null);
  const kept = EVENT_COLUMNS.filter((c) => c !== "search_text");
  const list = "CAST(CAST(? AS JSON) AS VARCHAR[])";
  const placeholders = kept.map((c) => (c === "resource_names" || c === "resource_types" ? list : "?"));
  const fields = freeTextFields(event).flatMap((f) => (f === null ? [] : [f.toLowerCase()]));
  await connection.run(
    `INSERT INTO events (${kept.join(", ")}, text_fields, record_lower) VALUES (${placeholders.join(", ")}, ${list}, ?)`,
    [
      ...kept.map((c) => row[EVENT_COLUMNS.indexOf(c)] ?? null),
      JSON.stringify(fields),
      JSON.stringify(event.raw).toLowerCase(),
    ],
  );
}

const ALL = {
  start: new Date("2026-01-01T00:00:00Z"),
  end: new Date("2026-12-01T00:00:00Z"),
  readOnly: "all",
} as const;

describe("TRAILSCOPE_STORE", () => {
  it("defaults to <dataDir>/store/events.duckdb and accepts memory and off", () => {
    expect(storeSetting(undefined, ".data")).toEqual({
      kind: "file",
      path: path.join(".data", "store", "events.duckdb"),
    });
    expect(storeSetting("memory", ".data")).toEqual({ kind: "memory" });
    // The generated demo dataset changes from run to run: unset, its store lives in memory.
    expect(storeSetting(undefined, ".data", true)).toEqual({ kind: "memory" });
    expect(storeSetting("/srv/ts.duckdb", ".data", true)).toEqual({ kind: "file", path: "/srv/ts.duckdb" });
    expect(storeSetting("off", ".data")).toEqual({ kind: "off" });
    expect(storeSetting("/srv/ts.duckdb", ".data")).toEqual({ kind: "file", path: "/srv/ts.duckdb" });
  });
});

describe("openStore", () => {
  it("is off when told so, and creates the folder and the current schema for a new file", async () => {
    expect(await openStore({ kind: "off" })).toEqual({ status: "off" });
    const file = path.join(await tempDir(), "nested", "store", "events.duckdb");
    const opened = await openStore({ kind: "file", path: file });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    expect(opened.migratedFrom).toBe(0);
    await writeEvents(opened.store, [EVENT], { origin: "history" });
    await opened.store.close();
    const again = await openStore({ kind: "file", path: file });
    if (again.status !== "open") throw new Error(JSON.stringify(again));
    expect(again.migratedFrom).toBe(SCHEMA_VERSION);
    expect((await queryStore(again.store, ALL, { limit: 10 })).events).toEqual([
      { ...EVENT, origin: "history" },
    ]);
    await again.store.close();
  });

  it("migrates a store of an older schema in place, keeping its events", async () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    const file = path.join(await tempDir(), "old.duckdb");
    const old = await DuckDBInstance.create(file);
    const connection = await old.connect();
    await migrate(connection, file, 1);
    // A v1 store has events but no import or sync tables yet.
    await insertLegacyRow(connection, EVENT);
    connection.closeSync();
    old.closeSync();

    const opened = await openStore({ kind: "file", path: file });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    expect(opened.migratedFrom).toBe(1);
    expect((await queryStore(opened.store, ALL, { limit: 10 })).events.map((e) => e.eventId)).toEqual([
      EVENT.eventId,
    ]);
    await opened.store.read(async (c) => {
      const tables = await c.runAndReadAll("SELECT table_name FROM information_schema.tables ORDER BY 1");
      expect(tables.getRows().flat()).toEqual([
        "coverage",
        "events",
        "imported_files",
        "schema_version",
        "sync_state",
      ]);
    });
    await opened.store.close();
  });

  it("rebuilds a v2 store's events with uncompressed JSON columns, keeping every row (v3)", async () => {
    const file = path.join(await tempDir(), "v2.duckdb");
    const old = await DuckDBInstance.create(file);
    const connection = await old.connect();
    await migrate(connection, file, 2);
    await insertLegacyRow(connection, EVENT);
    // Enough look-alike rows that DuckDB compresses a column it is free to compress.
    await connection.run(
      "INSERT INTO events SELECT e.* REPLACE (e.event_id || '-' || i AS event_id) FROM events AS e, range(1, 3000) AS r(i)",
    );
    const jsonCompression = async (c: typeof connection) => {
      await c.run("CHECKPOINT");
      const reader = await c.runAndReadAll(
        "SELECT DISTINCT compression FROM pragma_storage_info('events') " +
          "WHERE column_name IN ('event_json', 'record_json') AND segment_type <> 'VALIDITY' ORDER BY 1",
      );
      return reader.getRows().flat();
    };
    expect(await jsonCompression(connection)).not.toEqual(["Uncompressed"]);
    connection.closeSync();
    old.closeSync();

    const opened = await openStore({ kind: "file", path: file });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    expect(opened.migratedFrom).toBe(2);
    expect(await opened.store.read(jsonCompression)).toEqual(["Uncompressed"]);
    const page = await queryStore(opened.store, ALL, { limit: 5000 });
    expect(page.events).toHaveLength(3000);
    expect(page.events.find((e) => e.eventId === EVENT.eventId)).toEqual({ ...EVENT, origin: "history" });
    // The rebuilt table keeps its key: a stored event is not stored twice.
    await writeEvents(opened.store, [EVENT], { origin: "history" });
    expect((await queryStore(opened.store, ALL, { limit: 5000 })).events).toHaveLength(3000);
    await opened.store.close();
  });

  it("merges a v3 store's search texts into one column that finds the same events (v4)", async () => {
    const file = path.join(await tempDir(), "v3.duckdb");
    const old = await DuckDBInstance.create(file);
    const connection = await old.connect();
    await migrate(connection, file, 3);
    // A user agent with quotes: the record holds it JSON-escaped, so only the field itself has `say "hi"`.
    const quoted = makeAuditEvent({
      eventId: "quoted-agent",
      eventTime: "2026-11-21T10:00:00Z",
      userAgent: 'Tool/1.0 (say "hi")',
    });
    await insertLegacyRow(connection, EVENT);
    await insertLegacyRow(connection, quoted);
    // History coverage over an archive row is read again (its resources get completed); the rest stays.
    await connection.run("UPDATE events SET origin = 'archive' WHERE event_id = 'quoted-agent'");
    const at = (iso: string) => Date.parse(iso);
    await connection.run(
      "INSERT INTO coverage VALUES ('history', ?, ?, ?, ?), ('history', ?, ?, ?, ?), ('archive', ?, ?, ?, ?)",
      [
        ...[quoted.accountId, quoted.awsRegion, at("2026-11-21T00:00:00Z"), at("2026-11-22T00:00:00Z")],
        ...[EVENT.accountId, EVENT.awsRegion, at("2026-11-20T00:00:00Z"), at("2026-11-20T23:00:00Z")],
        ...[quoted.accountId, quoted.awsRegion, at("2026-11-21T00:00:00Z"), at("2026-11-22T00:00:00Z")],
      ],
    );
    connection.closeSync();
    old.closeSync();

    const opened = await openStore({ kind: "file", path: file });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    expect(opened.migratedFrom).toBe(3);
    const stored = await opened.store.read(async (c) =>
      (await c.runAndReadAll("SELECT event_id, search_text FROM events ORDER BY event_id")).getRows(),
    );
    // Exactly what this version writes for a new row.
    expect(stored).toEqual(
      [EVENT, quoted]
        .sort((a, b) => a.eventId.localeCompare(b.eventId))
        .map((e) => [e.eventId, searchText(e, JSON.stringify(e.raw))]),
    );
    const search = async (q: string) =>
      (await queryStore(opened.store, { ...ALL, q }, { limit: 10 })).events.map((e) => e.eventId);
    expect(await search('say "hi"')).toEqual(["quoted-agent"]);
    const coverage = await opened.store.read(async (c) =>
      (await c.runAndReadAll("SELECT origin, start_ms FROM coverage ORDER BY origin")).getRows(),
    );
    expect(coverage).toEqual([
      ["archive", BigInt(at("2026-11-21T00:00:00Z"))],
      ["history", BigInt(at("2026-11-20T00:00:00Z"))],
    ]);
    expect(await search(EVENT.eventName.toLowerCase())).toContain(EVENT.eventId);
    await opened.store.close();
  });

  it("refuses a store written by a newer Trailscope, saying what to do", async () => {
    const file = path.join(await tempDir(), "newer.duckdb");
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE schema_version (version INTEGER NOT NULL)");
    await connection.run("INSERT INTO schema_version VALUES (?)", [MIGRATIONS.length + 1]);
    connection.closeSync();
    instance.closeSync();
    const opened = await openStore({ kind: "file", path: file });
    expect(opened.status).toBe("unavailable");
    if (opened.status !== "unavailable") return;
    expect(opened.error.kind).toBe("newer-schema");
    expect(opened.error.message).toMatch(/newer Trailscope.*Upgrade Trailscope, or set TRAILSCOPE_STORE/);
  });

  it("reports a damaged file as corrupt, with what to do, instead of crashing", async () => {
    const file = path.join(await tempDir(), "garbage.duckdb");
    await writeFile(file, Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31 + 7) % 256)));
    const opened = await openStore({ kind: "file", path: file });
    expect(opened.status).toBe("unavailable");
    if (opened.status !== "unavailable") return;
    expect(opened.error.kind).toBe("corrupt");
    expect(opened.error.message).toContain(file);
    expect(opened.error.message).toMatch(/move the file away .* restart to rebuild it/);
  });

  it("reports a file held by another process as in use, naming its pid", async () => {
    const file = path.join(await tempDir(), "held.duckdb");
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        "-e",
        `import("@duckdb/node-api").then(async ({ DuckDBInstance }) => {
           const instance = await DuckDBInstance.create(${JSON.stringify(file)});
           await (await instance.connect()).run("SELECT 1");
           console.log("ready");
           setInterval(() => {}, 1000);
         })`,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    cleanup.push(() => void holder.kill());
    await new Promise((resolve) => holder.stdout?.once("data", resolve));

    const opened = await openStore({ kind: "file", path: file });
    expect(opened.status).toBe("unavailable");
    if (opened.status !== "unavailable") return;
    expect(opened.error.kind).toBe("locked");
    expect(opened.error.message).toContain(`in use by another Trailscope`);
    expect(opened.error.message).toContain(`pid ${holder.pid}`);
    expect(opened.error.message).toContain("running without it");
  });

  it("reports a read-only folder as unwritable", async () => {
    const dir = await tempDir();
    const readOnly = path.join(dir, "read-only");
    await mkdir(readOnly);
    await chmod(dir, 0o755);
    await chmod(readOnly, 0o555);
    // Root ignores file permissions, so the probe runs as an unprivileged user when the tests run as root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const target of [
      path.join(readOnly, "events.duckdb"),
      path.join(readOnly, "store", "events.duckdb"),
    ]) {
      const { stdout } = await run(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "test/support/store-probe-open.ts", target],
        { cwd: ROOT, env: { ...process.env, HOME: dir }, ...asUser },
      );
      const outcome = JSON.parse(stdout.trim()) as { status: string; kind: string; message: string };
      expect(outcome).toMatchObject({ status: "unavailable", kind: "unwritable" });
      expect(outcome.message).toMatch(
        /cannot be written .*Make its folder writable, or set TRAILSCOPE_STORE/,
      );
    }
  });

  it("runs queries off the event loop: timers keep firing during a long query", async () => {
    const opened = await openStore({ kind: "memory" });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    await opened.store.read((c) =>
      c.run("SELECT count(*) FROM range(5000000) a(x), range(10) b(y) WHERE (x * y) % 7 = 3"),
    );
    clearInterval(timer);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThan(100);
    // A query on the event loop would let no timer fire before it ends; a tick rate would flake under load.
    expect(ticks).toBeGreaterThanOrEqual(3);
    await opened.store.close();
  });
});
