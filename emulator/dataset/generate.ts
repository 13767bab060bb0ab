import type { CloudTrailRecord } from "../record";
import { EventStore, eventFromRecord, type StoreEntry } from "../store";
import { buildRecord, GLOBAL_SOURCES, isoSeconds, type Actor, type Call } from "./build";
import {
  LIST_CALLS,
  RESOURCE_KINDS,
  cfnStack,
  ec2Instance,
  ec2SecurityGroup,
  kmsKey,
  label,
  type Resource,
} from "./catalog";
import { Prng } from "./prng";
import {
  ACCOUNT_ACTORS,
  alice,
  DEV,
  MANAGEMENT,
  PROD,
  autoscaling,
  githubActions,
  identityFor,
  terraform,
  type Principal,
} from "./principals";
import { consoleLogin, storyEvents } from "./story-events";

/**
 * The demo dataset: 90 days of activity in three accounts and three regions, deterministic for a
 * seed and an anchor time. Scripted stories (stories.ts) are laid over generated background
 * activity: reads, sign-ins, resources created, changed and deleted, services acting on their own,
 * a few percent of failed calls, and some Insights events.
 */

export const DEFAULT_EVENT_COUNT = 20_000;
export const DEFAULT_SEED = 20_131_101;
export const DEMO_DATASET_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"] as const;

const DAY = 86_400_000;
const WINDOW = 89.5 * DAY;

export interface DatasetOptions {
  now: Date;
  eventCount?: number;
  seed?: number;
}

export interface Dataset {
  store: EventStore;
}

interface Pending {
  accountId: string;
  region: string;
  actor: Actor;
  call: Call;
}

const ACCOUNT_WEIGHTS = [
  [PROD, 0.45],
  [DEV, 0.35],
  [MANAGEMENT, 0.2],
] as const;
const REGION_WEIGHTS = [
  ["us-east-1", 0.55],
  ["us-west-2", 0.3],
  ["eu-west-1", 0.15],
] as const;

function serviceAction(eventSource: string): string {
  const prefix = eventSource.split(".")[0] ?? "";
  return prefix === "monitoring" ? "cloudwatch" : prefix;
}

function denial(
  principalArn: string,
  call: Call,
  resourceArn: string,
  rng: Prng,
): Pick<Call, "errorCode" | "errorMessage"> {
  const encoded = Buffer.from(rng.hex(48), "hex").toString("base64url");
  const action = `${serviceAction(call.eventSource)}:${call.eventName.replace(/20150331(v2)?$/, "")}`;
  if (call.eventSource === "ec2.amazonaws.com") {
    return {
      errorCode: "Client.UnauthorizedOperation",
      errorMessage: `You are not authorized to perform this operation. User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${encoded}`,
    };
  }
  if (call.eventSource === "s3.amazonaws.com")
    return { errorCode: "AccessDenied", errorMessage: "Access Denied" };
  return {
    errorCode: call.eventSource === "lambda.amazonaws.com" ? "AccessDeniedException" : "AccessDenied",
    errorMessage: `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action`,
  };
}

function readError(call: Call, rng: Prng): Pick<Call, "errorCode" | "errorMessage"> {
  const roll = rng.next();
  if (roll < 0.35) return { errorCode: "ThrottlingException", errorMessage: "Rate exceeded" };
  if (call.eventSource === "s3.amazonaws.com")
    return { errorCode: "NoSuchBucketPolicy", errorMessage: "The bucket policy does not exist" };
  if (call.eventSource === "ec2.amazonaws.com") {
    return {
      errorCode: "Client.InvalidInstanceID.NotFound",
      errorMessage: "The instance ID 'i-0' does not exist".replace("i-0", `i-0${rng.hex(16)}`),
    };
  }
  if (call.eventSource === "lambda.amazonaws.com" || call.eventSource === "dynamodb.amazonaws.com") {
    return { errorCode: "ResourceNotFoundException", errorMessage: "Requested resource not found" };
  }
  return { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform this operation" };
}

function clientOf(p: Principal, rng: Prng): Actor["client"] {
  switch (p.kind) {
    case "root":
      return "console";
    case "service":
      return "service";
    default:
      return rng.pick(p.clients);
  }
}

function insightRecords(
  rng: Prng,
  now: number,
): { accountId: string; region: string; record: CloudTrailRecord }[] {
  const out: { accountId: string; region: string; record: CloudTrailRecord }[] = [];
  const samples = [
    ["ec2.amazonaws.com", "RunInstances", "ApiCallRateInsight"],
    ["iam.amazonaws.com", "AttachRolePolicy", "ApiCallRateInsight"],
    ["s3.amazonaws.com", "DeleteBucket", "ApiErrorRateInsight"],
    ["lambda.amazonaws.com", "UpdateFunctionCode20150331v2", "ApiCallRateInsight"],
  ] as const;
  for (const accountId of [MANAGEMENT, PROD, DEV]) {
    for (let n = 0; n < 3; n++) {
      const [eventSource, eventName, insightType] = rng.pick(samples);
      const region = eventSource === "iam.amazonaws.com" ? "us-east-1" : rng.pick(["us-east-1", "us-west-2"]);
      const start = now - rng.int(1, 85) * DAY - rng.int(0, 23) * 3_600_000;
      const minutes = rng.int(1, 30);
      const shared = rng.uuid();
      const baseline = Math.round(rng.next() * 1000) / 10000;
      const insightAverage = rng.int(5, 60);
      for (const state of ["Start", "End"] as const) {
        out.push({
          accountId,
          region,
          record: {
            eventVersion: "1.08",
            eventTime: isoSeconds(
              new Date(Math.floor((state === "Start" ? start : start + minutes * 60_000) / 1000) * 1000),
            ),
            awsRegion: region,
            eventID: rng.uuid(),
            eventType: "AwsCloudTrailInsight",
            recipientAccountId: accountId,
            sharedEventID: shared,
            insightDetails: {
              state,
              eventSource,
              eventName,
              insightType,
              insightContext: {
                statistics: {
                  baseline: { average: baseline },
                  insight: { average: insightAverage },
                  ...(state === "End"
                    ? { insightDuration: minutes, baselineDuration: 10_080 - minutes }
                    : {}),
                },
                attributions: [
                  {
                    attribute: "userIdentityArn",
                    insight: [
                      {
                        value: `arn:aws:sts::${accountId}:assumed-role/TerraformApply/terraform-ci`,
                        average: insightAverage,
                      },
                    ],
                    baseline: [
                      {
                        value: `arn:aws:sts::${accountId}:assumed-role/TerraformApply/terraform-ci`,
                        average: baseline,
                      },
                    ],
                  },
                  {
                    attribute: insightType === "ApiErrorRateInsight" ? "errorCode" : "userAgent",
                    insight: [
                      {
                        value: insightType === "ApiErrorRateInsight" ? "AccessDenied" : "aws-cli/2.22.10",
                        average: insightAverage,
                      },
                    ],
                    baseline: [],
                  },
                ],
              },
            },
            eventCategory: "Insight",
          },
        });
      }
    }
  }
  return out;
}

export function generateDataset({
  now,
  eventCount = DEFAULT_EVENT_COUNT,
  seed = DEFAULT_SEED,
}: DatasetOptions): Dataset {
  const rng = new Prng(seed);
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const entries: StoreEntry[] = [];
  const pick = <T>(items: readonly T[]) => rng.pick(items);
  const emit = (
    accountId: string,
    region: string,
    timeMs: number,
    actor: Actor,
    call: Call,
    eventId = rng.uuid(),
  ) => {
    const effectiveRegion = GLOBAL_SOURCES.has(call.eventSource) ? "us-east-1" : region;
    const record = buildRecord({
      accountId,
      region: effectiveRegion,
      time: new Date(Math.floor(timeMs / 1000) * 1000),
      actor,
      call,
      eventId,
      requestId: rng.uuid(),
      pick,
    });
    entries.push({
      accountId,
      region: effectiveRegion,
      category: "management",
      event: eventFromRecord(record),
    });
  };

  for (const scripted of storyEvents()) {
    emit(
      scripted.accountId,
      scripted.region,
      nowMs - scripted.ago,
      scripted.actor,
      scripted.call,
      scripted.eventId,
    );
  }
  const insights = insightRecords(rng, nowMs);
  for (const { accountId, region, record } of insights) {
    entries.push({ accountId, region, category: "insight", event: eventFromRecord(record) });
  }

  const live = new Map<string, Resource[]>();
  const liveKey = (accountId: string, region: string) => `${accountId}|${region}`;
  const liveIn = (accountId: string, region: string) => {
    const key = liveKey(accountId, region);
    let list = live.get(key);
    if (!list) live.set(key, (list = []));
    return list;
  };
  const pending: Pending[] = [];

  const background = Math.max(0, eventCount - entries.length + insights.length);
  const step = WINDOW / Math.max(1, background);
  const start = nowMs - WINDOW;

  for (let k = 0; k < background; k++) {
    const time = start + (k + rng.next()) * step;
    const next = pending.shift();
    if (next) {
      emit(next.accountId, next.region, time, next.actor, next.call);
      continue;
    }
    const accountId = rng.weighted(ACCOUNT_WEIGHTS);
    const region = rng.weighted(REGION_WEIGHTS);
    const principal = rng.weighted(ACCOUNT_ACTORS[accountId] ?? []);
    const actor: Actor = { principal, client: clientOf(principal, rng) };
    const arn = String(identityFor(principal, accountId, actor.client, new Date(time)).arn);
    const roll = rng.next();

    if (roll < 0.67) {
      const resources = liveIn(accountId, region);
      const target = resources.length > 0 && rng.chance(0.5) ? rng.pick(resources) : undefined;
      let call = target ? rng.pick(target.kind.reads)(target, rng) : rng.weighted(LIST_CALLS);
      if (rng.chance(0.025)) call = { ...call, ...readError(call, rng) };
      emit(accountId, region, time, actor, call);
      continue;
    }

    if (roll < 0.72) {
      if (accountId !== MANAGEMENT && rng.chance(0.25)) {
        // Alice administers the member accounts from the management account: cross-account calls.
        const roleArn = `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;
        emit(
          accountId,
          "us-east-1",
          time,
          { principal: alice, client: "cli", homeAccountId: MANAGEMENT },
          {
            eventSource: "sts.amazonaws.com",
            eventName: "AssumeRole",
            readOnly: true,
            requestParameters: { roleArn, roleSessionName: "alice-admin", durationSeconds: 3600 },
            responseElements: {
              credentials: {
                accessKeyId: `ASIA${rng.upper(16)}`,
                sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE",
                expiration: "Nov 25, 2026, 6:00:00 PM",
              },
              assumedRoleUser: {
                assumedRoleId: "AROADEMO:alice-admin",
                arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/alice-admin`,
              },
            },
            resources: [{ accountId, type: "AWS::IAM::Role", ARN: roleArn }],
          },
        );
      } else if (principal.kind === "user" || principal.kind === "root") {
        const failed = rng.chance(0.08);
        emit(
          accountId,
          "us-east-1",
          time,
          { principal, client: "console" },
          consoleLogin(failed ? "Failure" : "Success", !failed),
        );
      } else if (principal === githubActions) {
        emit(accountId, region, time, actor, {
          eventSource: "sts.amazonaws.com",
          eventName: "AssumeRoleWithWebIdentity",
          readOnly: true,
          userAgent:
            "aws-sdk-js/3.699.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.1 api/sts#3.699.0 m/E",
          requestParameters: {
            roleArn: `arn:aws:iam::${accountId}:role/github-actions-deploy`,
            roleSessionName: "GitHubActions",
            durationSeconds: 3600,
          },
          responseElements: {
            credentials: {
              accessKeyId: `ASIA${rng.upper(16)}`,
              sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE",
              expiration: "Nov 25, 2026, 6:00:00 PM",
            },
            subjectFromWebIdentityToken: "repo:example-org/shop:ref:refs/heads/main",
            assumedRoleUser: { assumedRoleId: "AROADEMO:GitHubActions", arn },
            provider: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
            audience: "sts.amazonaws.com",
          },
          resources: [
            {
              accountId,
              type: "AWS::IAM::Role",
              ARN: `arn:aws:iam::${accountId}:role/github-actions-deploy`,
            },
          ],
        });
      } else {
        emit(accountId, rng.chance(0.7) ? "us-east-1" : region, time, actor, {
          eventSource: "sts.amazonaws.com",
          eventName: "AssumeRole",
          readOnly: true,
          requestParameters: {
            roleArn: `arn:aws:iam::${accountId}:role/TerraformApply`,
            roleSessionName: "terraform-ci",
            durationSeconds: 3600,
          },
          responseElements: {
            credentials: {
              accessKeyId: `ASIA${rng.upper(16)}`,
              sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE",
              expiration: "Nov 25, 2026, 6:00:00 PM",
            },
            assumedRoleUser: {
              assumedRoleId: "AROADEMO:terraform-ci",
              arn: `arn:aws:sts::${accountId}:assumed-role/TerraformApply/terraform-ci`,
            },
          },
          resources: [
            { accountId, type: "AWS::IAM::Role", ARN: `arn:aws:iam::${accountId}:role/TerraformApply` },
          ],
        });
      }
      continue;
    }

    if (roll < 0.74) {
      // Services acting on their own or for a caller.
      const what = rng.next();
      if (what < 0.5 && accountId !== MANAGEMENT) {
        const instances = liveIn(accountId, region).filter(
          (r) => r.kind === ec2Instance && r.attrs.asg === "1",
        );
        const service: Actor = { principal: autoscaling, client: "service" };
        if (instances.length > 2 && rng.chance(0.5)) {
          const victim = rng.pick(instances);
          liveIn(accountId, region).splice(liveIn(accountId, region).indexOf(victim), 1);
          emit(accountId, region, time, service, ec2Instance.remove(victim, rng)[0]!);
        } else {
          const made = ec2Instance.newId(rng, accountId, region, "asg");
          const instance: Resource = {
            kind: ec2Instance,
            accountId,
            region,
            id: made.id,
            arn: made.arn,
            attrs: { ...made.attrs, asg: "1" },
          };
          liveIn(accountId, region).push(instance);
          emit(accountId, region, time, service, ec2Instance.create(instance, rng));
        }
      } else if (what < 0.75) {
        const keys = liveIn(accountId, region).filter((r) => r.kind === kmsKey);
        const key = keys.length > 0 ? rng.pick(keys) : undefined;
        emit(accountId, region, time, actor, {
          eventSource: "kms.amazonaws.com",
          eventName: "RotateKey",
          readOnly: false,
          eventType: "AwsServiceEvent",
          requestParameters: null,
          additionalEventData: {
            keyId: key?.arn ?? `arn:aws:kms:${region}:${accountId}:key/${rng.uuid()}`,
            rotationType: "AUTOMATIC",
          },
          resources: [
            {
              accountId,
              type: "AWS::KMS::Key",
              ARN: key?.arn ?? `arn:aws:kms:${region}:${accountId}:key/${rng.uuid()}`,
            },
          ],
        });
      } else {
        // A stack creating its security group: the caller's identity, invokedBy CloudFormation.
        const creator = principal.kind === "root" || principal.kind === "service" ? terraform : principal;
        const made = cfnStack.newId(rng, accountId, region, label(rng));
        const stack: Resource = { kind: cfnStack, accountId, region, id: made.id, arn: made.arn, attrs: {} };
        const sgMade = ec2SecurityGroup.newId(rng, accountId, region, "");
        const sg: Resource = {
          kind: ec2SecurityGroup,
          accountId,
          region,
          id: sgMade.id,
          arn: sgMade.arn,
          attrs: sgMade.attrs ?? {},
        };
        stack.attrs.securityGroupId = sg.id;
        liveIn(accountId, region).push(stack);
        const via: Actor = {
          principal: creator,
          client: "service",
          invokedBy: "cloudformation.amazonaws.com",
        };
        emit(
          accountId,
          region,
          time,
          { principal: creator, client: creator.kind === "role" ? "terraform" : "cli" },
          cfnStack.create(stack, rng),
        );
        pending.push({ accountId, region, actor: via, call: ec2SecurityGroup.create(sg, rng) });
      }
      continue;
    }

    // A change to a resource: create, modify or delete, sometimes denied.
    const kind = rng.weighted(RESOURCE_KINDS);
    const home = kind.global ? "us-east-1" : region;
    const resources = liveIn(accountId, home).filter((r) => r.kind === kind && r.attrs.asg !== "1");
    const op = resources.length < 2 || rng.chance(0.38) ? "create" : rng.chance(0.7) ? "modify" : "remove";
    const readOnlyPerson = principal.kind === "sso" && principal.permissionSet === "ReadOnlyAccess";
    const denied = readOnlyPerson || rng.chance(0.02);
    if (op === "create") {
      const made = kind.newId(rng, accountId, home, label(rng));
      const r: Resource = {
        kind,
        accountId,
        region: home,
        id: made.id,
        arn: made.arn,
        attrs: made.attrs ?? {},
      };
      const call = kind.create(r, rng);
      if (denied) {
        emit(accountId, home, time, actor, { ...call, ...denial(arn, call, r.arn, rng) });
        continue;
      }
      liveIn(accountId, home).push(r);
      emit(accountId, home, time, actor, call);
      continue;
    }
    const target = rng.pick(resources);
    if (op === "modify") {
      const call = rng.pick(kind.modify)(target, rng);
      emit(accountId, home, time, actor, denied ? { ...call, ...denial(arn, call, target.arn, rng) } : call);
      continue;
    }
    const calls = kind.remove(target, rng);
    if (denied) {
      const last = calls[calls.length - 1]!;
      emit(accountId, home, time, actor, { ...last, ...denial(arn, last, target.arn, rng) });
      continue;
    }
    const list = liveIn(accountId, home);
    list.splice(list.indexOf(target), 1);
    const [first, ...rest] = calls;
    emit(accountId, home, time, actor, first!);
    for (const call of rest) pending.push({ accountId, region: home, actor, call });
    const stackGroup = target.attrs.securityGroupId;
    if (kind === cfnStack && stackGroup) {
      // Deleting a stack deletes what it created, as the caller, through CloudFormation.
      pending.push({
        accountId,
        region: home,
        actor: { principal: actor.principal, client: "service", invokedBy: "cloudformation.amazonaws.com" },
        call: ec2SecurityGroup.remove(
          { ...target, kind: ec2SecurityGroup, id: stackGroup, attrs: {} },
          rng,
        )[0]!,
      });
    }
  }
  return { store: new EventStore(entries) };
}
