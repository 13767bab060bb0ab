import "server-only";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import type { Account } from "../aws/account";
import { DEMO_DISCOVERY_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from "../demo/accounts";
import { toSourceError } from "../aws/errors";
import { UpstreamError } from "../events/errors";

/**
 * The accounts a running demo endpoint serves, found the way one finds an organization's accounts
 * on AWS: Organizations ListAccounts, asked as the management account. Only ever sent to the demo
 * endpoint (TRAILSCOPE_EMULATOR_URL), never to AWS, so it is not in the least-privilege policy.
 */
export async function emulatorAccounts(emulatorUrl: string): Promise<Account[]> {
  const client = new OrganizationsClient({
    endpoint: emulatorUrl,
    region: "us-east-1",
    credentials: { accessKeyId: DEMO_DISCOVERY_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  });
  const accounts: Account[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const a of page.Accounts ?? []) {
        if (a.Id && (a.Status === undefined || a.Status === "ACTIVE"))
          accounts.push({ id: a.Id, name: a.Name ?? a.Id, credentials: {} });
      }
    }
  } catch (error) {
    const sourceError = toSourceError(error, { source: "demo" });
    throw new UpstreamError({
      ...sourceError,
      message: `The demo endpoint ${emulatorUrl} did not list its accounts (Organizations ListAccounts): ${sourceError.message}`,
    });
  } finally {
    client.destroy();
  }
  return accounts;
}
