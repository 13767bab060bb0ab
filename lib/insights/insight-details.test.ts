import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { toInsightEvent } from "./insight-details";

const insightRecord = {
  eventVersion: "1.08",
  eventTime: "2026-11-20T10:05:00Z",
  awsRegion: "us-east-1",
  eventID: "ins-1",
  eventType: "AwsCloudTrailInsight",
  recipientAccountId: "111122223333",
  sharedEventID: "shared-1",
  eventCategory: "Insight",
  insightDetails: {
    state: "Start",
    eventSource: "ssm.amazonaws.com",
    eventName: "UpdateInstanceAssociationStatus",
    insightType: "ApiCallRateInsight",
    insightContext: {
      statistics: { baseline: { average: 1.75 }, insight: { average: 38.5 }, insightDuration: 3 },
      attributions: [
        {
          attribute: "userIdentityArn",
          insight: [{ value: "arn:aws:iam::111122223333:role/ci", average: 30 }],
          baseline: [{ value: "arn:aws:iam::111122223333:role/ci", average: 1 }],
        },
      ],
    },
  },
};

describe("toInsightEvent", () => {
  it("reads the state, the call and the baseline and insight averages", () => {
    const insight = toInsightEvent(
      makeAuditEvent({ eventId: "ins-1", eventName: "", eventSource: "", raw: insightRecord }),
    );
    expect(insight).toEqual({
      eventId: "ins-1",
      eventTime: "2026-11-25T10:00:00Z",
      region: "us-east-1",
      accountId: "111122223333",
      sharedEventId: "shared-1",
      state: "Start",
      insightType: "ApiCallRateInsight",
      eventSource: "ssm.amazonaws.com",
      eventName: "UpdateInstanceAssociationStatus",
      errorCode: null,
      baselineAverage: 1.75,
      insightAverage: 38.5,
      insightDuration: 3,
      attributions: [
        {
          attribute: "userIdentityArn",
          values: [{ value: "arn:aws:iam::111122223333:role/ci", average: 30 }],
        },
      ],
    });
  });

  it("keeps what it can of a malformed record", () => {
    const insight = toInsightEvent(
      makeAuditEvent({
        eventName: "PutObject",
        eventSource: "s3.amazonaws.com",
        raw: {
          insightDetails: { state: "End", insightContext: { statistics: { baseline: "x" } }, errorCode: 5 },
        },
      }),
    );
    expect(insight).toMatchObject({
      state: "End",
      eventName: "PutObject",
      eventSource: "s3.amazonaws.com",
      errorCode: null,
      baselineAverage: null,
      attributions: [],
    });
    expect(toInsightEvent(makeAuditEvent({ raw: { insightDetails: "nonsense" } })).state).toBe("Unknown");
  });
});
