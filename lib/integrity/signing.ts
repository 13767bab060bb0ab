import { createHash, createPublicKey, createSign, createVerify, type KeyObject } from "node:crypto";

/** CloudTrail's digest signature (docs/aws-reference.md §4.4): SHA256withRSA over four lines. */

export const SIGNATURE_ALGORITHM = "SHA256withRSA";

export interface SignedDigestFields {
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  previousDigestSignature: string | null;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `previousDigestSignature` is the word `null` for the first digest of a chain, as CloudTrail's Java signer writes it. */
export function digestStringToSign(digest: SignedDigestFields, inflatedDigest: Buffer): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256Hex(inflatedDigest),
    digest.previousDigestSignature ?? "null",
  ].join("\n");
}

export function signDigest(privateKey: KeyObject, stringToSign: string): string {
  return createSign("sha256").update(stringToSign).sign(privateKey, "hex");
}

/** The fingerprint ListPublicKeys reports: hex MD5 of the key's DER bytes. */
export function publicKeyFingerprint(der: Buffer): string {
  return createHash("md5").update(der).digest("hex");
}

/** CloudTrail serves PKCS#1 RSAPublicKey DER; SubjectPublicKeyInfo is accepted too, as the CLI's loader does. */
export function loadDerPublicKey(der: Buffer): KeyObject | undefined {
  for (const type of ["pkcs1", "spki"] as const) {
    try {
      return createPublicKey({ key: der, format: "der", type });
    } catch {
      // try the other encoding
    }
  }
  return undefined;
}

export function verifyDigestSignature(key: KeyObject, stringToSign: string, signatureHex: string): boolean {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(signatureHex)) return false;
  try {
    return createVerify("sha256").update(stringToSign).verify(key, Buffer.from(signatureHex, "hex"));
  } catch {
    return false;
  }
}
