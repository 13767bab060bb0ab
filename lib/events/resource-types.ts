/**
 * The one maintained table of AWS resource types as CloudTrail records them: per service, each
 * resource type, the request/response fields that hold its name, ID or ARN, and the calls that create
 * and delete it. The emulator derives LookupEvents' `Resources` from it, and the investigation its
 * create/delete classification, its targets and its targeted scan.
 *
 * Field paths are exact, from the root of `requestParameters` or `responseElements`, with array levels
 * skipped: `alarmNames` reads `{"alarmNames": ["a", "b"]}`, `instancesSet.items.instanceId` reads EC2's
 * `{"instancesSet": {"items": [{"instanceId": …}]}}`. Exact paths matter: `name` at the top of WAFv2's
 * CreateWebACL is the web ACL, while `rules[].name` is one of its rules.
 */

export interface ResourceType {
  /** The CloudFormation-style type LookupEvents reports, e.g. `AWS::EFS::FileSystem`. */
  type: string;
  fields: readonly string[];
  /** Only values of this shape name the type (EC2 tags name resources of any type in one list). */
  pattern?: RegExp;
  /** Read the fields only on this type's own creates and deletes: for generic names like `name`. */
  ownEventsOnly?: boolean;
  creates?: readonly string[];
  deletes?: readonly string[];
  /** Searched by the targeted scan for a bare name (each delete costs LookupEvents calls at 2 per second). */
  scan?: boolean;
  /** The ARN's resource part, with a `name` group (and an `id` group when the service uses both). */
  arn?: RegExp;
}

export interface ServiceResources {
  source: string;
  /** The service in this service's ARNs, when it differs from the event source's host. */
  arnService?: string;
  /** Recorded in us-east-1 only. */
  global?: boolean;
  types: readonly ResourceType[];
  /** Create/delete-looking names that change a parent resource instead (DeleteBucketPolicy changes the bucket). */
  modifies?: readonly string[];
  /** Recorded only in trail files, never in Event history. */
  dataEvents?: readonly string[];
}

const EC2_PREFIX = (prefix: string) => new RegExp(`^${prefix}-[0-9a-z]+$`);
const EC2_TAGGED = "resourcesSet.items.resourceId";

export const RESOURCE_TABLE: readonly ServiceResources[] = [
  {
    source: "ec2.amazonaws.com",
    types: [
      {
        type: "AWS::EC2::Instance",
        fields: ["instanceId", "instancesSet.items.instanceId", EC2_TAGGED],
        pattern: EC2_PREFIX("i"),
        creates: ["RunInstances"],
        deletes: ["TerminateInstances"],
      },
      {
        type: "AWS::EC2::Volume",
        fields: ["volumeId", EC2_TAGGED],
        pattern: EC2_PREFIX("vol"),
        creates: ["CreateVolume"],
        deletes: ["DeleteVolume"],
      },
      {
        type: "AWS::EC2::SecurityGroup",
        fields: ["groupId", "groupName", "groupSet.items.groupId"],
        creates: ["CreateSecurityGroup"],
        deletes: ["DeleteSecurityGroup"],
      },
      {
        type: "AWS::EC2::Snapshot",
        fields: ["snapshotId", EC2_TAGGED],
        pattern: EC2_PREFIX("snap"),
        creates: ["CreateSnapshot", "CopySnapshot"],
        deletes: ["DeleteSnapshot"],
      },
      {
        type: "AWS::EC2::Ami",
        fields: ["imageId"],
        creates: ["CreateImage", "RegisterImage", "CopyImage"],
        deletes: ["DeregisterImage"],
      },
      {
        type: "AWS::EC2::VPC",
        fields: ["vpcId", "vpc.vpcId"],
        pattern: EC2_PREFIX("vpc"),
        creates: ["CreateVpc"],
        deletes: ["DeleteVpc"],
      },
      {
        type: "AWS::EC2::Subnet",
        fields: ["subnetId", "subnet.subnetId"],
        pattern: EC2_PREFIX("subnet"),
        creates: ["CreateSubnet"],
        deletes: ["DeleteSubnet"],
      },
      {
        type: "AWS::EC2::KeyPair",
        fields: ["keyName", "keyPairId"],
        creates: ["CreateKeyPair", "ImportKeyPair"],
        deletes: ["DeleteKeyPair"],
      },
      {
        type: "AWS::EC2::NetworkInterface",
        fields: ["networkInterfaceId", "networkInterface.networkInterfaceId"],
        creates: ["CreateNetworkInterface"],
        deletes: ["DeleteNetworkInterface"],
      },
      {
        type: "AWS::EC2::InternetGateway",
        fields: ["internetGatewayId", "internetGateway.internetGatewayId"],
        creates: ["CreateInternetGateway"],
        deletes: ["DeleteInternetGateway"],
      },
      {
        type: "AWS::EC2::NatGateway",
        fields: ["natGatewayId", "natGateway.natGatewayId", "DeleteNatGatewayRequest.NatGatewayId"],
        creates: ["CreateNatGateway"],
        deletes: ["DeleteNatGateway"],
      },
      {
        type: "AWS::EC2::RouteTable",
        fields: ["routeTableId", "routeTable.routeTableId"],
        creates: ["CreateRouteTable"],
        deletes: ["DeleteRouteTable"],
      },
      {
        type: "AWS::EC2::LaunchTemplate",
        fields: [
          "launchTemplateId",
          "launchTemplateName",
          "CreateLaunchTemplateRequest.LaunchTemplateName",
          "DeleteLaunchTemplateRequest.LaunchTemplateName",
          "DeleteLaunchTemplateRequest.LaunchTemplateId",
        ],
        creates: ["CreateLaunchTemplate"],
        deletes: ["DeleteLaunchTemplate"],
      },
      {
        type: "AWS::EC2::TransitGateway",
        fields: ["transitGatewayId", "DeleteTransitGatewayRequest.TransitGatewayId"],
        creates: ["CreateTransitGateway"],
        deletes: ["DeleteTransitGateway"],
      },
      {
        type: "AWS::EC2::VPCEndpoint",
        fields: ["vpcEndpointId", "DeleteVpcEndpointsRequest.VpcEndpointId"],
        creates: ["CreateVpcEndpoint"],
        deletes: ["DeleteVpcEndpoints"],
      },
      {
        type: "AWS::EC2::NetworkAcl",
        fields: ["networkAclId"],
        creates: ["CreateNetworkAcl"],
        deletes: ["DeleteNetworkAcl"],
      },
      {
        type: "AWS::EC2::EIP",
        fields: ["allocationId", "publicIp"],
        creates: ["AllocateAddress"],
        deletes: ["ReleaseAddress"],
      },
    ],
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
    types: [
      {
        type: "AWS::S3::Bucket",
        fields: ["bucketName"],
        creates: ["CreateBucket"],
        deletes: ["DeleteBucket"],
        scan: true,
      },
      {
        type: "AWS::S3::Object",
        fields: ["key"],
        creates: ["PutObject", "CopyObject"],
        deletes: ["DeleteObject", "DeleteObjects"],
      },
    ],
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
    global: true,
    types: [
      {
        type: "AWS::IAM::User",
        fields: ["userName", "user.userName"],
        creates: ["CreateUser"],
        deletes: ["DeleteUser"],
        scan: true,
      },
      {
        type: "AWS::IAM::Role",
        fields: ["roleName", "role.roleName"],
        creates: ["CreateRole", "CreateServiceLinkedRole"],
        deletes: ["DeleteRole", "DeleteServiceLinkedRole"],
        scan: true,
      },
      {
        type: "AWS::IAM::Policy",
        fields: ["policyArn", "policy.arn"],
        creates: ["CreatePolicy"],
        deletes: ["DeletePolicy"],
        scan: true,
      },
      {
        type: "AWS::IAM::Group",
        fields: ["groupName", "group.groupName"],
        creates: ["CreateGroup"],
        deletes: ["DeleteGroup"],
        scan: true,
      },
      {
        type: "AWS::IAM::AccessKey",
        fields: ["accessKeyId", "accessKey.accessKeyId"],
        creates: ["CreateAccessKey"],
        deletes: ["DeleteAccessKey"],
      },
      {
        type: "AWS::IAM::InstanceProfile",
        fields: ["instanceProfileName", "instanceProfile.instanceProfileName"],
        creates: ["CreateInstanceProfile"],
        deletes: ["DeleteInstanceProfile"],
        scan: true,
      },
      {
        type: "AWS::IAM::ServerCertificate",
        fields: ["serverCertificateName"],
        creates: ["UploadServerCertificate"],
        deletes: ["DeleteServerCertificate"],
      },
      {
        type: "AWS::IAM::SAMLProvider",
        fields: ["sAMLProviderArn"],
        creates: ["CreateSAMLProvider"],
        deletes: ["DeleteSAMLProvider"],
      },
      {
        type: "AWS::IAM::OIDCProvider",
        fields: ["openIDConnectProviderArn"],
        creates: ["CreateOpenIDConnectProvider"],
        deletes: ["DeleteOpenIDConnectProvider"],
      },
      {
        type: "AWS::IAM::VirtualMFADevice",
        fields: ["serialNumber", "virtualMFADevice.serialNumber"],
        creates: ["CreateVirtualMFADevice"],
        deletes: ["DeleteVirtualMFADevice"],
      },
    ],
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
    types: [
      {
        type: "AWS::Lambda::Function",
        fields: ["functionName", "functionArn"],
        creates: ["CreateFunction20150331", "CreateFunction"],
        deletes: ["DeleteFunction20150331", "DeleteFunction"],
        scan: true,
      },
    ],
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
    types: [
      {
        type: "AWS::RDS::DBInstance",
        fields: ["dBInstanceIdentifier"],
        creates: ["CreateDBInstance", "RestoreDBInstanceFromDBSnapshot", "CreateDBInstanceReadReplica"],
        deletes: ["DeleteDBInstance"],
        scan: true,
      },
      {
        type: "AWS::RDS::DBCluster",
        fields: ["dBClusterIdentifier"],
        creates: ["CreateDBCluster", "RestoreDBClusterFromSnapshot"],
        deletes: ["DeleteDBCluster"],
        scan: true,
      },
      {
        type: "AWS::RDS::DBSnapshot",
        fields: ["dBSnapshotIdentifier"],
        creates: ["CreateDBSnapshot"],
        deletes: ["DeleteDBSnapshot"],
      },
      {
        type: "AWS::RDS::DBClusterSnapshot",
        fields: ["dBClusterSnapshotIdentifier"],
        creates: ["CreateDBClusterSnapshot"],
        deletes: ["DeleteDBClusterSnapshot"],
      },
      {
        type: "AWS::RDS::DBSubnetGroup",
        fields: ["dBSubnetGroupName"],
        creates: ["CreateDBSubnetGroup"],
        deletes: ["DeleteDBSubnetGroup"],
      },
      {
        type: "AWS::RDS::DBParameterGroup",
        fields: ["dBParameterGroupName"],
        creates: ["CreateDBParameterGroup"],
        deletes: ["DeleteDBParameterGroup"],
      },
    ],
    modifies: ["RemoveTagsFromResource", "RemoveRoleFromDBInstance", "RemoveRoleFromDBCluster"],
  },
  {
    source: "dynamodb.amazonaws.com",
    types: [
      {
        type: "AWS::DynamoDB::Table",
        fields: ["tableName", "tableDescription.tableName", "targetTableName"],
        creates: ["CreateTable", "RestoreTableFromBackup"],
        deletes: ["DeleteTable"],
        scan: true,
      },
      {
        type: "AWS::DynamoDB::Backup",
        fields: ["backupArn", "backupDetails.backupArn"],
        creates: ["CreateBackup"],
        deletes: ["DeleteBackup"],
      },
    ],
    dataEvents: ["DeleteItem", "PutItem", "UpdateItem", "GetItem", "BatchWriteItem"],
  },
  {
    source: "sns.amazonaws.com",
    types: [
      {
        type: "AWS::SNS::Topic",
        fields: ["topicArn", "name"],
        creates: ["CreateTopic"],
        deletes: ["DeleteTopic"],
        scan: true,
      },
    ],
    modifies: ["RemovePermission", "Unsubscribe"],
  },
  {
    source: "sqs.amazonaws.com",
    types: [
      {
        type: "AWS::SQS::Queue",
        fields: ["queueUrl", "queueName"],
        creates: ["CreateQueue"],
        deletes: ["DeleteQueue"],
        scan: true,
      },
    ],
    modifies: ["RemovePermission", "PurgeQueue"],
  },
  {
    source: "kms.amazonaws.com",
    types: [
      {
        type: "AWS::KMS::Key",
        fields: ["keyId", "keyMetadata.keyId", "keyMetadata.arn"],
        creates: ["CreateKey"],
        deletes: ["ScheduleKeyDeletion", "DeleteImportedKeyMaterial"],
      },
      {
        type: "AWS::KMS::Alias",
        fields: ["aliasName"],
        creates: ["CreateAlias"],
        deletes: ["DeleteAlias"],
      },
    ],
    modifies: ["CancelKeyDeletion", "DisableKey", "EnableKey", "RetireGrant", "RevokeGrant", "CreateGrant"],
  },
  {
    source: "cloudformation.amazonaws.com",
    types: [
      {
        type: "AWS::CloudFormation::Stack",
        fields: ["stackName", "stackId"],
        creates: ["CreateStack"],
        deletes: ["DeleteStack"],
        scan: true,
      },
      {
        type: "AWS::CloudFormation::StackSet",
        fields: ["stackSetName"],
        creates: ["CreateStackSet"],
        deletes: ["DeleteStackSet"],
      },
      {
        type: "AWS::CloudFormation::ChangeSet",
        fields: ["changeSetName"],
        creates: ["CreateChangeSet"],
        deletes: ["DeleteChangeSet"],
      },
    ],
    modifies: ["DeleteStackInstances", "CreateStackInstances"],
  },
  {
    source: "ecs.amazonaws.com",
    types: [
      {
        type: "AWS::ECS::Cluster",
        fields: ["cluster", "clusterName", "cluster.clusterName", "cluster.clusterArn"],
        creates: ["CreateCluster"],
        deletes: ["DeleteCluster"],
        scan: true,
      },
      {
        type: "AWS::ECS::Service",
        fields: ["service", "serviceName", "service.serviceName", "service.serviceArn"],
        creates: ["CreateService"],
        deletes: ["DeleteService"],
        scan: true,
      },
      {
        type: "AWS::ECS::TaskDefinition",
        fields: ["taskDefinition", "taskDefinitions", "family", "taskDefinition.taskDefinitionArn"],
        creates: ["RegisterTaskDefinition"],
        deletes: ["DeregisterTaskDefinition", "DeleteTaskDefinitions"],
      },
    ],
    modifies: ["DeregisterContainerInstance", "DeleteAttributes", "DeleteCapacityProvider"],
  },
  {
    source: "eks.amazonaws.com",
    types: [
      {
        type: "AWS::EKS::Cluster",
        fields: ["name", "clusterName", "cluster.name", "cluster.arn"],
        creates: ["CreateCluster"],
        deletes: ["DeleteCluster"],
        scan: true,
      },
      {
        type: "AWS::EKS::Nodegroup",
        fields: ["nodegroupName", "nodegroup.nodegroupName", "nodegroup.nodegroupArn"],
        creates: ["CreateNodegroup"],
        deletes: ["DeleteNodegroup"],
        scan: true,
      },
      {
        type: "AWS::EKS::FargateProfile",
        fields: ["fargateProfileName"],
        creates: ["CreateFargateProfile"],
        deletes: ["DeleteFargateProfile"],
      },
      {
        type: "AWS::EKS::Addon",
        fields: ["addonName"],
        creates: ["CreateAddon"],
        deletes: ["DeleteAddon"],
      },
    ],
    modifies: ["DisassociateIdentityProviderConfig"],
  },
  {
    source: "ecr.amazonaws.com",
    types: [
      {
        type: "AWS::ECR::Repository",
        fields: ["repositoryName", "repository.repositoryName", "repository.repositoryArn"],
        creates: ["CreateRepository"],
        deletes: ["DeleteRepository"],
        scan: true,
      },
    ],
    modifies: ["BatchDeleteImage", "DeleteLifecyclePolicy", "DeleteRepositoryPolicy", "PutImage"],
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    types: [
      {
        type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        fields: [
          "loadBalancerName",
          "loadBalancerArn",
          "loadBalancers.loadBalancerArn",
          "loadBalancers.loadBalancerName",
        ],
        creates: ["CreateLoadBalancer"],
        deletes: ["DeleteLoadBalancer"],
        scan: true,
      },
      {
        type: "AWS::ElasticLoadBalancingV2::TargetGroup",
        fields: ["targetGroupArn", "targetGroups.targetGroupArn", "targetGroups.targetGroupName"],
        creates: ["CreateTargetGroup"],
        deletes: ["DeleteTargetGroup"],
        scan: true,
      },
      {
        type: "AWS::ElasticLoadBalancingV2::Listener",
        fields: ["listenerArn", "listeners.listenerArn"],
        creates: ["CreateListener"],
        deletes: ["DeleteListener"],
      },
    ],
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
    types: [
      {
        type: "AWS::Logs::LogGroup",
        fields: ["logGroupName"],
        creates: ["CreateLogGroup"],
        deletes: ["DeleteLogGroup"],
        scan: true,
      },
      {
        type: "AWS::Logs::LogStream",
        fields: ["logStreamName"],
        creates: ["CreateLogStream"],
        deletes: ["DeleteLogStream"],
      },
    ],
    modifies: ["DeleteRetentionPolicy", "DeleteSubscriptionFilter", "DeleteMetricFilter"],
  },
  {
    source: "monitoring.amazonaws.com",
    arnService: "cloudwatch",
    types: [
      {
        type: "AWS::CloudWatch::Alarm",
        fields: ["alarmName", "alarmNames"],
        creates: ["PutMetricAlarm", "PutCompositeAlarm"],
        deletes: ["DeleteAlarms"],
        scan: true,
        arn: /^alarm:(?<name>.+)$/,
      },
      {
        type: "AWS::CloudWatch::Dashboard",
        fields: ["dashboardName", "dashboardNames"],
        creates: ["PutDashboard"],
        deletes: ["DeleteDashboards"],
        arn: /^dashboard\/(?<name>.+)$/,
      },
    ],
  },
  {
    source: "elasticfilesystem.amazonaws.com",
    types: [
      {
        type: "AWS::EFS::FileSystem",
        fields: ["fileSystemId", "fileSystemArn"],
        creates: ["CreateFileSystem"],
        deletes: ["DeleteFileSystem"],
        scan: true,
      },
      {
        type: "AWS::EFS::AccessPoint",
        fields: ["accessPointId", "accessPointArn"],
        creates: ["CreateAccessPoint"],
        deletes: ["DeleteAccessPoint"],
      },
      {
        type: "AWS::EFS::MountTarget",
        fields: ["mountTargetId"],
        creates: ["CreateMountTarget"],
        deletes: ["DeleteMountTarget"],
      },
    ],
  },
  {
    source: "guardduty.amazonaws.com",
    types: [
      {
        type: "AWS::GuardDuty::Detector",
        fields: ["detectorId"],
        creates: ["CreateDetector"],
        deletes: ["DeleteDetector"],
        scan: true,
      },
      {
        type: "AWS::GuardDuty::IPSet",
        fields: ["ipSetId"],
        creates: ["CreateIPSet"],
        deletes: ["DeleteIPSet"],
      },
    ],
  },
  {
    source: "wafv2.amazonaws.com",
    types: [
      {
        type: "AWS::WAFv2::WebACL",
        fields: ["name", "id", "summary.id", "summary.aRN", "webACLArn"],
        ownEventsOnly: true,
        creates: ["CreateWebACL"],
        deletes: ["DeleteWebACL"],
        scan: true,
        arn: /^(?:regional|global)\/webacl\/(?<name>[^/]+)\/(?<id>[^/]+)$/,
      },
      {
        type: "AWS::WAFv2::IPSet",
        fields: ["name", "id", "summary.id", "summary.aRN"],
        ownEventsOnly: true,
        creates: ["CreateIPSet"],
        deletes: ["DeleteIPSet"],
        arn: /^(?:regional|global)\/ipset\/(?<name>[^/]+)\/(?<id>[^/]+)$/,
      },
    ],
  },
  {
    source: "events.amazonaws.com",
    types: [
      {
        type: "AWS::Events::Rule",
        fields: ["name", "ruleArn"],
        ownEventsOnly: true,
        creates: ["PutRule"],
        deletes: ["DeleteRule"],
        scan: true,
        arn: /^rule\/(?:[^/]+\/)?(?<name>[^/]+)$/,
      },
      {
        type: "AWS::Events::EventBus",
        fields: ["name", "eventBusArn"],
        ownEventsOnly: true,
        creates: ["CreateEventBus"],
        deletes: ["DeleteEventBus"],
      },
    ],
    modifies: ["RemoveTargets", "PutTargets"],
  },
  {
    source: "secretsmanager.amazonaws.com",
    types: [
      {
        type: "AWS::SecretsManager::Secret",
        fields: ["secretId", "name", "aRN", "arn"],
        creates: ["CreateSecret"],
        deletes: ["DeleteSecret"],
        scan: true,
        // Secrets Manager appends six random characters to the name in the ARN.
        arn: /^secret:(?<name>.+)-[A-Za-z0-9]{6}$/,
      },
    ],
    modifies: ["RestoreSecret", "DeleteResourcePolicy"],
  },
  {
    source: "ssm.amazonaws.com",
    types: [
      {
        type: "AWS::SSM::Parameter",
        fields: ["name", "names"],
        ownEventsOnly: true,
        creates: ["PutParameter"],
        deletes: ["DeleteParameter", "DeleteParameters"],
        scan: true,
        arn: /^parameter(?<name>\/.+)$/,
      },
      {
        type: "AWS::SSM::MaintenanceWindow",
        fields: ["windowId"],
        creates: ["CreateMaintenanceWindow"],
        deletes: ["DeleteMaintenanceWindow"],
      },
    ],
  },
  {
    source: "route53.amazonaws.com",
    global: true,
    types: [
      {
        type: "AWS::Route53::HostedZone",
        fields: ["id", "hostedZoneId", "hostedZone.id"],
        ownEventsOnly: true,
        creates: ["CreateHostedZone"],
        deletes: ["DeleteHostedZone"],
        arn: /^hostedzone\/(?<name>.+)$/,
      },
      {
        type: "AWS::Route53::HealthCheck",
        fields: ["healthCheckId", "healthCheck.id"],
        creates: ["CreateHealthCheck"],
        deletes: ["DeleteHealthCheck"],
      },
    ],
    modifies: ["ChangeResourceRecordSets"],
  },
  {
    source: "apigateway.amazonaws.com",
    types: [
      {
        type: "AWS::ApiGateway::RestApi",
        fields: ["restApiId"],
        creates: ["CreateRestApi"],
        deletes: ["DeleteRestApi"],
        arn: /^\/restapis\/(?<name>[^/]+)$/,
      },
      {
        type: "AWS::ApiGatewayV2::Api",
        fields: ["apiId"],
        creates: ["CreateApi"],
        deletes: ["DeleteApi"],
        arn: /^\/apis\/(?<name>[^/]+)$/,
      },
    ],
  },
  {
    source: "states.amazonaws.com",
    types: [
      {
        type: "AWS::StepFunctions::StateMachine",
        fields: ["stateMachineArn"],
        creates: ["CreateStateMachine"],
        deletes: ["DeleteStateMachine"],
        scan: true,
      },
      {
        type: "AWS::StepFunctions::Activity",
        fields: ["activityArn"],
        creates: ["CreateActivity"],
        deletes: ["DeleteActivity"],
      },
    ],
  },
  {
    source: "cognito-idp.amazonaws.com",
    types: [
      {
        type: "AWS::Cognito::UserPool",
        fields: ["userPoolId", "userPool.id", "userPool.arn"],
        creates: ["CreateUserPool"],
        deletes: ["DeleteUserPool"],
      },
      {
        type: "AWS::Cognito::UserPoolClient",
        fields: ["clientId", "userPoolClient.clientId"],
        creates: ["CreateUserPoolClient"],
        deletes: ["DeleteUserPoolClient"],
      },
    ],
  },
  {
    source: "backup.amazonaws.com",
    types: [
      {
        type: "AWS::Backup::BackupVault",
        fields: ["backupVaultName", "backupVaultArn"],
        creates: ["CreateBackupVault"],
        deletes: ["DeleteBackupVault"],
        scan: true,
      },
      {
        type: "AWS::Backup::BackupPlan",
        fields: ["backupPlanId", "backupPlanArn"],
        creates: ["CreateBackupPlan"],
        deletes: ["DeleteBackupPlan"],
      },
    ],
  },
  {
    source: "glue.amazonaws.com",
    types: [
      {
        type: "AWS::Glue::Database",
        fields: ["name", "databaseInput.name"],
        ownEventsOnly: true,
        creates: ["CreateDatabase"],
        deletes: ["DeleteDatabase"],
        scan: true,
        arn: /^database\/(?<name>[^/]+)$/,
      },
      {
        type: "AWS::Glue::Job",
        fields: ["jobName", "name"],
        ownEventsOnly: true,
        creates: ["CreateJob"],
        deletes: ["DeleteJob"],
        arn: /^job\/(?<name>[^/]+)$/,
      },
      {
        type: "AWS::Glue::Crawler",
        fields: ["name"],
        ownEventsOnly: true,
        creates: ["CreateCrawler"],
        deletes: ["DeleteCrawler"],
        arn: /^crawler\/(?<name>[^/]+)$/,
      },
    ],
  },
  {
    source: "athena.amazonaws.com",
    types: [
      {
        type: "AWS::Athena::WorkGroup",
        fields: ["workGroup", "name"],
        ownEventsOnly: true,
        creates: ["CreateWorkGroup"],
        deletes: ["DeleteWorkGroup"],
        scan: true,
        arn: /^workgroup\/(?<name>[^/]+)$/,
      },
      {
        type: "AWS::Athena::NamedQuery",
        fields: ["namedQueryId"],
        creates: ["CreateNamedQuery"],
        deletes: ["DeleteNamedQuery"],
      },
    ],
  },
  {
    source: "redshift.amazonaws.com",
    types: [
      {
        type: "AWS::Redshift::Cluster",
        fields: ["clusterIdentifier", "cluster.clusterIdentifier"],
        creates: ["CreateCluster"],
        deletes: ["DeleteCluster"],
        scan: true,
      },
      {
        type: "AWS::Redshift::ClusterSnapshot",
        fields: ["snapshotIdentifier", "snapshot.snapshotIdentifier"],
        creates: ["CreateClusterSnapshot"],
        deletes: ["DeleteClusterSnapshot"],
      },
    ],
  },
  {
    source: "elasticache.amazonaws.com",
    types: [
      {
        type: "AWS::ElastiCache::CacheCluster",
        fields: ["cacheClusterId", "cacheCluster.cacheClusterId"],
        creates: ["CreateCacheCluster"],
        deletes: ["DeleteCacheCluster"],
        scan: true,
      },
      {
        type: "AWS::ElastiCache::ReplicationGroup",
        fields: ["replicationGroupId", "replicationGroup.replicationGroupId"],
        creates: ["CreateReplicationGroup"],
        deletes: ["DeleteReplicationGroup"],
        scan: true,
      },
    ],
  },
  {
    source: "es.amazonaws.com",
    types: [
      {
        type: "AWS::OpenSearchService::Domain",
        fields: ["domainName", "domainStatus.domainName", "domainStatus.aRN"],
        creates: ["CreateDomain", "CreateElasticsearchDomain"],
        deletes: ["DeleteDomain", "DeleteElasticsearchDomain"],
        scan: true,
      },
    ],
  },
  {
    source: "kinesis.amazonaws.com",
    types: [
      {
        type: "AWS::Kinesis::Stream",
        fields: ["streamName", "streamARN"],
        creates: ["CreateStream"],
        deletes: ["DeleteStream"],
        scan: true,
      },
    ],
  },
  {
    source: "acm.amazonaws.com",
    types: [
      {
        type: "AWS::CertificateManager::Certificate",
        fields: ["certificateArn"],
        creates: ["RequestCertificate", "ImportCertificate"],
        deletes: ["DeleteCertificate"],
      },
    ],
  },
  {
    source: "autoscaling.amazonaws.com",
    types: [
      {
        type: "AWS::AutoScaling::AutoScalingGroup",
        fields: ["autoScalingGroupName"],
        creates: ["CreateAutoScalingGroup"],
        deletes: ["DeleteAutoScalingGroup"],
        scan: true,
      },
      {
        type: "AWS::AutoScaling::LaunchConfiguration",
        fields: ["launchConfigurationName"],
        creates: ["CreateLaunchConfiguration"],
        deletes: ["DeleteLaunchConfiguration"],
      },
    ],
  },
  {
    source: "cloudtrail.amazonaws.com",
    types: [
      {
        type: "AWS::CloudTrail::Trail",
        fields: ["name", "trailARN"],
        ownEventsOnly: true,
        creates: ["CreateTrail"],
        deletes: ["DeleteTrail"],
        scan: true,
      },
    ],
    modifies: ["StopLogging", "StartLogging", "UpdateTrail", "PutEventSelectors"],
  },
];

/** Subtrees that hold free text or documents rather than identifiers of the resource acted on. */
export const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  "tags",
  "tagSet",
  "tagList",
  "tagSpecificationSet",
  "tagSpecifications",
  "description",
  "policyDocument",
  "assumeRolePolicyDocument",
  "policy",
  "userData",
  "environment",
  "message",
  "subject",
]);

/** One string of a record's parameters or response, with its path (array levels skipped). */
export interface Leaf {
  path: string;
  value: string;
}

/** Every identifier-like string under `value`, skipping free text; depth-capped against hostile records. */
export function collectLeaves(value: unknown, path: string, out: Leaf[], depth = 0): Leaf[] {
  if (depth > 12) return out;
  if (typeof value === "string") {
    if (value.length > 0 && value.length <= 2048) out.push({ path, value });
  } else if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, path, out, depth + 1);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (!SKIPPED_KEYS.has(k)) collectLeaves(v, path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
  return out;
}

export const BY_SOURCE: ReadonlyMap<string, ServiceResources> = new Map(
  RESOURCE_TABLE.map((s) => [s.source, s]),
);

const BY_ARN_SERVICE: ReadonlyMap<string, ServiceResources> = new Map(
  RESOURCE_TABLE.map((s) => [s.arnService ?? s.source.replace(/\.amazonaws\.com$/, ""), s]),
);

/** The event source of an ARN's service (`cloudwatch` → `monitoring.amazonaws.com`). */
export function sourceOfArnService(service: string): string {
  return BY_ARN_SERVICE.get(service)?.source ?? `${service}.amazonaws.com`;
}

/** The name and ID an ARN's resource part holds, for services whose ARNs the general rules misread. */
export function namesFromArn(service: string, resource: string): { name: string; id?: string } | null {
  for (const type of BY_ARN_SERVICE.get(service)?.types ?? []) {
    const groups = type.arn?.exec(resource)?.groups;
    if (groups?.name) return { name: groups.name, ...(groups.id ? { id: groups.id } : {}) };
  }
  return null;
}

/** The resources a record names, by type, as Event history's `Resources` reports them. */
export function resourcesOf(
  eventSource: string,
  eventName: string,
  leaves: readonly Leaf[],
): { type: string; name: string }[] {
  const out: { type: string; name: string }[] = [];
  for (const type of BY_SOURCE.get(eventSource)?.types ?? []) {
    if (type.ownEventsOnly && !type.creates?.includes(eventName) && !type.deletes?.includes(eventName))
      continue;
    for (const leaf of leaves) {
      if (type.fields.includes(leaf.path) && (!type.pattern || type.pattern.test(leaf.value)))
        out.push({ type: type.type, name: leaf.value });
    }
  }
  return out;
}
