import { Prng } from "./dataset/prng";
import { EventStore, type StoreEntry } from "./store";

/**
 * A large store built fast for benchmarks and scale tests: compact events without a stored record
 * (the store synthesizes one on demand), in one account and region.
 */
export interface SyntheticStoreOptions {
  count: number;
  accountId?: string;
  region?: string;
  now?: Date;
  /** Window the events spread over, newest at `now`. */
  spanMs?: number;
  seed?: number;
}

const NAMES = [
  ["ec2.amazonaws.com", "DescribeInstances", true],
  ["ec2.amazonaws.com", "RunInstances", false],
  ["ec2.amazonaws.com", "TerminateInstances", false],
  ["s3.amazonaws.com", "ListBuckets", true],
  ["s3.amazonaws.com", "DeleteBucket", false],
  ["iam.amazonaws.com", "GetRole", true],
  ["iam.amazonaws.com", "CreateRole", false],
  ["lambda.amazonaws.com", "GetFunction20150331v2", true],
  ["sts.amazonaws.com", "AssumeRole", true],
  ["kms.amazonaws.com", "Decrypt", true],
] as const;
const TYPES = ["AWS::EC2::Instance", "AWS::S3::Bucket", "AWS::IAM::Role", "AWS::Lambda::Function"] as const;

export function syntheticEntries({
  count,
  accountId = "444455556666",
  region = "us-east-1",
  now = new Date(),
  spanMs = 90 * 86_400_000,
  seed = 1,
}: SyntheticStoreOptions): StoreEntry[] {
  const rng = new Prng(seed);
  const end = Math.floor(now.getTime() / 1000) * 1000;
  const out: StoreEntry[] = new Array<StoreEntry>(count);
  // Newest first with random gaps averaging the span / count, as a real history would arrive.
  const meanGapSeconds = spanMs / 1000 / Math.max(1, count);
  let time = end;
  for (let i = 0; i < count; i++) {
    const [eventSource, eventName, readOnly] = NAMES[i % NAMES.length]!;
    const type = TYPES[i % TYPES.length]!;
    // Whole seconds, as in real records: many events share a timestamp.
    time -= Math.floor(rng.next() * 2 * meanGapSeconds) * 1000;
    const user = `user-${i % 97}`;
    out[i] = {
      accountId,
      region,
      category: "management",
      event: {
        eventId: `${((0xffffffff - i) >>> 0).toString(16).padStart(8, "0")}-5e1f-4000-8000-${(seed >>> 0).toString(16).padStart(12, "0")}`,
        time,
        eventName,
        eventSource,
        readOnly,
        username: user,
        accessKeyId: `AKIASYNTH${String(i % 211).padStart(11, "0")}`,
        resources: [{ type, name: `resource-${i % 5003}` }],
      },
    };
  }
  return out;
}

export function buildSyntheticStore(options: SyntheticStoreOptions): EventStore {
  return new EventStore(syntheticEntries(options));
}
