import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventStore } from "./store";

/** How other modules add operations to the emulator without touching its dispatcher. */

export interface PluginContext {
  store: EventStore;
  /** A folder the plugin may write to (for example a demo trail archive); undefined when none was given. */
  dataDir: string | undefined;
  now: Date;
  accounts: string[];
  regions: string[];
  /** True when the store holds the generated demo dataset, false for TRAILSCOPE_DATA log files. */
  demo: boolean;
}

export interface OperationRequest {
  accountId: string;
  region: string;
  accessKeyId: string;
}

export interface JsonRequest extends OperationRequest {
  body: Record<string, unknown>;
}

export interface QueryRequest extends OperationRequest {
  params: URLSearchParams;
}

/** Returns the response object, or throws an `AwsError`. */
export type JsonHandler = (
  request: JsonRequest,
) => Promise<Record<string, unknown>> | Record<string, unknown>;
/** Returns the `<OpResult>` element's inner XML, or throws an `AwsError`. */
export type QueryHandler = (request: QueryRequest) => Promise<string> | string;

export interface InterceptRequest extends OperationRequest {
  protocol: "json" | "query";
  operation: string;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface EmulatorPlugin {
  name: string;
  init?(ctx: PluginContext): Promise<void>;
  jsonOperations?: Record<string, JsonHandler>;
  queryOperations?: Record<string, QueryHandler>;
  /**
   * Runs before every authenticated operation (fault injection). Return true when the plugin has
   * written the response itself; the operation then does not run.
   */
  intercept?(request: InterceptRequest): Promise<boolean> | boolean;
  /**
   * Runs first for every request, before authentication (a control endpoint on its own path).
   * Return true when the plugin has answered the request.
   */
  route?(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> | boolean;
}
