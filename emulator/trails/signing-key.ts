import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { publicKeyFingerprint } from "../../lib/integrity/signing";

/**
 * The emulator's own digest-signing key. Kept in the data folder so the archive's signatures stay
 * valid across restarts; ListPublicKeys serves its public half (PKCS#1 DER, as CloudTrail does).
 */

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyDer: Buffer;
  fingerprint: string;
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  const publicKeyDer = createPublicKey(privateKey).export({ format: "der", type: "pkcs1" });
  return { privateKey, publicKeyDer, fingerprint: publicKeyFingerprint(publicKeyDer) };
}

export async function loadSigningKey(dataDir: string | undefined): Promise<SigningKey> {
  const file = dataDir ? path.join(dataDir, "trail-signing-key.pem") : undefined;
  if (file) {
    try {
      return fromPrivate(createPrivateKey(await readFile(file, "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  }
  return fromPrivate(privateKey);
}
