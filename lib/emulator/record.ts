/**
 * The CloudTrail record as the emulator keeps it, and the fields LookupEvents reports for it,
 * derived the way Event history does: `Username` from the identity, `Resources` from the record's
 * `resources` when present, else from the request parameters and response elements.
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

type Params = Record<string, unknown>;

function isObject(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  if (typeof value === "string" && value) return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}

/** `{items: [{instanceId}]}` and `[{instanceId}]` lists, as EC2's query-protocol events carry them. */
function itemField(container: unknown, field: string): string[] {
  const list = isObject(container) && "items" in container ? container.items : container;
  if (Array.isArray(list))
    return list.flatMap((item) => (isObject(item) ? strings(item[field]) : strings(item)));
  return [];
}

interface Extractor {
  type: string;
  pick(req: Params, res: Params): string[];
}

const field =
  (...names: string[]) =>
  (req: Params, res: Params): string[] =>
    names.flatMap((n) => [...strings(req[n]), ...strings(res[n])]);

/** EC2's CreateTags and DeleteTags name resources of any type in `resourcesSet`; the ID prefix tells which. */
const EC2_ID_TYPES: readonly (readonly [string, string])[] = [
  ["i-", "AWS::EC2::Instance"],
  ["vol-", "AWS::EC2::Volume"],
  ["sg-", "AWS::EC2::SecurityGroup"],
  ["snap-", "AWS::EC2::Snapshot"],
  ["ami-", "AWS::EC2::Ami"],
  ["vpc-", "AWS::EC2::VPC"],
  ["subnet-", "AWS::EC2::Subnet"],
];

function taggedEc2(type: string) {
  const prefix = EC2_ID_TYPES.find(([, t]) => t === type)?.[0] ?? "";
  return (req: Params) => itemField(req.resourcesSet, "resourceId").filter((id) => id.startsWith(prefix));
}

const EXTRACTORS: Record<string, Extractor[]> = {
  "ec2.amazonaws.com": [
    {
      type: "AWS::EC2::Instance",
      pick: (req, res) => [
        ...itemField(req.instancesSet, "instanceId"),
        ...itemField(res.instancesSet, "instanceId"),
        ...strings(req.instanceId),
        ...taggedEc2("AWS::EC2::Instance")(req),
      ],
    },
    {
      type: "AWS::EC2::Volume",
      pick: (req, res) => [...field("volumeId")(req, res), ...taggedEc2("AWS::EC2::Volume")(req)],
    },
    {
      type: "AWS::EC2::SecurityGroup",
      pick: (req, res) => [...field("groupId")(req, res), ...itemField(req.groupSet, "groupId")],
    },
    {
      type: "AWS::EC2::Snapshot",
      pick: (req, res) => [...field("snapshotId")(req, res), ...taggedEc2("AWS::EC2::Snapshot")(req)],
    },
    { type: "AWS::EC2::Ami", pick: field("imageId") },
    { type: "AWS::EC2::VPC", pick: field("vpcId") },
    { type: "AWS::EC2::Subnet", pick: field("subnetId") },
    { type: "AWS::EC2::KeyPair", pick: field("keyName") },
  ],
  "s3.amazonaws.com": [{ type: "AWS::S3::Bucket", pick: field("bucketName") }],
  "iam.amazonaws.com": [
    { type: "AWS::IAM::User", pick: field("userName") },
    {
      type: "AWS::IAM::Role",
      pick: (req, res) => [
        ...strings(req.roleName),
        ...strings(isObject(res.role) ? res.role.roleName : undefined),
      ],
    },
    {
      type: "AWS::IAM::Policy",
      pick: (req, res) => [
        ...strings(req.policyArn),
        ...strings(isObject(res.policy) ? res.policy.arn : undefined),
      ],
    },
    { type: "AWS::IAM::Group", pick: field("groupName") },
    {
      type: "AWS::IAM::AccessKey",
      pick: (req, res) => [
        ...strings(req.accessKeyId),
        ...strings(isObject(res.accessKey) ? res.accessKey.accessKeyId : undefined),
      ],
    },
    { type: "AWS::IAM::InstanceProfile", pick: field("instanceProfileName") },
  ],
  "lambda.amazonaws.com": [{ type: "AWS::Lambda::Function", pick: (req) => strings(req.functionName) }],
  "dynamodb.amazonaws.com": [{ type: "AWS::DynamoDB::Table", pick: (req) => strings(req.tableName) }],
  "rds.amazonaws.com": [
    { type: "AWS::RDS::DBInstance", pick: (req) => strings(req.dBInstanceIdentifier) },
    { type: "AWS::RDS::DBCluster", pick: (req) => strings(req.dBClusterIdentifier) },
    { type: "AWS::RDS::DBSnapshot", pick: (req) => strings(req.dBSnapshotIdentifier) },
  ],
  "sns.amazonaws.com": [{ type: "AWS::SNS::Topic", pick: field("topicArn") }],
  "sqs.amazonaws.com": [{ type: "AWS::SQS::Queue", pick: field("queueUrl") }],
  "kms.amazonaws.com": [
    {
      type: "AWS::KMS::Key",
      pick: (req, res) => [
        ...strings(req.keyId),
        ...strings(isObject(res.keyMetadata) ? res.keyMetadata.arn : undefined),
      ],
    },
  ],
  "cloudformation.amazonaws.com": [
    {
      type: "AWS::CloudFormation::Stack",
      pick: (req, res) => [...strings(req.stackName), ...strings(res.stackId)],
    },
  ],
};

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
  const req = isObject(record.requestParameters) ? record.requestParameters : {};
  const res = isObject(record.responseElements) ? record.responseElements : {};
  for (const extractor of EXTRACTORS[record.eventSource ?? ""] ?? []) {
    for (const name of extractor.pick(req, res)) add(extractor.type, name);
  }
  return out;
}

/** A record without `readOnly` counts as a write, so it stays visible under the default read-only = false filter. */
export function recordReadOnly(record: CloudTrailRecord): boolean {
  return record.readOnly === true;
}
