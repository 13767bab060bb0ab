import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { StoreSetting } from "../config";
import { StoreError, diskFull, openFailure } from "./errors";
import { migrate } from "./schema";

/** Readers run side by side (DuckDB's MVCC); more would only queue on the same two cores. */
const MAX_READERS = 4;

/**
 * One open store: one DuckDB instance, one writer connection whose transactions run one at a time
 * (DuckDB allows a single writer per database), and a small pool of reader connections. Every call
 * goes through DuckDB's async API, so queries run on its threads, never on the event loop.
 */
export class Store {
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private readers = 0;
  private closed = false;

  constructor(
    /** The file, or `:memory:`. */
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
  ) {}

  /** Runs `work` in one write transaction, after every earlier one; rolled back when it throws. */
  write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = async () => {
      this.assertOpen();
      await this.writer.run("BEGIN TRANSACTION");
      try {
        const result = await work(this.writer);
        await this.writer.run("COMMIT");
        return result;
      } catch (error) {
        await this.writer.run("ROLLBACK").catch(() => undefined);
        throw this.describe(error);
      }
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  /** Runs `work` on a reader connection: it sees the last committed state. */
  async read<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen();
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeQueue;
    this.closed = true;
    for (const connection of this.idle) connection.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private assertOpen() {
    if (this.closed) throw new StoreError("closed", "The event store is closed.");
  }

  private describe(error: unknown): unknown {
    if (error instanceof StoreError) return error;
    const text = error instanceof Error ? error.message : String(error);
    return /No space left on device|ENOSPC/i.test(text) ? diskFull(this.location, error) : error;
  }

  private async acquire(): Promise<DuckDBConnection> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.readers < MAX_READERS) {
      this.readers++;
      try {
        return await this.instance.connect();
      } catch (error) {
        this.readers--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: DuckDBConnection) {
    const next = this.waiting.shift();
    if (next) next(connection);
    else if (this.closed) connection.closeSync();
    else this.idle.push(connection);
  }
}

export type OpenStoreResult =
  | { status: "off" }
  | { status: "open"; store: Store; migratedFrom: number }
  | { status: "unavailable"; error: StoreError };

/**
 * Opens the store TRAILSCOPE_STORE names. Never throws for a store that cannot be used (damaged, held
 * by another process, unwritable, full disk, newer schema): the caller runs without it and shows why.
 */
export async function openStore(setting: StoreSetting): Promise<OpenStoreResult> {
  if (setting.kind === "off") return { status: "off" };
  const location = setting.kind === "memory" ? ":memory:" : path.resolve(setting.path);
  let instance: DuckDBInstance | undefined;
  try {
    if (setting.kind === "file") await mkdir(path.dirname(location), { recursive: true });
    instance = await DuckDBInstance.create(location);
    const writer = await instance.connect();
    const { from } = await migrate(writer, location);
    return { status: "open", store: new Store(location, instance, writer), migratedFrom: from };
  } catch (error) {
    instance?.closeSync();
    return {
      status: "unavailable",
      error: error instanceof StoreError ? error : openFailure(location, error),
    };
  }
}
