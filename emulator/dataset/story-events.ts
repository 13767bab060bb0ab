import {
  s3Delete,
  lambdaCreate,
  lambdaDelete,
  ec2Instance,
  iamRole,
  kmsKey,
  rdsInstance,
  snsTopic,
  dynamoTable,
  s3Bucket,
  lambdaFunction,
  type Resource,
  type ResourceKind,
} from "./catalog";
import type { Actor, Call } from "./build";
import { Prng, stableHex } from "./prng";
import {
  alice,
  autoscaling,
  bob,
  carol,
  dave,
  erin,
  frank,
  githubActions,
  root,
  terraform,
  DEV,
  MANAGEMENT,
  PROD,
} from "./principals";
import { HOSTILE_PAYLOADS, KMS_STORY_KEY_ID, storyEventId } from "./stories";

/** The scripted events behind DEMO_STORIES and HOSTILE_EVENTS, at fixed offsets before the anchor. */

/** A story-wide offset of minutes and seconds, so story times do not all fall on the anchor's clock time. */
function storyOffset(storyId: string): number {
  return (parseInt(stableHex(storyId, 6), 16) % 3000) * 1000 + 17_000;
}

export interface ScriptedEvent {
  eventId: string;
  accountId: string;
  region: string;
  /** Milliseconds before the dataset's anchor. */
  ago: number;
  actor: Actor;
  call: Call;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function resource(
  kind: ResourceKind,
  accountId: string,
  region: string,
  id: string,
  arn: string,
  attrs: Record<string, string> = {},
): Resource {
  return { kind, accountId, region, id, arn, attrs };
}

function accessDenied(actorArn: string, action: string, resourceArn: string): string {
  return `User: ${actorArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action`;
}

export function storyEvents(): ScriptedEvent[] {
  // A fixed seed for the parameters inside story calls (request IDs, sizes): stories never vary.
  const rng = new Prng(0x5_70_21e5);
  const out: ScriptedEvent[] = [];
  const script = (storyId: string, accountId: string, region: string, steps: [number, Actor, Call][]) =>
    steps.forEach(([ago, actor, call], n) =>
      out.push({
        eventId: storyEventId(storyId, n),
        accountId,
        region,
        ago: ago - storyOffset(storyId),
        actor,
        call,
      }),
    );
  const as = (principal: Actor["principal"], client: Actor["client"]): Actor => ({ principal, client });

  const i1 = resource(
    ec2Instance,
    PROD,
    "us-east-1",
    "i-0abc1234",
    `arn:aws:ec2:us-east-1:${PROD}:instance/i-0abc1234`,
    { imageId: "ami-0c02fb55956c7d316", type: "t3.medium" },
  );
  const [stop] = [ec2Instance.modify[0]!];
  const tag = ec2Instance.modify[3]!;
  script("prod-ec2-sso-terminate", PROD, "us-east-1", [
    [40 * DAY, as(terraform, "terraform"), ec2Instance.create(i1, rng)],
    [40 * DAY - MINUTE, as(terraform, "terraform"), tag(i1, rng)],
    [2 * DAY + 3 * HOUR, as(carol, "console"), stop(i1, rng)],
    [2 * DAY, as(carol, "console"), ec2Instance.remove(i1, rng)[0]!],
  ]);

  const i2 = resource(
    ec2Instance,
    PROD,
    "us-east-1",
    "i-0abc12345678d9ef0",
    `arn:aws:ec2:us-east-1:${PROD}:instance/i-0abc12345678d9ef0`,
    { imageId: "ami-0e2c8caa4b6378d8c", type: "m7g.large" },
  );
  script("prod-ec2-lookalike-running", PROD, "us-east-1", [
    [20 * DAY, as(terraform, "terraform"), ec2Instance.create(i2, rng)],
    [20 * DAY - MINUTE, as(terraform, "terraform"), tag(i2, rng)],
    [5 * DAY, as(bob, "cli"), ec2Instance.modify[2]!(i2, rng)],
  ]);

  const asg = resource(
    ec2Instance,
    PROD,
    "us-west-2",
    "i-07f3c2a1b9d8e6f45",
    `arn:aws:ec2:us-west-2:${PROD}:instance/i-07f3c2a1b9d8e6f45`,
    { imageId: "ami-04b70fa74e45c3917", type: "c7i.xlarge" },
  );
  script("prod-asg-terminate", PROD, "us-west-2", [
    [10 * DAY, as(autoscaling, "service"), ec2Instance.create(asg, rng)],
    [1 * DAY, as(autoscaling, "service"), ec2Instance.remove(asg, rng)[0]!],
  ]);

  const rootBucket = resource(
    s3Bucket,
    MANAGEMENT,
    "us-east-1",
    "mgmt-legacy-exports-2019",
    "arn:aws:s3:::mgmt-legacy-exports-2019",
  );
  script("management-root-bucket", MANAGEMENT, "us-east-1", [
    [60 * DAY, as(alice, "console"), s3Bucket.modify[0]!(rootBucket, rng)],
    [5 * DAY + 10 * MINUTE, as(root, "console"), consoleLogin("Success", true)],
    [5 * DAY + 4 * MINUTE, as(root, "console"), s3Bucket.reads[0]!(rootBucket, rng)],
    [5 * DAY, as(root, "console"), s3Delete(rootBucket, rng)],
  ]);

  const logs = resource(
    s3Bucket,
    PROD,
    "us-east-1",
    "prod-app-logs-archive",
    "arn:aws:s3:::prod-app-logs-archive",
  );
  script("prod-bucket-failed-attempts", PROD, "us-east-1", [
    [80 * DAY, as(terraform, "terraform"), s3Bucket.create(logs, rng)],
    [
      8 * DAY,
      as(erin, "console"),
      { ...s3Delete(logs, rng), errorCode: "AccessDenied", errorMessage: "Access Denied" },
    ],
    [
      7 * DAY + 40 * MINUTE,
      as(bob, "cli"),
      {
        ...s3Delete(logs, rng),
        errorCode: "BucketNotEmpty",
        errorMessage: "The bucket you tried to delete is not empty",
      },
    ],
    [
      7 * DAY + 30 * MINUTE,
      as(bob, "cli"),
      {
        ...s3Bucket.modify[1]!(logs, rng),
        requestParameters: {
          bucketName: logs.id,
          Host: `${logs.id}.s3.us-east-1.amazonaws.com`,
          versioning: "",
          VersioningConfiguration: { Status: "Suspended", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
        },
      },
    ],
    [7 * DAY, as(bob, "cli"), s3Delete(logs, rng)],
  ]);

  const orders = resource(
    lambdaFunction,
    DEV,
    "us-east-1",
    "orders",
    `arn:aws:lambda:us-east-1:${DEV}:function:orders`,
  );
  script("dev-lambda-orders-reused", DEV, "us-east-1", [
    [70 * DAY, as(dave, "cli"), lambdaCreate(orders, rng)],
    [50 * DAY, as(dave, "cli"), lambdaDelete(orders)],
    [30 * DAY, as(githubActions, "js"), lambdaCreate(orders, rng)],
    [20 * DAY, as(githubActions, "js"), lambdaFunction.modify[0]!(orders, rng)],
    [6 * DAY, as(dave, "console"), lambdaFunction.modify[1]!(orders, rng)],
    [4 * DAY, as(dave, "cli"), lambdaDelete(orders)],
  ]);

  const archive = resource(
    lambdaFunction,
    DEV,
    "us-east-1",
    "orders-archive",
    `arn:aws:lambda:us-east-1:${DEV}:function:orders-archive`,
  );
  script("dev-lambda-orders-archive", DEV, "us-east-1", [
    [65 * DAY, as(dave, "cli"), lambdaCreate(archive, rng)],
    [10 * DAY, as(githubActions, "js"), lambdaFunction.modify[0]!(archive, rng)],
  ]);

  const role = resource(
    iamRole,
    MANAGEMENT,
    "us-east-1",
    "LegacyDeployRole",
    `arn:aws:iam::${MANAGEMENT}:role/LegacyDeployRole`,
    { policy: "arn:aws:iam::aws:policy/AdministratorAccess" },
  );
  const [detach, deleteRole] = iamRole.remove(role, rng) as [Call, Call];
  script("management-iam-role", MANAGEMENT, "us-east-1", [
    [85 * DAY, as(alice, "cli"), iamRole.create(role, rng)],
    [85 * DAY - 2 * MINUTE, as(alice, "cli"), iamRole.modify[0]!(role, rng)],
    [3 * DAY + 5 * MINUTE, as(frank, "console"), detach],
    [3 * DAY, as(frank, "console"), deleteRole],
  ]);

  const db = resource(
    rdsInstance,
    PROD,
    "eu-west-1",
    "eu-reporting-db",
    `arn:aws:rds:eu-west-1:${PROD}:db:eu-reporting-db`,
  );
  script("prod-eu-rds", PROD, "eu-west-1", [
    [45 * DAY, as(terraform, "terraform"), rdsInstance.create(db, rng)],
    [20 * DAY, as(bob, "console"), rdsInstance.modify[0]!(db, rng)],
    [6 * DAY, as(bob, "cli"), rdsInstance.remove(db, rng)[0]!],
  ]);

  const topicArn = `arn:aws:sns:us-west-2:${DEV}:build-alerts`;
  const topic = resource(snsTopic, DEV, "us-west-2", topicArn, topicArn, { name: "build-alerts" });
  script("dev-sns-topic-arn", DEV, "us-west-2", [
    [40 * DAY, as(dave, "cli"), snsTopic.create(topic, rng)],
    [40 * DAY - 5 * MINUTE, as(dave, "cli"), snsTopic.modify[1]!(topic, rng)],
    [9 * DAY, as(dave, "js"), snsTopic.remove(topic, rng)[0]!],
  ]);

  const keyArn = `arn:aws:kms:us-east-1:${PROD}:key/${KMS_STORY_KEY_ID}`;
  const key = resource(kmsKey, PROD, "us-east-1", KMS_STORY_KEY_ID, keyArn);
  script("prod-kms-key-resources", PROD, "us-east-1", [
    [50 * DAY, as(terraform, "terraform"), kmsKey.create(key, rng)],
    [50 * DAY - MINUTE, as(terraform, "terraform"), kmsKey.modify[0]!(key, rng)],
    [1 * DAY, as(carol, "console"), kmsKey.remove(key, rng)[0]!],
  ]);

  const table = resource(
    dynamoTable,
    PROD,
    "us-east-1",
    "prod-orders",
    `arn:aws:dynamodb:us-east-1:${PROD}:table/prod-orders`,
  );
  script("prod-table-never-deleted", PROD, "us-east-1", [
    [88 * DAY, as(terraform, "terraform"), dynamoTable.create(table, rng)],
    [30 * DAY, as(terraform, "terraform"), dynamoTable.modify[0]!(table, rng)],
    [12 * DAY, as(bob, "cli"), dynamoTable.modify[1]!(table, rng)],
  ]);

  const daveArn = `arn:aws:iam::${DEV}:user/dave`;
  const hostileInstance = `i-0${rng.hex(16)}`;
  script("dev-hostile", DEV, "us-east-1", [
    [
      3 * HOUR,
      as(dave, "cli"),
      {
        ...ec2Instance.create(
          resource(ec2Instance, DEV, "us-east-1", hostileInstance, "", {
            imageId: "ami-0c02fb55956c7d316",
            type: "t3.micro",
          }),
          rng,
        ),
        responseElements: null,
        userAgent: HOSTILE_PAYLOADS.script,
        errorCode: "Client.UnauthorizedOperation",
        errorMessage: HOSTILE_PAYLOADS.hyperlink,
      },
    ],
    [
      2 * HOUR + 40 * MINUTE,
      as(dave, "cli"),
      {
        eventSource: "s3.amazonaws.com",
        eventName: "CreateBucket",
        readOnly: false,
        requestParameters: { bucketName: HOSTILE_PAYLOADS.img, Host: "s3.amazonaws.com" },
        errorCode: "InvalidBucketName",
        errorMessage: "The specified bucket is not valid.",
      },
    ],
    [
      2 * HOUR + 20 * MINUTE,
      as(dave, "console"),
      {
        eventSource: "ec2.amazonaws.com",
        eventName: "CreateTags",
        readOnly: false,
        requestParameters: {
          resourcesSet: { items: [{ resourceId: hostileInstance }] },
          tagSet: {
            items: [
              { key: "Name", value: HOSTILE_PAYLOADS.tag },
              { key: "cost-center", value: HOSTILE_PAYLOADS.plus },
            ],
          },
        },
        responseElements: { _return: true },
      },
    ],
    [
      2 * HOUR,
      as(dave, "cli"),
      {
        eventSource: "iam.amazonaws.com",
        eventName: "CreateUser",
        readOnly: false,
        requestParameters: { userName: HOSTILE_PAYLOADS.svg, path: HOSTILE_PAYLOADS.at },
        errorCode: "ValidationError",
        errorMessage: `${HOSTILE_PAYLOADS.minus} ${accessDenied(daveArn, "iam:CreateUser", "user")}`,
      },
    ],
    [
      HOUR + 30 * MINUTE,
      as(dave, "console"),
      { ...consoleLogin("Failure", false), userAgent: HOSTILE_PAYLOADS.consoleImg },
    ],
  ]);
  return out;
}

export function consoleLogin(result: "Success" | "Failure", mfa: boolean): Call {
  return {
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    readOnly: false,
    eventType: "AwsConsoleSignIn",
    requestParameters: null,
    responseElements: { ConsoleLogin: result },
    additionalEventData: {
      LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
      MobileVersion: "No",
      MFAUsed: mfa ? "Yes" : "No",
    },
    ...(result === "Failure" ? { errorMessage: "Failed authentication" } : {}),
  };
}
