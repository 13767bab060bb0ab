/**
 * The demo organization served by the embedded emulator. Shared by the emulator and the app's demo
 * source; the credentials are public placeholders that only the emulator accepts.
 */

export interface DemoAccount {
  id: string;
  name: string;
}

/** Account IDs from AWS's documentation examples, so they can never be a real customer's. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: "111122223333", name: "management" },
  { id: "444455556666", name: "prod" },
  { id: "777788889999", name: "dev" },
];

export const DEMO_ORGANIZATION_ID = "o-demo1example";

/**
 * The emulator tells accounts apart by access key ID: AKIA + the 12-digit account ID + DEMO
 * (ASIA… for temporary credentials from its STS AssumeRole).
 */
export function demoAccessKeyId(accountId: string, temporary = false): string {
  return `${temporary ? "ASIA" : "AKIA"}${accountId}DEMO`;
}

/**
 * A key of no demo account: the emulator answers it as its first account (the management account),
 * which is who may list the organization's accounts.
 */
export const DEMO_DISCOVERY_ACCESS_KEY_ID = "AKIATRAILSCOPELISTER";

export function accountFromDemoAccessKeyId(accessKeyId: string): string | undefined {
  return /^(?:AKIA|ASIA)(\d{12})DEMO$/.exec(accessKeyId)?.[1];
}

/** Not a secret: the emulator accepts any signature. Kept distinctive so tests can prove it never leaks. */
export const DEMO_SECRET_ACCESS_KEY = "trailscope-demo-secret-8c1f0e2b9a7d";
