import { randomBytes } from "node:crypto";
import { DEMO_ACCOUNTS, demoAccessKeyId } from "../lib/demo/accounts";
import { AwsError } from "./errors";
import type { EmulatorPlugin } from "./plugin";

/**
 * STS for the demo accounts (awsQuery protocol): GetCallerIdentity, and AssumeRole into each demo
 * account's read-only role, which returns temporary demo credentials for that account.
 */

export const DEMO_ROLE_NAME = "TrailscopeReadOnly";
/** The dev account's role demands an external ID, as cross-account roles for third-party tools should. */
export const DEMO_EXTERNAL_IDS: Readonly<Record<string, string>> = { "777788889999": "trailscope-demo" };

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function accessDenied(message: string): AwsError {
  return new AwsError("AccessDenied", message, 403);
}

export const stsPlugin: EmulatorPlugin = {
  name: "sts",
  queryOperations: {
    GetCallerIdentity: ({ accountId, accessKeyId }) => {
      const temporary = accessKeyId.startsWith("ASIA");
      const arn = temporary
        ? `arn:aws:sts::${accountId}:assumed-role/${DEMO_ROLE_NAME}/trailscope`
        : `arn:aws:iam::${accountId}:user/trailscope-demo`;
      const userId = temporary ? `AROADEMO${accountId}:trailscope` : `AIDADEMO${accountId}`;
      return `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${accountId}</Account>`;
    },
    AssumeRole: ({ params, accountId: caller }) => {
      const roleArn = params.get("RoleArn") ?? "";
      const sessionName = params.get("RoleSessionName") ?? "";
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw new AwsError(
          "ValidationError",
          "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
        );
      }
      const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      const target = match?.[1];
      const notAuthorized = `User: arn:aws:iam::${caller}:user/trailscope-demo is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
      if (!match || !target || match[2] !== DEMO_ROLE_NAME || !DEMO_ACCOUNTS.some((a) => a.id === target)) {
        throw accessDenied(notAuthorized);
      }
      const externalId = DEMO_EXTERNAL_IDS[target];
      if (externalId !== undefined && params.get("ExternalId") !== externalId)
        throw accessDenied(notAuthorized);
      const seconds = Number(params.get("DurationSeconds") ?? 3600);
      const expiration = new Date(Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000);
      const token = randomBytes(48).toString("base64");
      return (
        `<AssumedRoleUser><AssumedRoleId>AROADEMO${target}:${escapeXml(sessionName)}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${target}:assumed-role/${DEMO_ROLE_NAME}/${escapeXml(sessionName)}</Arn></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${demoAccessKeyId(target, true)}</AccessKeyId>` +
        `<SecretAccessKey>${randomBytes(30).toString("base64")}</SecretAccessKey>` +
        `<SessionToken>${token}</SessionToken>` +
        `<Expiration>${expiration.toISOString().replace(/\.\d{3}Z$/, "Z")}</Expiration></Credentials>`
      );
    },
  },
};
