import { describe, expect, it } from "vitest";
import {
  classifyEventName,
  scanEventNames,
  isGlobalSource,
  SERVICE_EVENTS,
  targetFields,
} from "./event-kinds";

describe("the delete/create table", () => {
  it.each([
    ["ec2.amazonaws.com", "TerminateInstances"],
    ["ec2.amazonaws.com", "DeleteVolume"],
    ["ec2.amazonaws.com", "DeleteSecurityGroup"],
    ["ec2.amazonaws.com", "DeleteSnapshot"],
    ["ec2.amazonaws.com", "DeleteKeyPair"],
    ["ec2.amazonaws.com", "DeregisterImage"],
    ["s3.amazonaws.com", "DeleteBucket"],
    ["iam.amazonaws.com", "DeleteUser"],
    ["iam.amazonaws.com", "DeleteRole"],
    ["iam.amazonaws.com", "DeletePolicy"],
    ["iam.amazonaws.com", "DeleteAccessKey"],
    ["iam.amazonaws.com", "DeleteGroup"],
    ["iam.amazonaws.com", "DeleteInstanceProfile"],
    ["lambda.amazonaws.com", "DeleteFunction20150331"],
    ["lambda.amazonaws.com", "DeleteFunction"],
    ["rds.amazonaws.com", "DeleteDBInstance"],
    ["rds.amazonaws.com", "DeleteDBCluster"],
    ["dynamodb.amazonaws.com", "DeleteTable"],
    ["sns.amazonaws.com", "DeleteTopic"],
    ["sqs.amazonaws.com", "DeleteQueue"],
    ["kms.amazonaws.com", "ScheduleKeyDeletion"],
    ["cloudformation.amazonaws.com", "DeleteStack"],
    ["ecs.amazonaws.com", "DeleteCluster"],
    ["ecs.amazonaws.com", "DeleteService"],
    ["eks.amazonaws.com", "DeleteCluster"],
    ["eks.amazonaws.com", "DeleteNodegroup"],
    ["ecr.amazonaws.com", "DeleteRepository"],
    ["elasticloadbalancing.amazonaws.com", "DeleteLoadBalancer"],
  ])("%s %s is a deletion with named targets", (source, name) => {
    expect(classifyEventName(source, name, false)).toBe("deleted");
    expect(targetFields(source, name)?.length).toBeGreaterThan(0);
  });

  it.each([
    ["ec2.amazonaws.com", "RunInstances"],
    ["s3.amazonaws.com", "CreateBucket"],
    ["iam.amazonaws.com", "CreateRole"],
    ["lambda.amazonaws.com", "CreateFunction20150331"],
    ["kms.amazonaws.com", "CreateKey"],
    ["sqs.amazonaws.com", "CreateQueue"],
  ])("%s %s is a creation", (source, name) => {
    expect(classifyEventName(source, name, false)).toBe("created");
  });

  it("treats deletes of a part of a resource as changes to it", () => {
    expect(classifyEventName("s3.amazonaws.com", "DeleteBucketPolicy", false)).toBe("modified");
    expect(classifyEventName("iam.amazonaws.com", "DeleteRolePolicy", false)).toBe("modified");
    expect(classifyEventName("kms.amazonaws.com", "CancelKeyDeletion", false)).toBe("modified");
    expect(classifyEventName("ec2.amazonaws.com", "DeleteTags", false)).toBe("modified");
  });

  it("applies the general rules to services outside the table", () => {
    expect(classifyEventName("glue.amazonaws.com", "DeleteDatabase", false)).toBe("deleted");
    expect(classifyEventName("sagemaker.amazonaws.com", "TerminateNotebook", false)).toBe("deleted");
    expect(classifyEventName("ssm.amazonaws.com", "DeregisterTargetFromMaintenanceWindow", false)).toBe(
      "deleted",
    );
    // Remove*, Disable* and Purge* change the resource they name; a part's delete changes its parent.
    expect(classifyEventName("glue.amazonaws.com", "RemoveSomething", false)).toBe("modified");
    expect(classifyEventName("mq.amazonaws.com", "DisableBroker", false)).toBe("modified");
    expect(classifyEventName("mq.amazonaws.com", "PurgeBrokerQueue", false)).toBe("modified");
    expect(classifyEventName("mq.amazonaws.com", "DeleteBrokerPolicy", false)).toBe("modified");
    expect(classifyEventName("mq.amazonaws.com", "DeleteBroker", false)).toBe("deleted");
    expect(classifyEventName("mq.amazonaws.com", "DestroyBroker", false)).toBe("deleted");
    expect(classifyEventName("ec2.amazonaws.com", "ReleaseHosts", false)).toBe("deleted");
    expect(classifyEventName("mq.amazonaws.com", "Deleted", false)).toBe("modified");
    // Names that are also Object.prototype keys are not table entries.
    expect(classifyEventName("s3.amazonaws.com", "constructor", false)).toBe("modified");
    expect(classifyEventName("glue.amazonaws.com", "CreateDatabase", false)).toBe("created");
    expect(classifyEventName("glue.amazonaws.com", "UpdateDatabase", false)).toBe("modified");
    expect(classifyEventName("glue.amazonaws.com", "GetDatabase", false)).toBe("read");
    expect(classifyEventName("ec2.amazonaws.com", "DescribeInstances", true)).toBe("read");
    expect(targetFields("mq.amazonaws.com", "DeleteBroker")).toBeNull();
  });

  it("knows which services are global and keeps data events out of the scan", () => {
    expect(isGlobalSource("iam.amazonaws.com")).toBe(true);
    expect(isGlobalSource("ec2.amazonaws.com")).toBe(false);
    expect(scanEventNames("s3.amazonaws.com")).toEqual(["DeleteBucket"]);
    expect(scanEventNames("ec2.amazonaws.com", "instanceId")).toEqual(["TerminateInstances"]);
    expect(scanEventNames("sqs.amazonaws.com")).toEqual(["DeleteQueue"]);
  });

  it("keeps the table consistent: scans only deletes, no name both created and deleted", () => {
    for (const service of SERVICE_EVENTS) {
      for (const name of service.scan ?? [])
        expect(service.deletes[name], `${service.source} ${name}`).toBeDefined();
      for (const name of Object.keys(service.deletes)) {
        expect(service.creates[name], `${service.source} ${name}`).toBeUndefined();
        expect(service.modifies, `${service.source} ${name}`).not.toContain(name);
      }
    }
  });
});
