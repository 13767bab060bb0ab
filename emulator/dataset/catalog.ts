import type { Call } from "./build";
import type { Prng } from "./prng";

/**
 * The services the demo dataset exercises: resources with a lifecycle (create, modify, delete) and the
 * read calls around them, with request parameters and response elements shaped like the real services'.
 */

export interface Resource {
  kind: ResourceKind;
  accountId: string;
  region: string;
  /** The ID or name the service uses in its events. */
  id: string;
  arn: string;
  attrs: Record<string, string>;
}

export interface ResourceKind {
  name: string;
  eventSource: string;
  global?: boolean;
  newId(
    rng: Prng,
    accountId: string,
    region: string,
    label: string,
  ): { id: string; arn: string; attrs?: Record<string, string> };
  create(r: Resource, rng: Prng): Call;
  modify: ((r: Resource, rng: Prng) => Call)[];
  /** Calls AWS requires before the delete (detach policies...), then the delete itself. */
  remove(r: Resource, rng: Prng): Call[];
  reads: ((r: Resource, rng: Prng) => Call)[];
}

const WORDS = [
  "orders",
  "billing",
  "search",
  "media",
  "reports",
  "auth",
  "catalog",
  "payments",
  "ingest",
  "analytics",
  "web",
  "batch",
];
const ENVS = ["prod", "staging", "dev", "shared"];

export function label(rng: Prng): string {
  return `${rng.pick(ENVS)}-${rng.pick(WORDS)}`;
}

const call = (
  eventSource: string,
  eventName: string,
  readOnly: boolean,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  extra: Partial<Call> = {},
): Call => ({
  eventSource,
  eventName,
  readOnly,
  requestParameters,
  responseElements,
  ...extra,
});

const EC2 = "ec2.amazonaws.com";
const items = <T>(...list: T[]) => ({ items: list });
const ec2Time = (rng: Prng) => Date.UTC(2026, 0, 1) + rng.int(0, 1e9);
const AMIS = ["ami-0c02fb55956c7d316", "ami-0e2c8caa4b6378d8c", "ami-04b70fa74e45c3917"];

export const ec2Instance: ResourceKind = {
  name: "ec2-instance",
  eventSource: EC2,
  newId: (rng, accountId, region) => {
    const id = `i-0${rng.hex(16)}`;
    return {
      id,
      arn: `arn:aws:ec2:${region}:${accountId}:instance/${id}`,
      attrs: {
        imageId: rng.pick(AMIS),
        type: rng.pick(["t3.micro", "t3.medium", "m7g.large", "c7i.xlarge"]),
      },
    };
  },
  create: (r, rng) =>
    call(
      EC2,
      "RunInstances",
      false,
      {
        instancesSet: items({ imageId: r.attrs.imageId, minCount: 1, maxCount: 1 }),
        instanceType: r.attrs.type,
        blockDeviceMapping: {},
        monitoring: { enabled: false },
        disableApiTermination: false,
        disableApiStop: false,
        clientToken: rng.uuid(),
      },
      {
        requestId: rng.uuid(),
        reservationId: `r-0${rng.hex(16)}`,
        ownerId: r.accountId,
        groupSet: {},
        instancesSet: items({
          instanceId: r.id,
          imageId: r.attrs.imageId,
          currentInstanceBootMode: "uefi",
          instanceState: { code: 0, name: "pending" },
          privateDnsName: `ip-10-0-${rng.int(0, 255)}-${rng.int(1, 254)}.${r.region}.compute.internal`,
          instanceType: r.attrs.type,
          launchTime: ec2Time(rng),
          placement: { availabilityZone: `${r.region}${rng.pick(["a", "b", "c"])}`, tenancy: "default" },
          subnetId: `subnet-0${rng.hex(16)}`,
          vpcId: `vpc-0${rng.hex(16)}`,
        }),
      },
    ),
  modify: [
    (r) =>
      call(
        EC2,
        "StopInstances",
        false,
        { instancesSet: items({ instanceId: r.id }), force: false },
        {
          instancesSet: items({
            instanceId: r.id,
            currentState: { code: 64, name: "stopping" },
            previousState: { code: 16, name: "running" },
          }),
        },
      ),
    (r) =>
      call(
        EC2,
        "StartInstances",
        false,
        { instancesSet: items({ instanceId: r.id }) },
        {
          instancesSet: items({
            instanceId: r.id,
            currentState: { code: 0, name: "pending" },
            previousState: { code: 80, name: "stopped" },
          }),
        },
      ),
    (r, rng) =>
      call(
        EC2,
        "ModifyInstanceAttribute",
        false,
        { instanceId: r.id, instanceType: { value: rng.pick(["t3.large", "m7g.xlarge"]) } },
        { _return: true },
      ),
    (r, rng) =>
      call(
        EC2,
        "CreateTags",
        false,
        {
          resourcesSet: items({ resourceId: r.id }),
          tagSet: items({ key: "owner", value: rng.pick(WORDS) }),
        },
        { _return: true },
      ),
  ],
  remove: (r) => [
    call(
      EC2,
      "TerminateInstances",
      false,
      { instancesSet: items({ instanceId: r.id }) },
      {
        instancesSet: items({
          instanceId: r.id,
          currentState: { code: 32, name: "shutting-down" },
          previousState: { code: 16, name: "running" },
        }),
      },
    ),
  ],
  reads: [
    (r) =>
      call(EC2, "DescribeInstances", true, {
        instancesSet: items({ instanceId: r.id }),
        filterSet: {},
        includeAllInstances: false,
      }),
    (r) => call(EC2, "DescribeInstanceAttribute", true, { instanceId: r.id, attribute: "userData" }),
  ],
};

export const ec2Volume: ResourceKind = {
  name: "ec2-volume",
  eventSource: EC2,
  newId: (rng, accountId, region) => {
    const id = `vol-0${rng.hex(16)}`;
    return {
      id,
      arn: `arn:aws:ec2:${region}:${accountId}:volume/${id}`,
      attrs: { zone: `${region}${rng.pick(["a", "b"])}`, size: String(rng.pick([8, 20, 100, 500])) },
    };
  },
  create: (r, rng) =>
    call(
      EC2,
      "CreateVolume",
      false,
      { size: r.attrs.size, zone: r.attrs.zone, volumeType: "gp3", encrypted: true },
      {
        requestId: rng.uuid(),
        volumeId: r.id,
        size: r.attrs.size,
        zone: r.attrs.zone,
        status: "creating",
        createTime: ec2Time(rng),
        volumeType: "gp3",
        iops: 3000,
        encrypted: true,
        multiAttachEnabled: false,
        throughput: 125,
      },
    ),
  modify: [
    (r, rng) =>
      call(
        EC2,
        "AttachVolume",
        false,
        { volumeId: r.id, instanceId: `i-0${rng.hex(16)}`, device: "/dev/sdf" },
        { volumeId: r.id, device: "/dev/sdf", status: "attaching", deleteOnTermination: false },
      ),
    (r) =>
      call(
        EC2,
        "DetachVolume",
        false,
        { volumeId: r.id, force: false },
        { volumeId: r.id, status: "detaching" },
      ),
  ],
  remove: (r) => [call(EC2, "DeleteVolume", false, { volumeId: r.id }, { _return: true })],
  reads: [(r) => call(EC2, "DescribeVolumes", true, { volumeSet: items({ volumeId: r.id }), filterSet: {} })],
};

export const ec2SecurityGroup: ResourceKind = {
  name: "ec2-security-group",
  eventSource: EC2,
  newId: (rng, accountId, region) => {
    const id = `sg-0${rng.hex(16)}`;
    return {
      id,
      arn: `arn:aws:ec2:${region}:${accountId}:security-group/${id}`,
      attrs: { groupName: `${label(rng)}-sg`, vpcId: `vpc-0${rng.hex(16)}` },
    };
  },
  create: (r) =>
    call(
      EC2,
      "CreateSecurityGroup",
      false,
      { groupName: r.attrs.groupName, groupDescription: "Managed by Trailscope demo", vpcId: r.attrs.vpcId },
      { _return: true, groupId: r.id, securityGroupArn: r.arn },
    ),
  modify: [
    (r, rng) =>
      call(
        EC2,
        "AuthorizeSecurityGroupIngress",
        false,
        {
          groupId: r.id,
          ipPermissions: items({
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            ipRanges: items({ cidrIp: rng.pick(["0.0.0.0/0", "10.0.0.0/16"]) }),
          }),
        },
        {
          _return: true,
          securityGroupRuleSet: items({
            groupId: r.id,
            securityGroupRuleId: `sgr-0${rng.hex(16)}`,
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
          }),
        },
      ),
    (r) =>
      call(
        EC2,
        "RevokeSecurityGroupIngress",
        false,
        {
          groupId: r.id,
          ipPermissions: items({
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            ipRanges: items({ cidrIp: "0.0.0.0/0" }),
          }),
        },
        { _return: true },
      ),
  ],
  remove: (r) => [
    call(EC2, "DeleteSecurityGroup", false, { groupId: r.id }, { _return: true, groupId: r.id }),
  ],
  reads: [
    (r) =>
      call(EC2, "DescribeSecurityGroups", true, {
        securityGroupSet: {},
        securityGroupIdSet: items({ groupId: r.id }),
        filterSet: {},
      }),
  ],
};

export const ec2Snapshot: ResourceKind = {
  name: "ec2-snapshot",
  eventSource: EC2,
  newId: (rng, accountId, region) => {
    const id = `snap-0${rng.hex(16)}`;
    return { id, arn: `arn:aws:ec2:${region}::snapshot/${id}`, attrs: { volumeId: `vol-0${rng.hex(16)}` } };
  },
  create: (r, rng) =>
    call(
      EC2,
      "CreateSnapshot",
      false,
      { volumeId: r.attrs.volumeId, description: "nightly backup" },
      {
        requestId: rng.uuid(),
        snapshotId: r.id,
        volumeId: r.attrs.volumeId,
        status: "pending",
        startTime: ec2Time(rng),
        progress: "",
        ownerId: r.accountId,
        volumeSize: 20,
        encrypted: true,
      },
    ),
  modify: [
    (r) =>
      call(
        EC2,
        "ModifySnapshotAttribute",
        false,
        {
          snapshotId: r.id,
          createVolumePermission: { add: items({ userId: "444455556666" }) },
          attributeType: "CREATE_VOLUME_PERMISSION",
        },
        { _return: true },
      ),
  ],
  remove: (r) => [call(EC2, "DeleteSnapshot", false, { snapshotId: r.id }, { _return: true })],
  reads: [
    (r) =>
      call(EC2, "DescribeSnapshots", true, {
        snapshotSet: items({ snapshotId: r.id }),
        ownersSet: {},
        filterSet: {},
      }),
  ],
};

const S3 = "s3.amazonaws.com";
const s3Extra = (rng: Prng): Partial<Call> => ({
  additionalEventData: {
    SignatureVersion: "SigV4",
    CipherSuite: "TLS_AES_128_GCM_SHA256",
    bytesTransferredIn: 0,
    AuthenticationMethod: "AuthHeader",
    "x-amz-id-2": rng.hex(40),
    bytesTransferredOut: 0,
  },
});
const host = (r: Resource) => `${r.id}.s3.${r.region}.amazonaws.com`;

export function s3Delete(r: Resource, rng: Prng): Call {
  return call(S3, "DeleteBucket", false, { bucketName: r.id, Host: host(r) }, null, s3Extra(rng));
}

export const s3Bucket: ResourceKind = {
  name: "s3-bucket",
  eventSource: S3,
  newId: (rng, accountId, _region, l) => {
    const id = `${l}-${accountId.slice(-4)}-${rng.hex(6)}`;
    return { id, arn: `arn:aws:s3:::${id}` };
  },
  create: (r, rng) =>
    call(
      S3,
      "CreateBucket",
      false,
      {
        bucketName: r.id,
        Host: host(r),
        ...(r.region === "us-east-1"
          ? {}
          : {
              CreateBucketConfiguration: {
                LocationConstraint: r.region,
                xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
              },
            }),
      },
      null,
      s3Extra(rng),
    ),
  modify: [
    (r, rng) =>
      call(
        S3,
        "PutBucketPolicy",
        false,
        {
          bucketName: r.id,
          Host: host(r),
          policy: "",
          bucketPolicy: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [r.arn, `${r.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          },
        },
        null,
        s3Extra(rng),
      ),
    (r, rng) =>
      call(
        S3,
        "PutBucketVersioning",
        false,
        {
          bucketName: r.id,
          Host: host(r),
          versioning: "",
          VersioningConfiguration: { Status: "Enabled", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
        },
        null,
        s3Extra(rng),
      ),
    (r, rng) =>
      call(
        S3,
        "PutBucketTagging",
        false,
        {
          bucketName: r.id,
          Host: host(r),
          tagging: "",
          Tagging: { TagSet: { Tag: { Key: "team", Value: rng.pick(WORDS) } } },
        },
        null,
        s3Extra(rng),
      ),
    (r, rng) =>
      call(
        S3,
        "PutBucketEncryption",
        false,
        {
          bucketName: r.id,
          Host: host(r),
          encryption: "",
          ServerSideEncryptionConfiguration: {
            Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true },
          },
        },
        null,
        s3Extra(rng),
      ),
  ],
  remove: (r, rng) => [s3Delete(r, rng)],
  reads: [
    (r, rng) =>
      call(
        S3,
        "GetBucketLocation",
        true,
        { bucketName: r.id, Host: host(r), location: "" },
        null,
        s3Extra(rng),
      ),
    (r, rng) =>
      call(S3, "GetBucketAcl", true, { bucketName: r.id, Host: host(r), acl: "" }, null, s3Extra(rng)),
    (r, rng) =>
      call(
        S3,
        "GetBucketVersioning",
        true,
        { bucketName: r.id, Host: host(r), versioning: "" },
        null,
        s3Extra(rng),
      ),
  ],
};

const IAM = "iam.amazonaws.com";
const MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
  "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
];
const iamDate = "Nov 1, 2026, 9:00:00 AM";

export const iamUser: ResourceKind = {
  name: "iam-user",
  eventSource: IAM,
  global: true,
  newId: (rng, accountId) => {
    const id = `svc-${rng.pick(WORDS)}-${rng.hex(4)}`;
    return {
      id,
      arn: `arn:aws:iam::${accountId}:user/${id}`,
      attrs: { policy: rng.pick(MANAGED_POLICIES), key: `AKIA${rng.upper(16)}` },
    };
  },
  create: (r, rng) =>
    call(
      IAM,
      "CreateUser",
      false,
      { userName: r.id },
      {
        user: { path: "/", userName: r.id, userId: `AIDA${rng.upper(17)}`, arn: r.arn, createDate: iamDate },
      },
    ),
  modify: [
    (r) => call(IAM, "AttachUserPolicy", false, { userName: r.id, policyArn: r.attrs.policy }),
    (r) =>
      call(
        IAM,
        "CreateAccessKey",
        false,
        { userName: r.id },
        { accessKey: { userName: r.id, accessKeyId: r.attrs.key, status: "Active", createDate: iamDate } },
      ),
    (r) =>
      call(IAM, "UpdateAccessKey", false, { userName: r.id, accessKeyId: r.attrs.key, status: "Inactive" }),
  ],
  remove: (r) => [
    call(IAM, "DeleteAccessKey", false, { userName: r.id, accessKeyId: r.attrs.key }),
    call(IAM, "DetachUserPolicy", false, { userName: r.id, policyArn: r.attrs.policy }),
    call(IAM, "DeleteUser", false, { userName: r.id }),
  ],
  reads: [
    (r) => call(IAM, "GetUser", true, { userName: r.id }),
    (r) => call(IAM, "ListAccessKeys", true, { userName: r.id }),
  ],
};

export function trustPolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

export const iamRole: ResourceKind = {
  name: "iam-role",
  eventSource: IAM,
  global: true,
  newId: (rng, accountId, _region, l) => {
    const id = `${l}-${rng.pick(["lambda", "ecs-task", "ec2"])}-role-${rng.hex(4)}`;
    return { id, arn: `arn:aws:iam::${accountId}:role/${id}`, attrs: { policy: rng.pick(MANAGED_POLICIES) } };
  },
  create: (r, rng) =>
    call(
      IAM,
      "CreateRole",
      false,
      {
        roleName: r.id,
        assumeRolePolicyDocument: trustPolicy("lambda.amazonaws.com"),
        description: "Application role",
      },
      {
        role: {
          path: "/",
          roleName: r.id,
          roleId: `AROA${rng.upper(17)}`,
          arn: r.arn,
          createDate: iamDate,
          assumeRolePolicyDocument: encodeURIComponent(trustPolicy("lambda.amazonaws.com")),
        },
      },
    ),
  modify: [
    (r) => call(IAM, "AttachRolePolicy", false, { roleName: r.id, policyArn: r.attrs.policy }),
    (r) =>
      call(IAM, "PutRolePolicy", false, {
        roleName: r.id,
        policyName: "inline-logs",
        policyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" },
          ],
        }),
      }),
  ],
  remove: (r) => [
    call(IAM, "DetachRolePolicy", false, { roleName: r.id, policyArn: r.attrs.policy }),
    call(IAM, "DeleteRole", false, { roleName: r.id }),
  ],
  reads: [
    (r) => call(IAM, "GetRole", true, { roleName: r.id }),
    (r) => call(IAM, "ListAttachedRolePolicies", true, { roleName: r.id }),
  ],
};

export const iamPolicy: ResourceKind = {
  name: "iam-policy",
  eventSource: IAM,
  global: true,
  newId: (rng, accountId, _region, l) => {
    const name = `${l}-access-${rng.hex(4)}`;
    return {
      id: `arn:aws:iam::${accountId}:policy/${name}`,
      arn: `arn:aws:iam::${accountId}:policy/${name}`,
      attrs: { name },
    };
  },
  create: (r, rng) =>
    call(
      IAM,
      "CreatePolicy",
      false,
      {
        policyName: r.attrs.name,
        policyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
        }),
      },
      {
        policy: {
          policyName: r.attrs.name,
          policyId: `ANPA${rng.upper(17)}`,
          arn: r.arn,
          path: "/",
          defaultVersionId: "v1",
          attachmentCount: 0,
          permissionsBoundaryUsageCount: 0,
          isAttachable: true,
          createDate: iamDate,
          updateDate: iamDate,
        },
      },
    ),
  modify: [
    (r) =>
      call(
        IAM,
        "CreatePolicyVersion",
        false,
        {
          policyArn: r.id,
          policyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }],
          }),
          setAsDefault: true,
        },
        { policyVersion: { versionId: "v2", isDefaultVersion: true, createDate: iamDate } },
      ),
  ],
  remove: (r) => [call(IAM, "DeletePolicy", false, { policyArn: r.id })],
  reads: [(r) => call(IAM, "GetPolicy", true, { policyArn: r.id })],
};

const LAMBDA = "lambda.amazonaws.com";
export function lambdaCreate(r: Resource, rng: Prng): Call {
  return call(
    LAMBDA,
    "CreateFunction20150331",
    false,
    {
      functionName: r.id,
      runtime: "nodejs20.x",
      role: `arn:aws:iam::${r.accountId}:role/${r.id}-exec`,
      handler: "index.handler",
      code: {},
      timeout: 30,
      memorySize: 256,
      publish: false,
      architectures: ["arm64"],
    },
    {
      functionName: r.id,
      functionArn: r.arn,
      runtime: "nodejs20.x",
      role: `arn:aws:iam::${r.accountId}:role/${r.id}-exec`,
      handler: "index.handler",
      codeSize: rng.int(1000, 900000),
      timeout: 30,
      memorySize: 256,
      lastModified: "2026-11-01T09:00:00.000+0000",
      version: "$LATEST",
      state: "Pending",
      stateReasonCode: "Creating",
      packageType: "Zip",
      architectures: ["arm64"],
    },
  );
}
export function lambdaDelete(r: Resource): Call {
  return call(LAMBDA, "DeleteFunction20150331", false, { functionName: r.id });
}
export const lambdaFunction: ResourceKind = {
  name: "lambda-function",
  eventSource: LAMBDA,
  newId: (rng, accountId, region, l) => {
    const id = `${l}-${rng.pick(["handler", "worker", "api", "cron"])}-${rng.hex(4)}`;
    return { id, arn: `arn:aws:lambda:${region}:${accountId}:function:${id}` };
  },
  create: lambdaCreate,
  modify: [
    (r, rng) =>
      call(
        LAMBDA,
        "UpdateFunctionCode20150331v2",
        false,
        { functionName: r.id, publish: false, dryRun: false },
        { functionName: r.id, functionArn: r.arn, codeSha256: rng.hex(43), lastUpdateStatus: "InProgress" },
      ),
    (r, rng) =>
      call(
        LAMBDA,
        "UpdateFunctionConfiguration20150331v2",
        false,
        { functionName: r.id, memorySize: rng.pick([512, 1024]), timeout: 60 },
        { functionName: r.id, functionArn: r.arn, lastUpdateStatus: "InProgress" },
      ),
  ],
  remove: (r) => [lambdaDelete(r)],
  reads: [
    (r) => call(LAMBDA, "GetFunction20150331v2", true, { functionName: r.id }),
    (r) => call(LAMBDA, "GetPolicy20150331v2", true, { functionName: r.id }),
  ],
};

const DDB = "dynamodb.amazonaws.com";
export const dynamoTable: ResourceKind = {
  name: "dynamodb-table",
  eventSource: DDB,
  newId: (rng, accountId, region, l) => {
    const id = `${l}-${rng.pick(["sessions", "events", "state", "cache"])}-${rng.hex(4)}`;
    return { id, arn: `arn:aws:dynamodb:${region}:${accountId}:table/${id}` };
  },
  create: (r, rng) =>
    call(
      DDB,
      "CreateTable",
      false,
      {
        tableName: r.id,
        attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }],
        keySchema: [{ attributeName: "pk", keyType: "HASH" }],
        billingMode: "PAY_PER_REQUEST",
        sSESpecification: { enabled: true },
      },
      {
        tableDescription: {
          tableName: r.id,
          tableArn: r.arn,
          tableId: rng.uuid(),
          tableStatus: "CREATING",
          creationDateTime: "Nov 1, 2026, 9:00:00 AM",
          itemCount: 0,
          tableSizeBytes: 0,
          billingModeSummary: { billingMode: "PAY_PER_REQUEST" },
        },
      },
    ),
  modify: [
    (r) =>
      call(
        DDB,
        "UpdateTable",
        false,
        { tableName: r.id, deletionProtectionEnabled: true },
        { tableDescription: { tableName: r.id, tableArn: r.arn, tableStatus: "UPDATING" } },
      ),
    (r) =>
      call(
        DDB,
        "UpdateTimeToLive",
        false,
        { tableName: r.id, timeToLiveSpecification: { enabled: true, attributeName: "expiresAt" } },
        { timeToLiveSpecification: { enabled: true, attributeName: "expiresAt" } },
      ),
  ],
  remove: (r) => [
    call(
      DDB,
      "DeleteTable",
      false,
      { tableName: r.id },
      { tableDescription: { tableName: r.id, tableArn: r.arn, tableStatus: "DELETING" } },
    ),
  ],
  reads: [
    (r) => call(DDB, "DescribeTable", true, { tableName: r.id }),
    (r) => call(DDB, "DescribeContinuousBackups", true, { tableName: r.id }),
  ],
};

const RDS = "rds.amazonaws.com";
export const rdsInstance: ResourceKind = {
  name: "rds-instance",
  eventSource: RDS,
  newId: (rng, accountId, region, l) => {
    const id = `${l}-db-${rng.hex(4)}`;
    return { id, arn: `arn:aws:rds:${region}:${accountId}:db:${id}` };
  },
  create: (r, rng) =>
    call(
      RDS,
      "CreateDBInstance",
      false,
      {
        dBInstanceIdentifier: r.id,
        allocatedStorage: 20,
        dBInstanceClass: "db.t4g.micro",
        engine: "postgres",
        engineVersion: "16.4",
        masterUsername: "app",
        masterUserPassword: "HIDDEN_DUE_TO_SECURITY_REASONS",
        multiAZ: false,
        storageEncrypted: true,
        deletionProtection: false,
      },
      {
        dBInstanceIdentifier: r.id,
        dBInstanceArn: r.arn,
        dBInstanceClass: "db.t4g.micro",
        engine: "postgres",
        dBInstanceStatus: "creating",
        dbiResourceId: `db-${rng.upper(26)}`,
        allocatedStorage: 20,
        storageEncrypted: true,
      },
    ),
  modify: [
    (r) =>
      call(
        RDS,
        "ModifyDBInstance",
        false,
        { dBInstanceIdentifier: r.id, backupRetentionPeriod: 14, applyImmediately: true },
        { dBInstanceIdentifier: r.id, dBInstanceArn: r.arn, dBInstanceStatus: "modifying" },
      ),
    (r) =>
      call(
        RDS,
        "RebootDBInstance",
        false,
        { dBInstanceIdentifier: r.id },
        { dBInstanceIdentifier: r.id, dBInstanceArn: r.arn, dBInstanceStatus: "rebooting" },
      ),
  ],
  remove: (r, rng) => [
    call(
      RDS,
      "DeleteDBInstance",
      false,
      {
        dBInstanceIdentifier: r.id,
        skipFinalSnapshot: false,
        finalDBSnapshotIdentifier: `${r.id}-final-${rng.hex(4)}`,
        deleteAutomatedBackups: true,
      },
      { dBInstanceIdentifier: r.id, dBInstanceArn: r.arn, dBInstanceStatus: "deleting" },
    ),
  ],
  reads: [(r) => call(RDS, "DescribeDBInstances", true, { dBInstanceIdentifier: r.id })],
};

const KMS = "kms.amazonaws.com";
const keyResources = (r: Resource) => [{ accountId: r.accountId, type: "AWS::KMS::Key", ARN: r.arn }];
export const kmsKey: ResourceKind = {
  name: "kms-key",
  eventSource: KMS,
  newId: (rng, accountId, region) => {
    const id = rng.uuid();
    return { id, arn: `arn:aws:kms:${region}:${accountId}:key/${id}` };
  },
  create: (r) =>
    call(
      KMS,
      "CreateKey",
      false,
      { keyUsage: "ENCRYPT_DECRYPT", keySpec: "SYMMETRIC_DEFAULT", description: "application data key" },
      {
        keyMetadata: {
          aWSAccountId: r.accountId,
          keyId: r.id,
          arn: r.arn,
          creationDate: "Nov 1, 2026, 9:00:00 AM",
          enabled: true,
          keyUsage: "ENCRYPT_DECRYPT",
          keyState: "Enabled",
          origin: "AWS_KMS",
          keyManager: "CUSTOMER",
          keySpec: "SYMMETRIC_DEFAULT",
          multiRegion: false,
        },
      },
      { resources: keyResources(r) },
    ),
  modify: [
    (r) =>
      call(KMS, "EnableKeyRotation", false, { keyId: r.id, rotationPeriodInDays: 365 }, null, {
        resources: keyResources(r),
      }),
    (r, rng) =>
      call(KMS, "CreateAlias", false, { aliasName: `alias/${label(rng)}`, targetKeyId: r.id }, null, {
        resources: keyResources(r),
      }),
    (r) =>
      call(
        KMS,
        "PutKeyPolicy",
        false,
        { keyId: r.id, policyName: "default", bypassPolicyLockoutSafetyCheck: false },
        null,
        { resources: keyResources(r) },
      ),
  ],
  remove: (r) => [
    call(
      KMS,
      "ScheduleKeyDeletion",
      false,
      { keyId: r.id, pendingWindowInDays: 30 },
      {
        keyId: r.arn,
        deletionDate: "Dec 31, 2026, 12:00:00 AM",
        keyState: "PendingDeletion",
        pendingWindowInDays: 30,
      },
      { resources: keyResources(r) },
    ),
  ],
  reads: [
    (r) => call(KMS, "DescribeKey", true, { keyId: r.id }, null, { resources: keyResources(r) }),
    (r) => call(KMS, "GetKeyRotationStatus", true, { keyId: r.id }, null, { resources: keyResources(r) }),
  ],
};

const SNS = "sns.amazonaws.com";
export const snsTopic: ResourceKind = {
  name: "sns-topic",
  eventSource: SNS,
  newId: (rng, accountId, region, l) => {
    const name = `${l}-alerts-${rng.hex(4)}`;
    const arn = `arn:aws:sns:${region}:${accountId}:${name}`;
    return { id: arn, arn, attrs: { name } };
  },
  create: (r) => call(SNS, "CreateTopic", false, { name: r.attrs.name }, { topicArn: r.arn }),
  modify: [
    (r) =>
      call(SNS, "SetTopicAttributes", false, {
        topicArn: r.arn,
        attributeName: "DisplayName",
        attributeValue: "Alerts",
      }),
    (r, rng) =>
      call(
        SNS,
        "Subscribe",
        false,
        { topicArn: r.arn, protocol: "email", endpoint: "ops@example.com", returnSubscriptionArn: false },
        { subscriptionArn: `${r.arn}:${rng.uuid()}` },
      ),
  ],
  remove: (r) => [call(SNS, "DeleteTopic", false, { topicArn: r.arn })],
  reads: [
    (r) => call(SNS, "GetTopicAttributes", true, { topicArn: r.arn }),
    (r) => call(SNS, "ListSubscriptionsByTopic", true, { topicArn: r.arn }),
  ],
};

const SQS = "sqs.amazonaws.com";
export const sqsQueue: ResourceKind = {
  name: "sqs-queue",
  eventSource: SQS,
  newId: (rng, accountId, region, l) => {
    const name = `${l}-jobs-${rng.hex(4)}`;
    return {
      id: `https://sqs.${region}.amazonaws.com/${accountId}/${name}`,
      arn: `arn:aws:sqs:${region}:${accountId}:${name}`,
      attrs: { name },
    };
  },
  create: (r) =>
    call(
      SQS,
      "CreateQueue",
      false,
      { queueName: r.attrs.name, attribute: { VisibilityTimeout: "60", MessageRetentionPeriod: "345600" } },
      { queueUrl: r.id },
    ),
  modify: [
    (r) =>
      call(SQS, "SetQueueAttributes", false, { queueUrl: r.id, attributes: { VisibilityTimeout: "120" } }),
  ],
  remove: (r) => [call(SQS, "DeleteQueue", false, { queueUrl: r.id })],
  reads: [(r) => call(SQS, "GetQueueAttributes", true, { queueUrl: r.id, attributeNames: ["All"] })],
};

const CFN = "cloudformation.amazonaws.com";
export const cfnStack: ResourceKind = {
  name: "cloudformation-stack",
  eventSource: CFN,
  newId: (rng, accountId, region, l) => {
    const id = `${l}-stack`;
    return {
      id: `${id}-${rng.hex(4)}`,
      arn: `arn:aws:cloudformation:${region}:${accountId}:stack/${id}/${rng.uuid()}`,
    };
  },
  create: (r, rng) =>
    call(
      CFN,
      "CreateStack",
      false,
      {
        stackName: r.id,
        templateURL: `https://s3.amazonaws.com/cf-templates-${rng.hex(12)}-${r.region}/${r.id}.yaml`,
        capabilities: ["CAPABILITY_NAMED_IAM"],
        parameters: [{ parameterKey: "Env", parameterValue: "prod" }],
      },
      { stackId: r.arn },
    ),
  modify: [
    (r) =>
      call(
        CFN,
        "UpdateStack",
        false,
        { stackName: r.id, usePreviousTemplate: true, capabilities: ["CAPABILITY_NAMED_IAM"] },
        { stackId: r.arn },
      ),
  ],
  remove: (r) => [call(CFN, "DeleteStack", false, { stackName: r.id })],
  reads: [
    (r) => call(CFN, "DescribeStacks", true, { stackName: r.id }),
    (r) => call(CFN, "DescribeStackEvents", true, { stackName: r.id }),
  ],
};

export const RESOURCE_KINDS: readonly (readonly [ResourceKind, number])[] = [
  [ec2Instance, 6],
  [ec2Volume, 3],
  [ec2SecurityGroup, 3],
  [ec2Snapshot, 2],
  [s3Bucket, 4],
  [iamUser, 1.5],
  [iamRole, 2.5],
  [iamPolicy, 1],
  [lambdaFunction, 3],
  [dynamoTable, 2],
  [rdsInstance, 1],
  [kmsKey, 1],
  [snsTopic, 1.5],
  [sqsQueue, 1.5],
  [cfnStack, 1],
];

/** Account-wide read calls that name no resource. */
export const LIST_CALLS: readonly (readonly [Call, number])[] = [
  [call(EC2, "DescribeInstances", true, { instancesSet: {}, filterSet: {} }), 8],
  [call(EC2, "DescribeRegions", true, { regionSet: {}, allRegions: false }), 2],
  [call(EC2, "DescribeVpcs", true, { vpcSet: {}, filterSet: {} }), 2],
  [
    call(EC2, "DescribeSecurityGroups", true, {
      securityGroupSet: {},
      securityGroupIdSet: {},
      filterSet: {},
    }),
    3,
  ],
  [call(EC2, "DescribeVolumes", true, { volumeSet: {}, filterSet: {} }), 2],
  [call(EC2, "DescribeAvailabilityZones", true, { availabilityZoneSet: {}, availabilityZoneIdSet: {} }), 1],
  [call(S3, "ListBuckets", true, { Host: "s3.amazonaws.com" }), 4],
  [call(IAM, "ListRoles", true, null), 3],
  [call(IAM, "ListUsers", true, null), 2],
  [call(IAM, "GetAccountSummary", true, null), 1],
  [call(IAM, "ListPolicies", true, { scope: "Local", onlyAttached: false }), 1],
  [call(LAMBDA, "ListFunctions20150331", true, null), 3],
  [call(DDB, "ListTables", true, null), 2],
  [call(RDS, "DescribeDBInstances", true, null), 2],
  [call(KMS, "ListKeys", true, null), 1],
  [call(KMS, "ListAliases", true, null), 1],
  [call(SNS, "ListTopics", true, null), 1],
  [call(SQS, "ListQueues", true, null), 1],
  [call(CFN, "DescribeStacks", true, null), 2],
  [call(CFN, "ListStacks", true, { stackStatusFilter: ["CREATE_COMPLETE", "UPDATE_COMPLETE"] }), 1],
  [
    call("cloudtrail.amazonaws.com", "LookupEvents", true, {
      maxResults: 50,
      lookupAttributes: [{ attributeKey: "ReadOnly", attributeValue: "false" }],
    }),
    1,
  ],
  [call("cloudtrail.amazonaws.com", "DescribeTrails", true, { includeShadowTrails: true }), 1],
  [call("cloudfront.amazonaws.com", "ListDistributions", true, null), 1],
  [call("route53.amazonaws.com", "ListHostedZones", true, null), 1],
  [call("monitoring.amazonaws.com", "DescribeAlarms", true, { maxRecords: 100 }), 2],
  [call("logs.amazonaws.com", "DescribeLogGroups", true, { limit: 50 }), 2],
  [call("sts.amazonaws.com", "GetCallerIdentity", true, null), 3],
];
