import type { SourceError } from "../events/api-contract";
import type { Account } from "./account";

/**
 * SDK and transport failures translated into what the user can do. Messages come from AWS or Node
 * (never from credentials); they are trimmed so a long HTML error page cannot flood the screen.
 */

export interface ErrorContext {
  source: "demo" | "aws";
  account?: Account;
  region?: string;
}

/** A source failed: thrown by the per-source lookup functions, already mapped. */
export class SourceFailure extends Error {
  override readonly name = "SourceFailure";
  readonly sourceError: SourceError;

  constructor(sourceError: SourceError) {
    super(sourceError.message);
    this.sourceError = sourceError;
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
]);
const BAD_KEY = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function errorName(error: ErrorShape): string {
  return typeof error.name === "string" ? error.name : "";
}

function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const shape = error as ErrorShape;
  if (typeof shape.code === "string" && NETWORK_CODES.has(shape.code)) return shape.code;
  if (errorName(shape) === "TimeoutError") return "ETIMEDOUT";
  if (Array.isArray((error as { errors?: unknown }).errors)) {
    for (const inner of (error as { errors: unknown[] }).errors) {
      const code = networkCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return networkCode(shape.cause, depth + 1);
}

function shortMessage(value: unknown): string {
  const text = typeof value === "string" && value.trim() ? value.trim() : "no details";
  const firstLine = text.split("\n")[0] ?? text;
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

function profileOf(context: ErrorContext): string {
  const credentials = context.account?.credentials;
  return credentials?.profile ?? credentials?.baseProfile ?? process.env.AWS_PROFILE ?? "default";
}

function where(context: ErrorContext): string {
  const account = context.account ? `${context.account.name} (${context.account.id})` : "the account";
  return context.region ? `${account} in ${context.region}` : account;
}

/** Whether the failure is the request being cancelled (the browser went away), not an error. */
export function isAbort(error: unknown): boolean {
  return typeof error === "object" && error !== null && errorName(error as ErrorShape) === "AbortError";
}

/** `context` (which account and region) makes the message specific; a SourceFailure keeps its own. */
export function toSourceError(error: unknown, context: ErrorContext = { source: "aws" }): SourceError {
  if (error instanceof SourceFailure) return error.sourceError;
  const shape: ErrorShape =
    typeof error === "object" && error !== null ? (error as ErrorShape) : { message: String(error) };
  const name = errorName(shape);
  const message = shortMessage(shape.message);
  const lower = message.toLowerCase();

  const network = networkCode(error);
  if (network) {
    return {
      code: "EndpointUnreachable",
      message: `Cannot reach the CloudTrail endpoint for ${where(context)} (${network}).`,
      hint:
        context.source === "demo"
          ? "Is the endpoint reachable? Check TRAILSCOPE_EMULATOR_URL, or start Trailscope with npm start, which starts the demo endpoint."
          : "Is the endpoint reachable? Check the network, proxy settings and any AWS_ENDPOINT_URL* setting.",
    };
  }
  if (
    EXPIRED.has(name) ||
    (lower.includes("sso") && (lower.includes("expired") || lower.includes("refresh")))
  ) {
    return {
      code: EXPIRED.has(name) ? name : "ExpiredTokenException",
      message: `The credentials for ${where(context)} have expired: ${message}`,
      hint: `Your session expired: run aws sso login --profile ${profileOf(context)} (or refresh the credentials), then retry.`,
    };
  }
  if (name === "CredentialsProviderError" || lower.includes("could not load credentials")) {
    return {
      code: "CredentialsProviderError",
      message: `No credentials for ${where(context)}: ${message}`,
      hint: "No credentials: set AWS_PROFILE (or the account's profile in trailscope.config.json), run aws sso login or aws configure, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
    };
  }
  if (ACCESS_DENIED.has(name)) {
    const assumeRole = lower.includes("assumerole");
    return {
      code: name,
      message: `Access denied for ${where(context)}: ${message}`,
      hint: assumeRole
        ? "The role could not be assumed: check its trust policy allows the base credentials (and the external ID), and that they may call sts:AssumeRole."
        : "The credentials need cloudtrail:LookupEvents on this account (see the IAM policy in the README).",
    };
  }
  if (BAD_KEY.has(name)) {
    return {
      code: name,
      message: `The access key for ${where(context)} is not recognized: ${message}`,
      hint: "Check the profile's credentials (aws sts get-caller-identity --profile …) and the system clock.",
    };
  }
  if (name === "ThrottlingException" || name === "TooManyRequestsException" || name === "Throttling") {
    return {
      code: "ThrottlingException",
      message: `CloudTrail kept throttling ${where(context)} after retries: ${message}`,
      hint: "LookupEvents allows 2 requests per second per account and region. Narrow the query (a lookup filter or a shorter time range), lower the limit, or retry in a moment.",
    };
  }
  if (name === "InvalidTimeRangeException") {
    return { code: name, message, hint: "The start of the time range must not be after its end." };
  }
  if (name === "InvalidNextTokenException") {
    return {
      code: name,
      message,
      hint: "The continuation no longer matches this query: reload without the cursor.",
    };
  }
  if (name === "InvalidLookupAttributesException" || name === "InvalidEventCategoryException") {
    return {
      code: name,
      message,
      hint: "Change the filter: LookupEvents accepts one attribute with a value of 1-2000 characters.",
    };
  }
  if (name === "OperationNotPermittedException" || name === "UnsupportedOperationException") {
    return { code: name, message, hint: `Event history is not available for ${where(context)}.` };
  }
  if (name === "EmulatorNotConfigured") {
    return {
      code: name,
      message,
      hint: "Start Trailscope with npm start, or set TRAILSCOPE_EMULATOR_URL to a running demo endpoint.",
    };
  }
  return {
    code: name && name !== "Error" ? name : "UnknownError",
    message: `The request for ${where(context)} failed: ${message}`,
    hint: "Retry; if it keeps failing, check the server log and the AWS service health dashboard.",
  };
}
