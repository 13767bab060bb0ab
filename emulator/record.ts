import { collectLeaves, resourcesOf } from "../lib/events/resource-types";

/**
 * The CloudTrail record as the emulator keeps it, and the fields LookupEvents reports for it,
 * derived the way Event history does: `Username` from the identity, `Resources` from the record's
 * `resources` when present, else from the request parameters and response elements by the resource
 * table the investigation shares (lib/investigate/resource-types.ts).
 */

export interface CloudTrailUserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: {
      type?: string;
      principalId?: string;
      arn?: string;
      accountId?: string;
      userName?: string;
    };
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    webIdFederationData?: Record<string, unknown>;
    sourceIdentity?: string;
  };
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  [key: string]: unknown;
}

export interface CloudTrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
}

export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: CloudTrailUserIdentity;
  eventTime: string;
  /** Absent in Insights records, which name the call in `insightDetails`. */
  eventSource?: string;
  eventName?: string;
  awsRegion: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID: string;
  readOnly?: boolean;
  resources?: CloudTrailResource[];
  eventType?: string;
  managementEvent?: boolean;
  recipientAccountId?: string;
  eventCategory?: string;
  insightDetails?: { eventSource?: string; eventName?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface LookupResource {
  type: string;
  name: string;
}

/** Event history reports the IAM user name, or the session name of an assumed role. */
export function deriveUsername(record: CloudTrailRecord): string | undefined {
  const id = record.userIdentity;
  if (!id) return undefined;
  switch (id.type) {
    case "IAMUser":
      return id.userName ?? id.arn?.split("/").pop();
    case "AssumedRole":
    case "FederatedUser": {
      const sessionName = id.arn?.split("/").slice(2).join("/");
      return sessionName || id.principalId?.split(":")[1] || undefined;
    }
    case "Root":
      return id.userName ?? "root";
    case "IdentityCenterUser":
      return id.userName ?? id.onBehalfOf?.userId;
    default:
      return id.userName;
  }
}

export function deriveResources(record: CloudTrailRecord): LookupResource[] {
  const seen = new Set<string>();
  const out: LookupResource[] = [];
  const add = (type: string, name: string) => {
    const key = `${type}\u0000${name}`;
    if (name.length === 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ type, name });
  };
  if (record.resources?.length) {
    for (const r of record.resources) if (r.type && r.ARN) add(r.type, r.ARN);
    return out;
  }
  const leaves = collectLeaves(record.requestParameters, "", []);
  collectLeaves(record.responseElements, "", leaves);
  for (const r of resourcesOf(record.eventSource ?? "", record.eventName ?? "", leaves)) add(r.type, r.name);
  return out;
}

/** A record without `readOnly` counts as a write, so it stays visible under the default read-only = false filter. */
export function recordReadOnly(record: CloudTrailRecord): boolean {
  return record.readOnly === true;
}
