import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorPlugin, InterceptRequest } from "./plugin";

/**
 * Fault injection: makes the emulator fail the way AWS and networks do, per account and region, so
 * the app's retries and its partial-result reporting can be tested.
 *
 * Settings: TRAILSCOPE_EMULATOR_FAULTS, a JSON array of rules, e.g.
 *   [{"account":"777788889999","region":"eu-west-1","fault":"throttle","times":8},
 *    {"region":"us-west-2","fault":"slow","delayMs":2000}]
 * In test mode (TRAILSCOPE_EMULATOR_TEST_MODE=1, never the default) `POST /__faults` replaces the
 * rules with its JSON body (same shape) and `DELETE /__faults` clears them; `GET /__faults` lists them.
 */

export const FAULT_KINDS = ["throttle", "500", "503", "slow", "drop", "malformed", "expired-token"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const ruleSchema = z.strictObject({
  /** 12-digit account ID; every account when absent. */
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** Region of the request's credential scope; every region when absent. */
  region: z.string().min(1).max(32).optional(),
  /** Operation name (LookupEvents, AssumeRole...); every operation when absent. */
  operation: z.string().min(1).max(64).optional(),
  fault: z.enum(FAULT_KINDS),
  /** Let this many matching requests through before the fault starts (fail page 3, not page 1). */
  after: z.int().min(0).max(1_000_000).default(0),
  /** Fail this many matching requests, then stop (a burst); until cleared when absent. */
  times: z.int().min(1).max(1_000_000).optional(),
  /** For `slow`: the delay before the real answer. */
  delayMs: z.int().min(0).max(120_000).default(1500),
});

export const faultRulesSchema = z.array(ruleSchema).max(100);

export type FaultRuleInput = z.input<typeof ruleSchema>;
type FaultRule = z.output<typeof ruleSchema>;

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  injected: number;
}

export interface FaultOptions {
  /** Rules active from the start. */
  rules?: FaultRuleInput[];
  /** Serve the `/__faults` control endpoint. Only for tests: anyone who can reach it can break the emulator. */
  control?: boolean;
}

const CONTROL_PATH = "/__faults";
const MAX_CONTROL_BODY = 64 * 1024;

/** What the JSON and query (STS) protocols call each error, with AWS's status codes. */
const ERRORS: Record<
  "throttle" | "500" | "503" | "expired-token",
  { json: string; query: string; status: number; message: string }
> = {
  throttle: { json: "ThrottlingException", query: "Throttling", status: 400, message: "Rate exceeded" },
  "500": {
    json: "InternalFailure",
    query: "InternalFailure",
    status: 500,
    message: "The request processing has failed because of an unknown error.",
  },
  "503": {
    json: "ServiceUnavailableException",
    query: "ServiceUnavailable",
    status: 503,
    message: "Service is unavailable. Try again later.",
  },
  "expired-token": {
    json: "ExpiredTokenException",
    query: "ExpiredToken",
    status: 400,
    message: "The security token included in the request is expired",
  },
};

export function parseFaultRules(json: string): FaultRuleInput[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(
      "fault rules must be JSON: an array of {account?, region?, operation?, fault, after?, times?, delayMs?}",
    );
  }
  const parsed = faultRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "rules"}: ${i.message}`)
      .join("; ");
    throw new Error(`invalid fault rules: ${problems}`);
  }
  return parsed.data;
}

export class FaultInjector implements EmulatorPlugin {
  readonly name = "faults";
  private active: ActiveRule[] = [];
  private readonly control: boolean;
  /** Faults injected so far, by kind (the tests check a fault really happened). */
  readonly injected = new Map<FaultKind, number>();

  constructor(options: FaultOptions = {}) {
    this.control = options.control ?? false;
    this.set(options.rules ?? []);
  }

  /** Rules from TRAILSCOPE_EMULATOR_FAULTS; control endpoint when TRAILSCOPE_EMULATOR_TEST_MODE=1. */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env): FaultInjector {
    const raw = env.TRAILSCOPE_EMULATOR_FAULTS?.trim();
    return new FaultInjector({
      rules: raw ? parseFaultRules(raw) : [],
      control: env.TRAILSCOPE_EMULATOR_TEST_MODE === "1",
    });
  }

  set(rules: FaultRuleInput[]): void {
    this.active = faultRulesSchema.parse(rules).map((rule) => ({ rule, seen: 0, injected: 0 }));
  }

  clear(): void {
    this.active = [];
  }

  rules(): (FaultRule & { injected: number })[] {
    return this.active.map(({ rule, injected }) => ({ ...rule, injected }));
  }

  async intercept(request: InterceptRequest): Promise<boolean> {
    const fault = this.pick(request);
    if (!fault) return false;
    this.injected.set(fault.fault, (this.injected.get(fault.fault) ?? 0) + 1);
    const { res, protocol } = request;
    switch (fault.fault) {
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        // The real answer follows, late, unless the client gave up meanwhile.
        return request.req.socket.destroyed;
      case "drop":
        request.req.socket.destroy();
        return true;
      case "malformed":
        res.writeHead(200, {
          "Content-Type": protocol === "json" ? "application/x-amz-json-1.1" : "text/xml",
        });
        res.end(protocol === "json" ? '{"Events":[{"EventId":"' : "<LookupEventsResponse><Res");
        return true;
      default: {
        const error = ERRORS[fault.fault];
        const body =
          protocol === "json"
            ? JSON.stringify({ __type: error.json, message: error.message })
            : `<ErrorResponse><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type><Code>${error.query}</Code>` +
              `<Message>${error.message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;
        res.writeHead(error.status, {
          "Content-Type": protocol === "json" ? "application/x-amz-json-1.1" : "text/xml",
          "Content-Length": Buffer.byteLength(body),
          ...(protocol === "json" ? { "x-amzn-ErrorType": error.json } : {}),
        });
        res.end(body);
        return true;
      }
    }
  }

  private pick(request: InterceptRequest): FaultRule | undefined {
    for (const entry of this.active) {
      const { rule } = entry;
      if (rule.account !== undefined && rule.account !== request.accountId) continue;
      if (rule.region !== undefined && rule.region !== request.region) continue;
      if (rule.operation !== undefined && rule.operation !== request.operation) continue;
      entry.seen += 1;
      if (entry.seen <= rule.after) continue;
      if (rule.times !== undefined && entry.injected >= rule.times) continue;
      entry.injected += 1;
      return rule;
    }
    return undefined;
  }

  /**
   * The control endpoint, answered before the AWS dispatcher (it carries no SigV4 credential).
   * Returns false for every other path, and for this one too when not in test mode.
   */
  async route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!this.control || pathname !== CONTROL_PATH) return false;
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method === "GET")
      reply(200, { rules: this.rules(), injected: Object.fromEntries(this.injected) });
    else if (req.method === "DELETE") {
      this.clear();
      reply(200, { rules: [] });
    } else if (req.method === "POST") {
      try {
        this.set(parseFaultRules(await readSmallBody(req)));
        reply(200, { rules: this.rules() });
      } catch (error) {
        reply(400, { message: error instanceof Error ? error.message : String(error) });
      }
    } else reply(405, { message: "GET, POST or DELETE" });
    return true;
  }
}

function readSmallBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new Error("fault rules too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
