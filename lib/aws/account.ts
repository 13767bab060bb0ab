/**
 * An AWS account Trailscope reads. Credentials are described, never held: a profile name or a role
 * to assume, resolved by the AWS SDK's own providers when a request needs them.
 */
export interface AccountCredentials {
  /** A named profile of ~/.aws/config (SSO, static keys, credential_process…). */
  profile?: string;
  /** A role to assume (sts:AssumeRole) with the base credentials. */
  roleArn?: string;
  externalId?: string;
  /** The profile whose credentials assume `roleArn`; the default credential chain when absent. */
  baseProfile?: string;
}

export interface Account {
  /** 12-digit account ID. */
  id: string;
  name: string;
  /** The regions to read; the TRAILSCOPE_REGIONS setting when absent. */
  regions?: string[];
  credentials: AccountCredentials;
}
