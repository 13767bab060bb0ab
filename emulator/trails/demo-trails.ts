import { DEMO_ACCOUNTS, DEMO_ORGANIZATION_ID } from "../../lib/demo/accounts";

/**
 * The demo organization's trails, in CloudTrail's own JSON shapes (DescribeTrails, GetTrailStatus,
 * GetEventSelectors, GetInsightSelectors). Times are relative to the emulator's clock.
 */

const [management, prod, dev] = DEMO_ACCOUNTS.map((a) => a.id) as [string, string, string];

export const CENTRAL_BUCKET = "trailscope-demo-central-logs";
export const ORG_TRAIL_NAME = "org-trail";
export const ORG_TRAIL_HOME = "us-east-1";
export const ORG_TRAIL_ARN = `arn:aws:cloudtrail:${ORG_TRAIL_HOME}:${management}:trail/${ORG_TRAIL_NAME}`;

/** Logging of the organization trail was stopped for these hours before the newest digest: a real gap in the chain. */
export const GAP_HOURS = { stoppedHoursAgo: 30, restartedHoursAgo: 27 } as const;

export interface DemoTrail {
  accountId: string;
  trail: {
    Name: string;
    S3BucketName: string;
    S3KeyPrefix?: string;
    IncludeGlobalServiceEvents: boolean;
    IsMultiRegionTrail: boolean;
    HomeRegion: string;
    TrailARN: string;
    LogFileValidationEnabled: boolean;
    CloudWatchLogsLogGroupArn?: string;
    CloudWatchLogsRoleArn?: string;
    KmsKeyId?: string;
    HasCustomEventSelectors: boolean;
    HasInsightSelectors: boolean;
    IsOrganizationTrail: boolean;
  };
  status(now: Date): Record<string, unknown>;
  eventSelectors: Record<string, unknown>;
  insightSelectors?: Record<string, unknown>[];
}

const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const hourFloor = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);

export const DEMO_TRAILS: readonly DemoTrail[] = [
  {
    accountId: management,
    trail: {
      Name: ORG_TRAIL_NAME,
      S3BucketName: CENTRAL_BUCKET,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: ORG_TRAIL_HOME,
      TrailARN: ORG_TRAIL_ARN,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:${ORG_TRAIL_HOME}:${management}:key/1a2b3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d`,
      HasCustomEventSelectors: true,
      HasInsightSelectors: true,
      IsOrganizationTrail: true,
    },
    status: (now) => {
      const restarted = new Date(hourFloor(now).getTime() - GAP_HOURS.restartedHoursAgo * 3_600_000);
      const stopped = new Date(hourFloor(now).getTime() - GAP_HOURS.stoppedHoursAgo * 3_600_000);
      return {
        IsLogging: true,
        LatestDeliveryTime: epoch(minutesAgo(now, 4)),
        LatestDigestDeliveryTime: epoch(hourFloor(now)),
        StartLoggingTime: epoch(restarted),
        StopLoggingTime: epoch(stopped),
        LatestDeliveryAttemptTime: minutesAgo(now, 4).toISOString(),
        LatestDeliveryAttemptSucceeded: minutesAgo(now, 4).toISOString(),
        TimeLoggingStarted: restarted.toISOString(),
        TimeLoggingStopped: stopped.toISOString(),
      };
    },
    eventSelectors: {
      AdvancedEventSelectors: [
        { Name: "Management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
        {
          Name: "S3 object activity in production buckets",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
          ],
        },
        {
          Name: "Lambda invocations",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::Lambda::Function"] },
          ],
        },
      ],
    },
    insightSelectors: [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }],
  },
  {
    accountId: prod,
    trail: {
      Name: "prod-app-trail",
      S3BucketName: "trailscope-prod-app-logs",
      S3KeyPrefix: "prod",
      IncludeGlobalServiceEvents: false,
      IsMultiRegionTrail: false,
      HomeRegion: "us-west-2",
      TrailARN: `arn:aws:cloudtrail:us-west-2:${prod}:trail/prod-app-trail`,
      LogFileValidationEnabled: false,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-west-2:${prod}:log-group:aws-cloudtrail-logs-prod-app:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${prod}:role/CloudTrail_CloudWatchLogs_Role`,
      HasCustomEventSelectors: true,
      HasInsightSelectors: false,
      IsOrganizationTrail: false,
    },
    status: (now) => ({
      IsLogging: true,
      LatestDeliveryTime: epoch(minutesAgo(now, 7)),
      LatestCloudWatchLogsDeliveryTime: epoch(minutesAgo(now, 2)),
      StartLoggingTime: epoch(new Date(now.getTime() - 200 * 86_400_000)),
      LatestDeliveryAttemptTime: minutesAgo(now, 7).toISOString(),
      LatestDeliveryAttemptSucceeded: minutesAgo(now, 7).toISOString(),
      TimeLoggingStarted: new Date(now.getTime() - 200 * 86_400_000).toISOString(),
    }),
    eventSelectors: {
      EventSelectors: [
        {
          ReadWriteType: "All",
          IncludeManagementEvents: true,
          DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::prod-customer-exports/"] }],
          ExcludeManagementEventSources: ["kms.amazonaws.com"],
        },
      ],
    },
  },
  {
    accountId: dev,
    trail: {
      Name: "dev-sandbox-trail",
      S3BucketName: "trailscope-dev-sandbox-logs",
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: "eu-west-1",
      TrailARN: `arn:aws:cloudtrail:eu-west-1:${dev}:trail/dev-sandbox-trail`,
      LogFileValidationEnabled: false,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: false,
    },
    // The bucket policy no longer lets CloudTrail write: every delivery since yesterday failed.
    status: (now) => ({
      IsLogging: true,
      LatestDeliveryError: "AccessDenied",
      LatestDigestDeliveryError: "AccessDenied",
      LatestDeliveryTime: epoch(minutesAgo(now, 26 * 60)),
      StartLoggingTime: epoch(new Date(now.getTime() - 40 * 86_400_000)),
      LatestDeliveryAttemptTime: minutesAgo(now, 3).toISOString(),
      LatestDeliveryAttemptSucceeded: minutesAgo(now, 26 * 60).toISOString(),
      TimeLoggingStarted: new Date(now.getTime() - 40 * 86_400_000).toISOString(),
    }),
    eventSelectors: {
      EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true, DataResources: [] }],
    },
  },
];

export const DEMO_ORGANIZATION = { id: DEMO_ORGANIZATION_ID, managementAccountId: management };
