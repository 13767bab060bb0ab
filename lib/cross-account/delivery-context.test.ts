import { describe, expect, it } from "vitest";
import { parseLogFileKey } from "../trail-files/keys";
import { deliveryContext, type CheckInput } from "./delivery-context";

const input: CheckInput = {
  bucket: "central-logs",
  prefix: "org",
  accounts: ["111122223333", "444455556666"],
  region: "eu-west-1",
  policy: {},
};

describe("deliveryContext", () => {
  it("replays the object keys the trail-file layout writes, for an account or an organization", () => {
    for (const organizationId of [undefined, "o-abcdefghij"]) {
      const ctx = deliveryContext({ ...input, organizationId }, []);
      const { logKey, digestKey, sourceAccount } = ctx.requestsFor("444455556666");
      const key = logKey.slice("arn:aws:s3:::central-logs/".length);
      expect(key.startsWith("org/AWSLogs/")).toBe(true);
      expect(parseLogFileKey(key)).toMatchObject({
        organizationId,
        accountId: "444455556666",
        region: "eu-west-1",
      });
      const digestRoot = `arn:aws:s3:::central-logs/org/AWSLogs/${organizationId ? `${organizationId}/` : ""}444455556666`;
      expect(digestKey).toMatch(
        new RegExp(
          `^${digestRoot}/CloudTrail-Digest/eu-west-1/\\d{4}/\\d{2}/\\d{2}/444455556666_CloudTrail-Digest_eu-west-1_`,
        ),
      );
      // An organization trail is the management account's: CloudTrail writes as the first one.
      expect(sourceAccount).toBe(organizationId ? "111122223333" : "444455556666");
    }
  });

  it("names the documented resource per account, or the organization's folder, in the region's partition", () => {
    expect(deliveryContext(input, []).expectedResource("444455556666")).toBe(
      "arn:aws:s3:::central-logs/org/AWSLogs/444455556666/*",
    );
    const org = deliveryContext(
      { ...input, prefix: "", organizationId: "o-abcdefghij", region: "cn-north-1" },
      [],
    );
    expect(org.expectedResource("444455556666")).toBe("arn:aws-cn:s3:::central-logs/AWSLogs/o-abcdefghij/*");
    expect(org.bucket).toBe("arn:aws-cn:s3:::central-logs");
  });
});
