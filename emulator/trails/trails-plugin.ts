import path from "node:path";
import { AwsError } from "../errors";
import type { EmulatorPlugin, JsonRequest, PluginContext } from "../plugin";
import { writeDemoArchive } from "./demo-archive";
import { DEMO_TRAILS, type DemoTrail } from "./demo-trails";
import { loadSigningKey, type SigningKey } from "./signing-key";

/**
 * CloudTrail's trail APIs for the demo organization, and the signed demo archive: DescribeTrails
 * (shadow trails included), GetTrail, GetTrailStatus, GetEventSelectors, GetInsightSelectors,
 * ListTrails and ListPublicKeys.
 */

interface VisibleTrail {
  demo: DemoTrail;
  /** Seen from another region (a multi-region trail) or another account (an organization trail). */
  shadow: boolean;
}

/** Trails an account sees in a region: its own, its multi-region trails' shadows, and the organization trail. */
function visibleTrails(accountId: string, region: string): VisibleTrail[] {
  const seen: VisibleTrail[] = [];
  for (const demo of DEMO_TRAILS) {
    const own = demo.accountId === accountId;
    const orgMember = demo.trail.IsOrganizationTrail;
    if (!own && !orgMember) continue;
    const home = demo.trail.HomeRegion === region;
    if (!home && !demo.trail.IsMultiRegionTrail) continue;
    seen.push({ demo, shadow: !own || !home });
  }
  return seen;
}

function findTrail(request: JsonRequest, field: string): VisibleTrail {
  const name = request.body[field];
  if (typeof name !== "string" || name.length === 0) {
    throw new AwsError("InvalidTrailNameException", `${field} is required.`);
  }
  const found = visibleTrails(request.accountId, request.region).find(
    (t) => t.demo.trail.TrailARN === name || (!t.shadow && t.demo.trail.Name === name),
  );
  if (!found) {
    throw new AwsError("TrailNotFoundException", `Unknown trail: ${name} for the user: ${request.accountId}`);
  }
  return found;
}

function parseTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new AwsError("SerializationException", `${name} must be a timestamp`);
  return ms;
}

export function createTrailsPlugin(): EmulatorPlugin {
  let context: PluginContext | undefined;
  let key: SigningKey | undefined;
  const ctx = () => context!;

  return {
    name: "trails",
    async init(pluginContext) {
      context = pluginContext;
      key = await loadSigningKey(pluginContext.dataDir);
      if (!pluginContext.demo || !pluginContext.dataDir) return;
      const started = Date.now();
      const result = await writeDemoArchive({
        store: pluginContext.store,
        now: pluginContext.now,
        accounts: pluginContext.accounts,
        regions: pluginContext.regions,
        key,
        archiveRoot: path.join(pluginContext.dataDir, "archive"),
      });
      if (result.written) {
        console.log(
          `emulator: demo trail archive s3://${result.bucket} written (${result.logFiles} log files, ` +
            `${result.digestFiles} digest files) in ${Date.now() - started} ms`,
        );
      }
    },
    jsonOperations: {
      DescribeTrails: (request) => {
        if (!ctx().demo) return { trailList: [] };
        const includeShadows = request.body.includeShadowTrails !== false;
        const names = Array.isArray(request.body.trailNameList)
          ? request.body.trailNameList.map(String)
          : undefined;
        const trailList = visibleTrails(request.accountId, request.region)
          .filter((t) => includeShadows || !t.shadow)
          .filter(
            (t) =>
              !names ||
              names.length === 0 ||
              names.some((n) => n === t.demo.trail.TrailARN || n === t.demo.trail.Name),
          )
          .map((t) => t.demo.trail);
        return { trailList };
      },
      ListTrails: (request) => ({
        Trails: ctx().demo
          ? visibleTrails(request.accountId, request.region).map(({ demo }) => ({
              TrailARN: demo.trail.TrailARN,
              Name: demo.trail.Name,
              HomeRegion: demo.trail.HomeRegion,
            }))
          : [],
      }),
      GetTrail: (request) => ({ Trail: findTrail(request, "Name").demo.trail }),
      GetTrailStatus: (request) => findTrail(request, "Name").demo.status(ctx().now),
      GetEventSelectors: (request) => {
        const { demo } = findTrail(request, "TrailName");
        return { TrailARN: demo.trail.TrailARN, ...demo.eventSelectors };
      },
      GetInsightSelectors: (request) => {
        const { demo } = findTrail(request, "TrailName");
        if (!demo.insightSelectors) {
          throw new AwsError(
            "InsightNotEnabledException",
            `Trail ${demo.trail.TrailARN} does not have Insights enabled. Enable Insights on the trail, and then try the operation again.`,
          );
        }
        return { TrailARN: demo.trail.TrailARN, InsightSelectors: demo.insightSelectors };
      },
      ListPublicKeys: (request) => {
        const nowMs = ctx().now.getTime();
        const validFrom = nowMs - 120 * 86_400_000;
        const validTo = nowMs + 30 * 86_400_000;
        const start = parseTime(request.body.StartTime, "StartTime") ?? nowMs;
        const end = parseTime(request.body.EndTime, "EndTime") ?? nowMs;
        if (start > end)
          throw new AwsError("InvalidTimeRangeException", "Start time must be before end time.");
        const overlaps = start <= validTo && end >= validFrom;
        return {
          PublicKeyList: overlaps
            ? [
                {
                  // A blob: base64 of the PKCS#1 DER on the wire.
                  Value: key!.publicKeyDer.toString("base64"),
                  ValidityStartTime: Math.floor(validFrom / 1000),
                  ValidityEndTime: Math.floor(validTo / 1000),
                  Fingerprint: key!.fingerprint,
                },
              ]
            : [],
        };
      },
    },
  };
}

/** The registered instance: one emulator per process serves the demo trails. */
