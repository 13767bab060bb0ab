/**
 * The one domain type that crosses to the browser: a normalized CloudTrail record.
 * Built on the server from LookupEvents output or trail log files; never holds SDK types.
 */

export const IDENTITY_TYPES = [
  "Root",
  "IAMUser",
  "AssumedRole",
  "Role",
  "FederatedUser",
  "AWSService",
  "AWSAccount",
  "IdentityCenterUser",
  "SAMLUser",
  "WebIdentityUser",
  "Directory",
  "Unknown",
] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const CLIENT_KINDS = ["console", "cli", "sdk", "terraform", "aws-service", "other"] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export type IdentityLinkKind =
  "person" | "session" | "role" | "user" | "root" | "service" | "account" | "federated";

/** One hop of "who": e.g. the SSO user, then the permission-set role behind the session. */
export interface IdentityLink {
  kind: IdentityLinkKind;
  label: string;
  arn: string | null;
}

export interface Who {
  type: IdentityType;
  arn: string | null;
  /** The principal's own account (userIdentity.accountId). */
  accountId: string | null;
  /** A person-readable name: "bob@example.com via AWSReservedSSO_AdministratorAccess", "autoscaling.amazonaws.com", "root". */
  display: string;
  /** The service acting for the caller (userIdentity.invokedBy), when one did. */
  invokedBy: string | null;
  chain: IdentityLink[];
}

export interface EventFlags {
  root: boolean;
  /** A session created without MFA (sessionContext.attributes.mfaAuthenticated = "false") for a human principal. */
  noMfa: boolean;
  /** The caller's account differs from the account that recorded the event. */
  crossAccount: boolean;
}

export interface EventResource {
  type: string | null;
  name: string;
}

export interface AuditEvent {
  eventId: string;
  /** ISO 8601, UTC. */
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  /** The account that recorded the event (recipientAccountId). */
  accountId: string;
  readOnly: boolean;
  /** LookupEvents' Username: the IAM user name, or an assumed role's session name. */
  username: string | null;
  who: Who;
  sourceIPAddress: string | null;
  userAgent: string | null;
  client: ClientKind;
  vpcEndpointId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  resources: EventResource[];
  accessKeyId: string | null;
  requestId: string | null;
  eventType: string | null;
  eventCategory: string;
  managementEvent: boolean | null;
  flags: EventFlags;
  /** Where this copy was read: Event history (LookupEvents) or a trail's log files. Set on answers. */
  origin?: "history" | "archive";
  /** The full CloudTrail record, for the detail view. Every string in it is attacker-controllable. */
  raw: Record<string, unknown>;
}
