import type { ClientKind } from "./audit-event";
import { isServiceHost } from "./record-fields";

const CONSOLE_HOST = /^(console|signin)(\.[a-z0-9-]+)*\.amazonaws\.com$/i;

/**
 * The kind of client behind a call, from its user agent and identity. Order matters: the console's
 * own hosts (`console.amazonaws.com`, `signin.amazonaws.com`) look like service hosts, the CLI's
 * agent also names botocore and Terraform's names the Go SDK.
 */
export function clientKind(
  userAgent: string | undefined,
  identity: { type?: string; invokedBy?: string } = {},
): ClientKind {
  const ua = userAgent?.trim() ?? "";
  const invokedBy = identity.invokedBy;
  if (invokedBy && CONSOLE_HOST.test(invokedBy)) return "console";
  if (identity.type === "AWSService" || isServiceHost(invokedBy)) return "aws-service";
  if (
    ua === "AWS Internal" ||
    CONSOLE_HOST.test(ua) ||
    /^\[?[A-Za-z0-9]*Console\//.test(ua) ||
    /^\[?Mozilla\//.test(ua)
  ) {
    return "console";
  }
  if (isServiceHost(ua)) return "aws-service";
  if (/(^|[\s[(])aws-cli\//i.test(ua)) return "cli";
  if (/terraform/i.test(ua)) return "terraform";
  if (/\b(Boto3|botocore)\//i.test(ua) || /\baws-sdk-[a-z0-9-]+/i.test(ua) || /^aws-sdk\//i.test(ua))
    return "sdk";
  return "other";
}
