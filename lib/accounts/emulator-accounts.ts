import "server-only";
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import type { Account } from "../aws/account";
import { DEMO_DISCOVERY_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from "../demo/accounts";
import { toSourceError } from "../aws/errors";
import { UpstreamError } from "../events/errors";

/**
 * The accounts a running demo endpoint serves, found the way one finds an organization's accounts
 * on AWS: Organizations ListAccounts, asked as the management account. The project has no SDK client
 * for Organizations (@aws-sdk/client-organizations is not a dependency), so the one JSON 1.1 call is
 * signed here with SigV4.
 */

const REGION = "us-east-1";
const SERVICE = "organizations";
const TARGET = "AWSOrganizationsV20161128.ListAccounts";

const pageSchema = z.object({
  Accounts: z.array(
    z.object({
      Id: z.string().regex(/^\d{12}$/),
      Name: z.string().min(1).optional(),
      Status: z.string().optional(),
    }),
  ),
  NextToken: z.string().min(1).optional(),
});

const errorSchema = z.object({ __type: z.string().optional(), message: z.string().optional() });

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: Buffer | string, text: string) => createHmac("sha256", key).update(text).digest();

function signedHeaders(url: URL, body: string, now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    host: url.host,
    "x-amz-date": amzDate,
    "x-amz-target": TARGET,
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    "POST",
    url.pathname || "/",
    "",
    ...names.map((n) => `${n}:${headers[n]}`),
    "",
    names.join(";"),
    sha256(body),
  ].join("\n");
  const scope = `${day}/${REGION}/${SERVICE}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = [day, REGION, SERVICE, "aws4_request"].reduce<Buffer | string>(
    (k, part) => hmac(k, part),
    `AWS4${DEMO_SECRET_ACCESS_KEY}`,
  );
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${DEMO_DISCOVERY_ACCESS_KEY_ID}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}

async function listAccountsPage(url: URL, token: string | undefined) {
  const body = JSON.stringify(token ? { NextToken: token } : {});
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: signedHeaders(url, body, new Date()), body });
  } catch (error) {
    throw new UpstreamError(toSourceError(error, { source: "demo" }));
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const failure = errorSchema.safeParse(json);
    throw new UpstreamError({
      code: (failure.success && failure.data.__type?.split("#").pop()) || `HTTP${response.status}`,
      message: `The demo endpoint ${url.origin} did not list its accounts (Organizations ListAccounts): ${(failure.success && failure.data.message) || response.statusText}`,
      hint: "Start it with npm run emulator, or name the accounts to read in TRAILSCOPE_ACCOUNTS.",
    });
  }
  const page = pageSchema.safeParse(json);
  if (!page.success) {
    throw new UpstreamError({
      code: "InvalidResponse",
      message: `The demo endpoint ${url.origin} answered ListAccounts with an unexpected body.`,
      hint: "Check that TRAILSCOPE_EMULATOR_URL points at Trailscope's emulator.",
    });
  }
  return page.data;
}

/** Every active account of the endpoint's organization, named as it names them. */
export async function emulatorAccounts(emulatorUrl: string): Promise<Account[]> {
  const url = new URL("/", emulatorUrl);
  const accounts: Account[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await listAccountsPage(url, token);
    for (const a of page.Accounts) {
      if (a.Status === undefined || a.Status === "ACTIVE")
        accounts.push({ id: a.Id, name: a.Name ?? a.Id, credentials: {} });
    }
    // A token equal to the one just used would loop forever.
    if (!page.NextToken || page.NextToken === token) break;
    token = page.NextToken;
  }
  return accounts;
}
