import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { accountFromDemoAccessKeyId } from "../lib/demo/accounts";
import { DEFAULT_EVENT_COUNT, DEFAULT_SEED, DEMO_DATASET_REGIONS, generateDataset } from "./dataset/generate";
import { AwsError } from "./errors";
import { loadLogFiles } from "./log-files";
import { lookupEvents } from "./lookup-events";
import type { EmulatorPlugin, JsonHandler, PluginContext, QueryHandler } from "./plugin";
import { createPlugins } from "./plugins";
import { escapeXml } from "./sts";
import type { EventStore } from "./store";
import { RateLimiter } from "./throttle";

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** Real CloudTrail log files (a file or a folder) served instead of the demo dataset. */
  dataPath?: string;
  /** A folder the emulator's plugins may write to (the demo trail archive). */
  dataDir?: string;
  /** Demo dataset size (default TRAILSCOPE_DEMO_EVENTS or about 20000). */
  eventCount?: number;
  seed?: number;
  /** Anchor of the 90-day window; default now. */
  now?: Date;
  /** LookupEvents requests per second per account and region (default TRAILSCOPE_EMULATOR_RATE or 2). */
  rate?: number;
  /** Extra plugins, after the registered ones (tests). */
  plugins?: EmulatorPlugin[];
  /** Serve this store instead of generating one (benchmarks: see `buildSyntheticStore`). */
  store?: EventStore;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  describe(): string;
  store: EventStore;
}

const RETENTION_MS = 90 * 86_400_000;
const MAX_BODY_BYTES = 1 << 20;
const JSON_TARGET_PREFIXES = [
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.",
  "CloudTrail_20131101.",
  "AWSOrganizationsV20161128.",
];
const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

interface Credential {
  accessKeyId: string;
  region: string;
}

/** SigV4: `Credential=AKIA.../20261125/us-east-1/cloudtrail/aws4_request`. The signature is not checked. */
function parseCredential(req: IncomingMessage, query: URLSearchParams | undefined): Credential | undefined {
  const header = req.headers.authorization;
  const scope = header
    ? /Credential=([^,\s]+)/.exec(header)?.[1]
    : (query?.get("X-Amz-Credential") ?? undefined);
  if (!scope) return undefined;
  const [accessKeyId, , region] = scope.split("/");
  if (!accessKeyId || !region) return undefined;
  return { accessKeyId, region };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError("SerializationException", "Request body too large", 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, errorType?: string) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": requestId,
    ...(errorType ? { "x-amzn-ErrorType": errorType } : {}),
  });
  res.end(text);
}

function sendXml(res: ServerResponse, status: number, xml: string, requestId: string) {
  res.writeHead(status, {
    "Content-Type": "text/xml",
    "Content-Length": Buffer.byteLength(xml),
    "x-amzn-RequestId": requestId,
  });
  res.end(xml);
}

function queryError(error: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type>` +
    `<Code>${escapeXml(error.type)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? new Date();
  const rate = options.rate ?? numberFromEnv("TRAILSCOPE_EMULATOR_RATE") ?? 2;
  const demo = !options.dataPath && !options.store;
  let store: EventStore;
  let summary: string;
  if (options.store) {
    store = options.store;
    summary = `${store.size} events (prebuilt store)`;
  } else if (options.dataPath) {
    const loaded = await loadLogFiles(options.dataPath);
    for (const warning of loaded.warnings) console.warn(`emulator: ${warning}`);
    store = loaded.store;
    summary = `${store.size} events from ${loaded.files} log file(s) in ${options.dataPath}`;
    if (loaded.unusableRecords > 0 || loaded.unreadableFiles > 0) {
      summary += `; not served: ${loaded.unusableRecords} unusable record(s), ${loaded.unreadableFiles} unreadable file(s)`;
    }
  } else {
    const eventCount = options.eventCount ?? numberFromEnv("TRAILSCOPE_DEMO_EVENTS") ?? DEFAULT_EVENT_COUNT;
    store = generateDataset({
      now,
      eventCount: Math.round(eventCount),
      seed: options.seed ?? DEFAULT_SEED,
    }).store;
    summary = `demo dataset, ${store.size} events`;
  }
  const accounts = store.accounts();
  const regions = demo ? [...DEMO_DATASET_REGIONS] : store.regions();
  if (accounts.length === 0) throw new Error(`no CloudTrail records found in ${options.dataPath}`);

  const limiter = new RateLimiter(rate);
  const core: EmulatorPlugin = {
    name: "cloudtrail",
    jsonOperations: {
      LookupEvents: ({ body, accountId, region }) => {
        if (!limiter.tryTake(`${accountId}/${region}`))
          throw new AwsError("ThrottlingException", "Rate exceeded");
        return lookupEvents(body, {
          store,
          accountId,
          region,
          nowMs: now.getTime(),
          retentionStartMs: demo ? now.getTime() - RETENTION_MS : undefined,
        });
      },
    },
  };
  const allPlugins = [core, ...createPlugins(), ...(options.plugins ?? [])];
  const context: PluginContext = { store, dataDir: options.dataDir, now, accounts, regions, demo };
  for (const plugin of allPlugins) await plugin.init?.(context);
  const jsonOps = new Map<string, JsonHandler>();
  const queryOps = new Map<string, QueryHandler>();
  for (const plugin of allPlugins) {
    for (const [name, handler] of Object.entries(plugin.jsonOperations ?? {})) jsonOps.set(name, handler);
    for (const [name, handler] of Object.entries(plugin.queryOperations ?? {})) queryOps.set(name, handler);
  }
  const interceptors = allPlugins.flatMap((p) => (p.intercept ? [p.intercept.bind(p)] : []));
  const routers = allPlugins.flatMap((p) => (p.route ? [p.route.bind(p)] : []));

  // A demo key names its account even when the store holds none of its events: AWS answers such an
  // account with an identity and an empty history, never with another account's events.
  const resolveAccount = (accessKeyId: string): string =>
    accountFromDemoAccessKeyId(accessKeyId) ?? accounts[0]!;

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const url = new URL(req.url ?? "/", "http://emulator");
    const target = req.headers["x-amz-target"];
    const isJson = typeof target === "string";
    const fail = (error: AwsError) =>
      isJson
        ? sendJson(res, error.status, { __type: error.type, message: error.message }, requestId, error.type)
        : sendXml(res, error.status, queryError(error, requestId), requestId);
    try {
      for (const route of routers) if (await route(req, res, url.pathname)) return;
      if (req.method !== "POST" && !(req.method === "GET" && url.searchParams.has("Action"))) {
        throw new AwsError(
          "UnknownOperationException",
          `${req.method} ${url.pathname} is not an operation`,
          404,
        );
      }
      const text = req.method === "POST" ? await readBody(req) : "";
      const params = isJson ? undefined : new URLSearchParams(req.method === "POST" ? text : url.search);
      const credential = parseCredential(req, params ?? url.searchParams);
      if (!credential) {
        throw new AwsError(
          isJson ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken",
          "Missing Authentication Token",
          403,
        );
      }
      const op = {
        accessKeyId: credential.accessKeyId,
        accountId: resolveAccount(credential.accessKeyId),
        region: credential.region,
      };
      if (isJson) {
        const prefix = JSON_TARGET_PREFIXES.find((p) => target.startsWith(p));
        const name = prefix ? target.slice(prefix.length) : target;
        const handler = prefix ? jsonOps.get(name) : undefined;
        if (!handler) throw new AwsError("UnknownOperationException", `Unknown operation ${target}`);
        let body: unknown;
        try {
          body = text.trim() === "" ? {} : JSON.parse(text);
        } catch {
          throw new AwsError("SerializationException", "Start of structure or map found where not expected.");
        }
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          throw new AwsError("SerializationException", "The request body must be a JSON object.");
        }
        for (const intercept of interceptors) {
          if (await intercept({ ...op, protocol: "json", operation: name, req, res })) return;
        }
        const result = await handler({ ...op, body: body as Record<string, unknown> });
        sendJson(res, 200, result, requestId);
        return;
      }
      const action = params?.get("Action") ?? "";
      const handler = queryOps.get(action);
      if (!params || !handler) throw new AwsError("InvalidAction", `Could not find operation ${action}`);
      for (const intercept of interceptors) {
        if (await intercept({ ...op, protocol: "query", operation: action, req, res })) return;
      }
      const inner = await handler({ ...op, params });
      sendXml(
        res,
        200,
        `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${inner}</${action}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
        requestId,
      );
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof AwsError) fail(error);
      else {
        console.error("emulator: internal error", error);
        fail(
          new AwsError(
            "InternalFailure",
            "The request processing has failed because of an unknown error.",
            500,
          ),
        );
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res, randomUUID());
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    store,
    describe: () =>
      `${summary}; accounts ${accounts.join(", ")}; regions ${regions.join(", ")}; LookupEvents ${rate} req/s per account and region`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
