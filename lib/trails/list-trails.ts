import "server-only";
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  type GetEventSelectorsResponse,
  type Trail,
} from "@aws-sdk/client-cloudtrail";
import type { Account } from "../aws/account";
import { accountRegions, getAccounts } from "../accounts/registry";
import { cloudTrailClient } from "../aws/clients";
import { toSourceError } from "../aws/errors";

/**
 * Every trail the configured accounts can see, with its status and event selectors, in Trailscope's
 * own shape (DescribeTrails with shadow trails, GetTrailStatus, GetEventSelectors, GetInsightSelectors).
 */

export interface TrailView {
  arn: string;
  name: string;
  /** The account that owns the trail (from its ARN) and the configured account that read it. */
  ownerAccountId: string;
  readByAccount: { id: string; name: string };
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  bucket: string;
  prefix: string | null;
  encryption: { kind: "SSE-S3" } | { kind: "SSE-KMS"; keyId: string };
  logFileValidation: boolean;
  cloudWatchLogs: { logGroupArn: string; roleArn: string | null } | null;
  logging: boolean | null;
  latestDeliveryTime: string | null;
  latestDeliveryError: string | null;
  latestDigestDeliveryTime: string | null;
  latestDigestDeliveryError: string | null;
  recorded: {
    management: string;
    data: string[];
    insights: string[];
    selectorKind: "basic" | "advanced" | "none";
  };
  health: { level: "ok" | "late" | "failing" | "stopped"; message: string | null };
  /** Calls for this trail that failed (status, selectors): shown next to what did load. */
  problems: string[];
}

export interface TrailsResult {
  trails: TrailView[];
  failures: { accountId: string; accountName: string; region: string; message: string }[];
}

/** A trail that has delivered nothing for this long while logging is late (CloudTrail delivers about every 5 minutes). */
const LATE_AFTER_MS = 60 * 60_000;

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

function describeReadWrite(value: string | undefined): string {
  return value === "ReadOnly" ? "read-only" : value === "WriteOnly" ? "write-only" : "read and write";
}

function summarizeSelectors(
  response: GetEventSelectorsResponse | undefined,
): Pick<TrailView["recorded"], "management" | "data" | "selectorKind"> {
  if (response?.AdvancedEventSelectors?.length) {
    let management = "none";
    const data: string[] = [];
    for (const selector of response.AdvancedEventSelectors) {
      const fields = selector.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === "eventCategory")?.Equals?.[0];
      const readOnly = fields.find((f) => f.Field === "readOnly")?.Equals?.[0];
      const access =
        readOnly === "true" ? "read-only" : readOnly === "false" ? "write-only" : "read and write";
      if (category === "Management") management = access;
      else if (category === "Data") {
        const types = fields.find((f) => f.Field === "resources.type")?.Equals ?? ["all resource types"];
        data.push(`${selector.Name ? `${selector.Name}: ` : ""}${types.join(", ")} (${access})`);
      }
    }
    return { management, data, selectorKind: "advanced" };
  }
  if (response?.EventSelectors?.length) {
    const management = response.EventSelectors.find((s) => s.IncludeManagementEvents !== false);
    const data = response.EventSelectors.flatMap((s) =>
      (s.DataResources ?? []).map(
        (r) =>
          `${r.Type ?? "?"} ${(r.Values ?? []).join(", ") || "(all)"} (${describeReadWrite(s.ReadWriteType)})`,
      ),
    );
    return {
      management: management ? describeReadWrite(management.ReadWriteType) : "none",
      data,
      selectorKind: "basic",
    };
  }
  return { management: "read and write", data: [], selectorKind: "none" };
}

function healthOf(view: Omit<TrailView, "health">, now: number): TrailView["health"] {
  if (view.latestDeliveryError) {
    return { level: "failing", message: `Log delivery is failing: ${view.latestDeliveryError}` };
  }
  if (view.logging === false)
    return { level: "stopped", message: "Logging is turned off: no events are recorded." };
  const last = view.latestDeliveryTime ? Date.parse(view.latestDeliveryTime) : undefined;
  if (view.logging && (last === undefined || now - last > LATE_AFTER_MS)) {
    const since = last === undefined ? "ever" : `${Math.round((now - last) / 60_000)} minutes`;
    return { level: "late", message: `No log file delivered for ${since}.` };
  }
  return { level: "ok", message: null };
}

function message(error: unknown): string {
  return toSourceError(error).message;
}

async function describeTrail(account: Account, trail: Trail, now: number): Promise<TrailView> {
  const region = trail.HomeRegion ?? "us-east-1";
  const client = cloudTrailClient(account, region);
  const arn = trail.TrailARN ?? "";
  const problems: string[] = [];
  const [status, selectors, insights] = await Promise.all([
    client.send(new GetTrailStatusCommand({ Name: arn })).catch((e: unknown) => {
      problems.push(`GetTrailStatus: ${message(e)}`);
      return undefined;
    }),
    client.send(new GetEventSelectorsCommand({ TrailName: arn })).catch((e: unknown) => {
      problems.push(`GetEventSelectors: ${message(e)}`);
      return undefined;
    }),
    trail.HasInsightSelectors
      ? client.send(new GetInsightSelectorsCommand({ TrailName: arn })).catch((e: unknown) => {
          problems.push(`GetInsightSelectors: ${message(e)}`);
          return undefined;
        })
      : Promise.resolve(undefined),
  ]);
  const view: Omit<TrailView, "health"> = {
    arn,
    name: trail.Name ?? arn,
    ownerAccountId: arn.split(":")[4] ?? account.id,
    readByAccount: { id: account.id, name: account.name },
    homeRegion: region,
    multiRegion: trail.IsMultiRegionTrail ?? false,
    organization: trail.IsOrganizationTrail ?? false,
    bucket: trail.S3BucketName ?? "",
    prefix: trail.S3KeyPrefix || null,
    encryption: trail.KmsKeyId ? { kind: "SSE-KMS", keyId: trail.KmsKeyId } : { kind: "SSE-S3" },
    logFileValidation: trail.LogFileValidationEnabled ?? false,
    cloudWatchLogs: trail.CloudWatchLogsLogGroupArn
      ? { logGroupArn: trail.CloudWatchLogsLogGroupArn, roleArn: trail.CloudWatchLogsRoleArn ?? null }
      : null,
    logging: status?.IsLogging ?? null,
    latestDeliveryTime: iso(status?.LatestDeliveryTime),
    latestDeliveryError: status?.LatestDeliveryError ?? null,
    latestDigestDeliveryTime: iso(status?.LatestDigestDeliveryTime),
    latestDigestDeliveryError: status?.LatestDigestDeliveryError ?? null,
    recorded: {
      ...summarizeSelectors(selectors),
      insights: (insights?.InsightSelectors ?? []).flatMap((s) => (s.InsightType ? [s.InsightType] : [])),
    },
    problems,
  };
  return { ...view, health: healthOf(view, now) };
}

/**
 * A multi-region trail shows in every region and an organization trail in every member account: each
 * trail is listed once, read through its owner account when that account is configured.
 */
export async function listTrails(now = Date.now()): Promise<TrailsResult> {
  const accounts = await getAccounts();
  const failures: TrailsResult["failures"] = [];
  const found = new Map<string, { account: Account; trail: Trail }>();
  await Promise.all(
    accounts.flatMap((account) =>
      accountRegions(account).map(async (region) => {
        try {
          const { trailList = [] } = await cloudTrailClient(account, region).send(
            new DescribeTrailsCommand({ includeShadowTrails: true }),
          );
          for (const trail of trailList) {
            if (!trail.TrailARN) continue;
            const known = found.get(trail.TrailARN);
            const owner = trail.TrailARN.split(":")[4] === account.id;
            if (!known || (owner && known.trail.TrailARN?.split(":")[4] !== known.account.id)) {
              found.set(trail.TrailARN, { account, trail });
            }
          }
        } catch (error) {
          failures.push({
            accountId: account.id,
            accountName: account.name,
            region,
            message: message(error),
          });
        }
      }),
    ),
  );
  const trails = await Promise.all(
    [...found.values()].map(({ account, trail }) => describeTrail(account, trail, now)),
  );
  trails.sort((a, b) => a.ownerAccountId.localeCompare(b.ownerAccountId) || a.name.localeCompare(b.name));
  return { trails, failures };
}
