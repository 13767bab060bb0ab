import type { CloudTrailRecord, CloudTrailResource, CloudTrailUserIdentity } from "../record";
import { identityFor, userAgentFor, type ClientKind, type Principal } from "./principals";

/** One API call as the dataset describes it, before it becomes a CloudTrail record. */
export interface Call {
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  resources?: CloudTrailResource[];
  eventType?: "AwsApiCall" | "AwsConsoleSignIn" | "AwsServiceEvent";
  errorCode?: string;
  errorMessage?: string;
  userAgent?: string;
  sourceIPAddress?: string;
}

export interface Actor {
  principal: Principal;
  client: ClientKind;
  /** A service acting on the principal's behalf (CloudFormation creating a stack's resources). */
  invokedBy?: string;
  /** The principal's own account when it acts in another one (recorded in both, with a shared event ID). */
  homeAccountId?: string;
}

export interface RecordInput {
  accountId: string;
  region: string;
  time: Date;
  actor: Actor;
  call: Call;
  eventId: string;
  requestId: string;
  pick: <T>(items: readonly T[]) => T;
}

/** Global services are recorded in us-east-1 (DESIGN.md §2). */
export const GLOBAL_SOURCES = new Set([
  "iam.amazonaws.com",
  "signin.amazonaws.com",
  "cloudfront.amazonaws.com",
  "route53.amazonaws.com",
]);

export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function endpointHost(eventSource: string, region: string): string {
  const service = eventSource.replace(".amazonaws.com", "");
  if (GLOBAL_SOURCES.has(eventSource)) return `${service}.amazonaws.com`;
  if (service === "s3") return `s3.${region}.amazonaws.com`;
  return `${service === "monitoring" ? "monitoring" : service}.${region}.amazonaws.com`;
}

export function buildRecord({
  accountId,
  region,
  time,
  actor,
  call,
  eventId,
  requestId,
  pick,
}: RecordInput): CloudTrailRecord {
  const { principal, client, invokedBy } = actor;
  const serviceActor = principal.kind === "service" ? principal.service : invokedBy;
  const sourceIPAddress =
    call.sourceIPAddress ?? serviceActor ?? (principal.kind === "service" ? principal.service : principal.ip);
  const userAgent =
    call.userAgent ?? (serviceActor ? serviceActor : userAgentFor(client, call.eventSource, pick));
  const failed = call.errorCode !== undefined;
  const eventType = call.eventType ?? "AwsApiCall";
  const identityOf = (type: typeof eventType): CloudTrailUserIdentity => {
    if (type === "AwsServiceEvent") return { accountId, invokedBy: call.eventSource };
    const identity = identityFor(principal, actor.homeAccountId ?? accountId, client, time, invokedBy);
    if (type !== "AwsConsoleSignIn") return identity;
    // Sign-in events carry no session or key: the session starts with them.
    const { accessKeyId: _key, sessionContext: _session, ...signIn } = identity;
    return signIn;
  };
  return {
    eventVersion: eventType === "AwsConsoleSignIn" ? "1.09" : "1.11",
    userIdentity: identityOf(eventType),
    eventTime: isoSeconds(time),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: region,
    sourceIPAddress: eventType === "AwsServiceEvent" ? call.eventSource : sourceIPAddress,
    userAgent: eventType === "AwsServiceEvent" ? call.eventSource : userAgent,
    ...(call.errorCode !== undefined ? { errorCode: call.errorCode } : {}),
    ...(call.errorMessage !== undefined ? { errorMessage: call.errorMessage } : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: failed ? null : (call.responseElements ?? null),
    ...(call.additionalEventData ? { additionalEventData: call.additionalEventData } : {}),
    ...(eventType === "AwsApiCall" ? { requestID: requestId } : {}),
    eventID: eventId,
    readOnly: call.readOnly,
    ...(call.resources ? { resources: call.resources } : {}),
    eventType,
    managementEvent: true,
    recipientAccountId: accountId,
    ...(eventType === "AwsServiceEvent" || (actor.homeAccountId && actor.homeAccountId !== accountId)
      ? { sharedEventID: requestId }
      : {}),
    eventCategory: "Management",
    ...(eventType === "AwsApiCall" && !serviceActor
      ? {
          tlsDetails: {
            tlsVersion: "TLSv1.3",
            cipherSuite: "TLS_AES_128_GCM_SHA256",
            clientProvidedHostHeader: endpointHost(call.eventSource, region),
          },
        }
      : {}),
    ...(client === "console" && principal.kind !== "service" && eventType === "AwsApiCall"
      ? { sessionCredentialFromConsole: "true" }
      : {}),
  };
}
