/**
 * What an API call does to a resource: the maintained table of create- and delete-type event names
 * for the common services, and the general rules for the rest.
 *
 * A call's kind is relative to the resource under investigation: `DeleteAccessKey` deletes an access
 * key but only modifies the user named in its parameters, so each table entry lists the request or
 * response fields that name the resource the call creates or deletes (its targets).
 */

export type EventKind = "created" | "modified" | "deleted" | "read";

export interface ServiceEvents {
  /** The event source, e.g. `ec2.amazonaws.com`. */
  source: string;
  /** Global services (IAM...) are recorded in us-east-1 only. */
  global: boolean;
  /** Event name → the fields (at any depth of requestParameters / responseElements) naming what it deletes. */
  deletes: Readonly<Record<string, readonly string[]>>;
  /** Event name → the fields naming what it creates. */
  creates: Readonly<Record<string, readonly string[]>>;
  /** Create/delete-looking names that change a parent resource instead (DeleteBucketPolicy changes the bucket). */
  modifies: readonly string[];
  /**
   * The deletes the fallback scan reads when nothing names the resource: those of resources people look
   * up by name (every delete when absent). Each is one or more LookupEvents calls at 2 per second.
   */
  scan?: readonly string[];
  /** Data events: recorded only in trail files, never in Event history. */
  dataEvents?: readonly string[];
}

export const SERVICE_EVENTS: readonly ServiceEvents[] = [
  {
    source: "ec2.amazonaws.com",
    global: false,
    deletes: {
      TerminateInstances: ["instanceId"],
      DeleteVolume: ["volumeId"],
      DeleteSecurityGroup: ["groupId", "groupName"],
      DeleteSnapshot: ["snapshotId"],
      DeleteKeyPair: ["keyName", "keyPairId"],
      DeregisterImage: ["imageId"],
      DeleteVpc: ["vpcId"],
      DeleteSubnet: ["subnetId"],
      DeleteNetworkInterface: ["networkInterfaceId"],
      DeleteInternetGateway: ["internetGatewayId"],
      DeleteNatGateway: ["natGatewayId"],
      DeleteRouteTable: ["routeTableId"],
      DeleteLaunchTemplate: ["launchTemplateId", "launchTemplateName"],
      DeleteTransitGateway: ["transitGatewayId"],
      DeleteVpcEndpoints: ["vpcEndpointId"],
      DeleteNetworkAcl: ["networkAclId"],
      ReleaseAddress: ["allocationId", "publicIp"],
    },
    creates: {
      RunInstances: ["instanceId"],
      CreateVolume: ["volumeId"],
      CreateSecurityGroup: ["groupId", "groupName"],
      CreateSnapshot: ["snapshotId"],
      CopySnapshot: ["snapshotId"],
      CreateKeyPair: ["keyName", "keyPairId"],
      ImportKeyPair: ["keyName", "keyPairId"],
      CreateImage: ["imageId"],
      RegisterImage: ["imageId"],
      CopyImage: ["imageId"],
      CreateVpc: ["vpcId"],
      CreateSubnet: ["subnetId"],
      CreateNetworkInterface: ["networkInterfaceId"],
      CreateInternetGateway: ["internetGatewayId"],
      CreateNatGateway: ["natGatewayId"],
      CreateRouteTable: ["routeTableId"],
      CreateLaunchTemplate: ["launchTemplateId", "launchTemplateName"],
      CreateTransitGateway: ["transitGatewayId"],
      CreateVpcEndpoint: ["vpcEndpointId"],
      CreateNetworkAcl: ["networkAclId"],
      AllocateAddress: ["allocationId", "publicIp"],
    },
    modifies: [
      "CreateTags",
      "DeleteTags",
      "CreateRoute",
      "DeleteRoute",
      "CreateNetworkAclEntry",
      "DeleteNetworkAclEntry",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
    ],
  },
  {
    source: "s3.amazonaws.com",
    scan: ["DeleteBucket"],
    global: false,
    deletes: { DeleteBucket: ["bucketName"], DeleteObject: ["key"], DeleteObjects: ["key"] },
    creates: { CreateBucket: ["bucketName"], PutObject: ["key"], CopyObject: ["key"] },
    modifies: [
      "DeleteBucketPolicy",
      "DeleteBucketLifecycle",
      "DeleteBucketCors",
      "DeleteBucketEncryption",
      "DeleteBucketTagging",
      "DeleteBucketWebsite",
      "DeleteBucketReplication",
      "DeleteBucketPublicAccessBlock",
      "DeleteBucketOwnershipControls",
      "DeleteBucketMetricsConfiguration",
      "DeleteBucketAnalyticsConfiguration",
      "DeleteBucketInventoryConfiguration",
      "DeleteBucketIntelligentTieringConfiguration",
    ],
    dataEvents: ["DeleteObject", "DeleteObjects", "PutObject", "CopyObject", "GetObject"],
  },
  {
    source: "iam.amazonaws.com",
    scan: ["DeleteUser", "DeleteRole", "DeletePolicy", "DeleteGroup", "DeleteInstanceProfile"],
    global: true,
    deletes: {
      DeleteUser: ["userName"],
      DeleteRole: ["roleName"],
      DeletePolicy: ["policyArn"],
      DeleteAccessKey: ["accessKeyId"],
      DeleteGroup: ["groupName"],
      DeleteInstanceProfile: ["instanceProfileName"],
      DeleteServerCertificate: ["serverCertificateName"],
      DeleteSAMLProvider: ["sAMLProviderArn"],
      DeleteOpenIDConnectProvider: ["openIDConnectProviderArn"],
      DeleteServiceLinkedRole: ["roleName"],
      DeleteVirtualMFADevice: ["serialNumber"],
    },
    creates: {
      CreateUser: ["userName"],
      CreateRole: ["roleName"],
      CreatePolicy: ["policyName", "arn"],
      CreateAccessKey: ["accessKeyId"],
      CreateGroup: ["groupName"],
      CreateInstanceProfile: ["instanceProfileName"],
      UploadServerCertificate: ["serverCertificateName"],
      CreateSAMLProvider: ["sAMLProviderArn"],
      CreateOpenIDConnectProvider: ["openIDConnectProviderArn"],
      CreateServiceLinkedRole: ["roleName"],
      CreateVirtualMFADevice: ["serialNumber"],
    },
    modifies: [
      "DeleteRolePolicy",
      "DeleteUserPolicy",
      "DeleteGroupPolicy",
      "DeleteRolePermissionsBoundary",
      "DeleteUserPermissionsBoundary",
      "DeleteLoginProfile",
      "CreateLoginProfile",
      "DeletePolicyVersion",
      "CreatePolicyVersion",
      "RemoveRoleFromInstanceProfile",
      "RemoveUserFromGroup",
      "DeleteSSHPublicKey",
      "DeleteSigningCertificate",
      "DeleteServiceSpecificCredential",
    ],
  },
  {
    source: "lambda.amazonaws.com",
    global: false,
    deletes: { DeleteFunction20150331: ["functionName"], DeleteFunction: ["functionName"] },
    creates: { CreateFunction20150331: ["functionName"], CreateFunction: ["functionName"] },
    modifies: [
      "RemovePermission20150331v2",
      "RemovePermission",
      "DeleteFunctionConcurrency20171031",
      "DeleteFunctionConcurrency",
      "DeleteFunctionEventInvokeConfig",
      "DeleteFunctionUrlConfig",
      "DeleteAlias20150331",
      "DeleteEventSourceMapping20150331",
      "CreateAlias20150331",
      "CreateEventSourceMapping20150331",
    ],
    dataEvents: ["Invoke"],
  },
  {
    source: "rds.amazonaws.com",
    scan: ["DeleteDBInstance", "DeleteDBCluster"],
    global: false,
    deletes: {
      DeleteDBInstance: ["dBInstanceIdentifier"],
      DeleteDBCluster: ["dBClusterIdentifier"],
      DeleteDBSnapshot: ["dBSnapshotIdentifier"],
      DeleteDBClusterSnapshot: ["dBClusterSnapshotIdentifier"],
      DeleteDBSubnetGroup: ["dBSubnetGroupName"],
      DeleteDBParameterGroup: ["dBParameterGroupName"],
    },
    creates: {
      CreateDBInstance: ["dBInstanceIdentifier"],
      CreateDBCluster: ["dBClusterIdentifier"],
      CreateDBSnapshot: ["dBSnapshotIdentifier"],
      CreateDBClusterSnapshot: ["dBClusterSnapshotIdentifier"],
      CreateDBSubnetGroup: ["dBSubnetGroupName"],
      CreateDBParameterGroup: ["dBParameterGroupName"],
      RestoreDBInstanceFromDBSnapshot: ["dBInstanceIdentifier"],
      RestoreDBClusterFromSnapshot: ["dBClusterIdentifier"],
      CreateDBInstanceReadReplica: ["dBInstanceIdentifier"],
    },
    modifies: ["RemoveTagsFromResource", "RemoveRoleFromDBInstance", "RemoveRoleFromDBCluster"],
  },
  {
    source: "dynamodb.amazonaws.com",
    scan: ["DeleteTable"],
    global: false,
    deletes: { DeleteTable: ["tableName"], DeleteBackup: ["backupArn"] },
    creates: {
      CreateTable: ["tableName"],
      CreateBackup: ["backupArn"],
      RestoreTableFromBackup: ["targetTableName"],
    },
    modifies: [],
    dataEvents: ["DeleteItem", "PutItem", "UpdateItem", "GetItem", "BatchWriteItem"],
  },
  {
    source: "sns.amazonaws.com",
    global: false,
    deletes: { DeleteTopic: ["topicArn"] },
    creates: { CreateTopic: ["name", "topicArn"] },
    modifies: ["RemovePermission", "Unsubscribe"],
  },
  {
    source: "sqs.amazonaws.com",
    global: false,
    deletes: { DeleteQueue: ["queueUrl"] },
    creates: { CreateQueue: ["queueName", "queueUrl"] },
    modifies: ["RemovePermission", "PurgeQueue"],
  },
  {
    source: "kms.amazonaws.com",
    global: false,
    deletes: {
      ScheduleKeyDeletion: ["keyId"],
      DeleteAlias: ["aliasName"],
      DeleteImportedKeyMaterial: ["keyId"],
    },
    creates: { CreateKey: ["keyId", "arn"], CreateAlias: ["aliasName"] },
    modifies: ["CancelKeyDeletion", "DisableKey", "EnableKey", "RetireGrant", "RevokeGrant", "CreateGrant"],
  },
  {
    source: "cloudformation.amazonaws.com",
    scan: ["DeleteStack"],
    global: false,
    deletes: {
      DeleteStack: ["stackName"],
      DeleteStackSet: ["stackSetName"],
      DeleteChangeSet: ["changeSetName"],
    },
    creates: {
      CreateStack: ["stackName", "stackId"],
      CreateStackSet: ["stackSetName"],
      CreateChangeSet: ["changeSetName"],
    },
    modifies: ["DeleteStackInstances", "CreateStackInstances"],
  },
  {
    source: "ecs.amazonaws.com",
    scan: ["DeleteCluster", "DeleteService"],
    global: false,
    deletes: {
      DeleteCluster: ["cluster"],
      DeleteService: ["service"],
      DeregisterTaskDefinition: ["taskDefinition"],
      DeleteTaskDefinitions: ["taskDefinitions"],
    },
    creates: {
      CreateCluster: ["clusterName"],
      CreateService: ["serviceName"],
      RegisterTaskDefinition: ["family"],
    },
    modifies: ["DeregisterContainerInstance", "DeleteAttributes", "DeleteCapacityProvider"],
  },
  {
    source: "eks.amazonaws.com",
    scan: ["DeleteCluster", "DeleteNodegroup"],
    global: false,
    deletes: {
      DeleteCluster: ["name"],
      DeleteNodegroup: ["nodegroupName"],
      DeleteFargateProfile: ["fargateProfileName"],
      DeleteAddon: ["addonName"],
    },
    creates: {
      CreateCluster: ["name"],
      CreateNodegroup: ["nodegroupName"],
      CreateFargateProfile: ["fargateProfileName"],
      CreateAddon: ["addonName"],
    },
    modifies: ["DisassociateIdentityProviderConfig"],
  },
  {
    source: "ecr.amazonaws.com",
    global: false,
    deletes: { DeleteRepository: ["repositoryName"] },
    creates: { CreateRepository: ["repositoryName"] },
    modifies: ["BatchDeleteImage", "DeleteLifecyclePolicy", "DeleteRepositoryPolicy", "PutImage"],
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    scan: ["DeleteLoadBalancer", "DeleteTargetGroup"],
    global: false,
    deletes: {
      DeleteLoadBalancer: ["loadBalancerName", "loadBalancerArn"],
      DeleteTargetGroup: ["targetGroupArn"],
      DeleteListener: ["listenerArn"],
    },
    creates: {
      CreateLoadBalancer: ["loadBalancerName", "name", "loadBalancerArn"],
      CreateTargetGroup: ["name", "targetGroupArn"],
      CreateListener: ["listenerArn"],
    },
    modifies: [
      "DeregisterTargets",
      "DeregisterInstancesFromLoadBalancer",
      "RemoveTags",
      "DeleteRule",
      "CreateRule",
    ],
  },
  {
    source: "logs.amazonaws.com",
    global: false,
    deletes: { DeleteLogGroup: ["logGroupName"], DeleteLogStream: ["logStreamName"] },
    creates: { CreateLogGroup: ["logGroupName"], CreateLogStream: ["logStreamName"] },
    modifies: ["DeleteRetentionPolicy", "DeleteSubscriptionFilter", "DeleteMetricFilter"],
  },
  {
    source: "secretsmanager.amazonaws.com",
    global: false,
    deletes: { DeleteSecret: ["secretId"] },
    creates: { CreateSecret: ["name", "aRN"] },
    modifies: ["RestoreSecret", "DeleteResourcePolicy"],
  },
  {
    source: "route53.amazonaws.com",
    global: true,
    deletes: { DeleteHostedZone: ["id"], DeleteHealthCheck: ["healthCheckId"] },
    creates: { CreateHostedZone: ["id", "name"], CreateHealthCheck: ["healthCheckId"] },
    modifies: ["ChangeResourceRecordSets"],
  },
  {
    source: "cloudtrail.amazonaws.com",
    global: false,
    deletes: { DeleteTrail: ["name"] },
    creates: { CreateTrail: ["name", "trailARN"] },
    modifies: ["StopLogging", "StartLogging", "UpdateTrail", "PutEventSelectors"],
  },
];

const BY_SOURCE = new Map(SERVICE_EVENTS.map((s) => [s.source, s]));

/** The table entry of a service, by event source. */
export function serviceEvents(eventSource: string): ServiceEvents | undefined {
  return BY_SOURCE.get(eventSource);
}

export function isGlobalSource(eventSource: string): boolean {
  return BY_SOURCE.get(eventSource)?.global === true;
}

const READ_PREFIXES =
  /^(Get|Describe|List|Head|Lookup|Search|Scan|Query|BatchGet|Select|Check|Estimate|Preview|Validate|Test)/;
const DELETE_PREFIXES = /^(Delete|Terminate|Remove|Deregister)/;
const CREATE_PREFIXES = /^(Create|Run|Register|Allocate|Import|Launch|Restore|Copy|Upload)/;

/** The kind of a call on its own, from the table, then the general rules. */
export function classifyEventName(eventSource: string, eventName: string, readOnly: boolean): EventKind {
  const service = BY_SOURCE.get(eventSource);
  if (service) {
    if (eventName in service.deletes) return "deleted";
    if (eventName in service.creates) return "created";
    if (service.modifies.includes(eventName)) return "modified";
  }
  if (readOnly || READ_PREFIXES.test(eventName)) return "read";
  if (DELETE_PREFIXES.test(eventName)) return "deleted";
  if (CREATE_PREFIXES.test(eventName)) return "created";
  return "modified";
}

/**
 * The fields naming what the call creates or deletes, or `null` when the table does not know the call
 * (then any field naming the resource counts).
 */
export function targetFields(eventSource: string, eventName: string): readonly string[] | null {
  const service = BY_SOURCE.get(eventSource);
  return service?.deletes[eventName] ?? service?.creates[eventName] ?? null;
}

/**
 * The delete-type event names the fallback scan looks up for a service; with `field`, only those whose
 * target is that field (an `i-…` ID can only be deleted by a call naming an instanceId).
 */
export function scanEventNames(eventSource: string, field?: string): string[] {
  const service = BY_SOURCE.get(eventSource);
  if (!service) return [];
  const names = field
    ? Object.keys(service.deletes).filter((name) => service.deletes[name]!.includes(field))
    : (service.scan ?? Object.keys(service.deletes));
  return names.filter((name) => !service.dataEvents?.includes(name));
}

export function isDataEvent(eventSource: string, eventName: string): boolean {
  return BY_SOURCE.get(eventSource)?.dataEvents?.includes(eventName) === true;
}
