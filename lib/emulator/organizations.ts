import { accountFromDemoAccessKeyId, DEMO_ACCOUNTS, DEMO_ORGANIZATION_ID } from "../demo/accounts";
import { AwsError } from "./errors";
import type { EmulatorPlugin } from "./plugin";

/**
 * AWS Organizations' DescribeOrganization for the demo organization: `aws cloudtrail validate-logs`
 * calls it for an organization trail, whose digest files sit under AWSLogs/<organization ID>/.
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

export function createOrganizationsPlugin(): EmulatorPlugin {
  let demo = false;
  return {
    name: "organizations",
    init(context) {
      demo = context.demo;
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
    },
  };
}

export const organizationsPlugin = createOrganizationsPlugin();
