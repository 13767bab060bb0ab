import "server-only";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

/**
 * Every AWS operation the event-history code can call. Clients are only ever used through the
 * commands exported here, so the list (and the IAM policy in the README) stays complete and read-only.
 */
export const AWS_OPERATIONS = [
  { action: "cloudtrail:LookupEvents", why: "read Event history" },
  {
    action: "sts:GetCallerIdentity",
    why: "find the account of the default credentials (needs no permission)",
  },
  {
    action: "sts:AssumeRole",
    why: "an account configured with roleArn (called by the SDK's credential provider)",
  },
] as const;

export { CloudTrailClient, LookupEventsCommand, GetCallerIdentityCommand, STSClient };
