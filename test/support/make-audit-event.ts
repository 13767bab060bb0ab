import type { AuditEvent } from "@/lib/events/audit-event";

/** A plain AuditEvent for unit tests; `overrides` replace whole fields. */
export function makeAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventId: "11111111-2222-3333-4444-555555555555",
    eventTime: "2026-11-25T10:00:00Z",
    eventName: "RunInstances",
    eventSource: "ec2.amazonaws.com",
    awsRegion: "us-east-1",
    accountId: "111122223333",
    readOnly: false,
    username: "alice",
    who: {
      type: "IAMUser",
      arn: "arn:aws:iam::111122223333:user/alice",
      accountId: "111122223333",
      display: "alice",
      invokedBy: null,
      chain: [],
    },
    sourceIPAddress: "203.0.113.7",
    userAgent: "aws-cli/2.15.0",
    client: "cli",
    vpcEndpointId: null,
    errorCode: null,
    errorMessage: null,
    resources: [],
    accessKeyId: "AKIAEXAMPLE",
    requestId: "req-1",
    eventType: "AwsApiCall",
    eventCategory: "Management",
    managementEvent: true,
    flags: { root: false, noMfa: false, crossAccount: false },
    raw: {},
    ...overrides,
  };
}
