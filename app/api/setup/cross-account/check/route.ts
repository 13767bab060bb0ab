import { checkBucketPolicy } from "@/lib/cross-account/policy-checker";
import { MAX_CHECK_BODY_BYTES, parseCheckBody } from "@/lib/cross-account/setup-params";
import { badRequest, jsonResponse } from "../../../_lib/http";

export const dynamic = "force-dynamic";

const TOO_LARGE = { param: "body", message: `must be at most ${MAX_CHECK_BODY_BYTES} bytes` };

/** Reads the body up to the limit, so an oversized upload is refused without being buffered whole. */
async function readBody(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_CHECK_BODY_BYTES || !request.body)
    return declared > MAX_CHECK_BODY_BYTES ? undefined : "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CHECK_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function POST(request: Request) {
  const text = await readBody(request);
  if (text === undefined) return badRequest([TOO_LARGE], 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return badRequest([{ param: "body", message: "is not valid JSON" }]);
  }
  const parsed = parseCheckBody(body);
  if (!parsed.ok) return badRequest(parsed.issues);
  return jsonResponse(checkBucketPolicy(parsed.value));
}
