import { accountFromDemoAccessKeyId, DEMO_ACCOUNTS, DEMO_ORGANIZATION_ID } from "../lib/demo/accounts";
import { AwsError } from "./errors";
import type { EmulatorPlugin } from "./plugin";

/**
 * AWS Organizations for the emulator's accounts. DescribeOrganization: `aws cloudtrail validate-logs`
 * calls it for an organization trail, whose digest files sit under AWSLogs/<organization ID>/.
 * ListAccounts: how a client learns which accounts the emulator serves (the demo organization, or the
 * accounts of TRAILSCOPE_DATA log files), answered to the management account only, as AWS does.
 */

const DEMO_MANAGEMENT_ACCOUNT_ID = DEMO_ACCOUNTS.find((a) => a.name === "management")!.id;

function demoOrganization(): Record<string, unknown> {
  const arnPrefix = `arn:aws:organizations::${DEMO_MANAGEMENT_ACCOUNT_ID}`;
  return {
    Id: DEMO_ORGANIZATION_ID,
    Arn: `${arnPrefix}:organization/${DEMO_ORGANIZATION_ID}`,
    FeatureSet: "ALL",
    MasterAccountArn: `${arnPrefix}:account/${DEMO_ORGANIZATION_ID}/${DEMO_MANAGEMENT_ACCOUNT_ID}`,
    MasterAccountId: DEMO_MANAGEMENT_ACCOUNT_ID,
    MasterAccountEmail: "management@example.com",
    AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
  };
}

/** ListAccounts' MaxResults: 1-20, and AWS's page size when absent. */
const MAX_RESULTS = 20;

function listAccountsPage(
  accounts: { id: string; name: string }[],
  management: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const max = body.MaxResults ?? MAX_RESULTS;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    throw new AwsError("InvalidInputException", `MaxResults must be an integer from 1 to ${MAX_RESULTS}.`);
  }
  let start = 0;
  if (body.NextToken !== undefined) {
    const match = typeof body.NextToken === "string" ? /^a(\d+)$/.exec(body.NextToken) : null;
    start = match ? Number(match[1]) : -1;
    if (start < 0 || start > accounts.length) {
      throw new AwsError("InvalidInputException", "The NextToken is not valid.");
    }
  }
  const page = accounts.slice(start, start + max);
  return {
    Accounts: page.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${management}:account/${DEMO_ORGANIZATION_ID}/${a.id}`,
      Email: `${a.name}@example.com`,
      Name: a.name,
      Status: "ACTIVE",
      State: "ACTIVE",
      JoinedMethod: a.id === management ? "CREATED" : "INVITED",
      JoinedTimestamp: 1_735_689_600,
    })),
    ...(start + max < accounts.length ? { NextToken: `a${start + max}` } : {}),
  };
}

export function createOrganizationsPlugin(): EmulatorPlugin {
  let demo = false;
  let members: { id: string; name: string }[] = [];
  return {
    name: "organizations",
    init(context) {
      demo = context.demo;
      // Log files carry account IDs only: each is named by its ID, and the first one manages them.
      members = demo
        ? DEMO_ACCOUNTS.map((a) => ({ id: a.id, name: a.name }))
        : context.accounts.map((id) => ({ id, name: id }));
      return Promise.resolve();
    },
    jsonOperations: {
      // The dispatcher maps an unknown access key to a default account, so membership is read from the key itself.
      DescribeOrganization: ({ accessKeyId }) => {
        const caller = accountFromDemoAccessKeyId(accessKeyId);
        if (!demo || !DEMO_ACCOUNTS.some((a) => a.id === caller)) {
          throw new AwsError(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
          );
        }
        return { Organization: demoOrganization() };
      },
      ListAccounts: ({ accountId, body }) => {
        const management = demo ? DEMO_MANAGEMENT_ACCOUNT_ID : members[0]?.id;
        if (!members.some((m) => m.id === accountId)) {
          throw new AwsError(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
          );
        }
        if (accountId !== management) {
          throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.");
        }
        return listAccountsPage(members, management, body);
      },
    },
  };
}
