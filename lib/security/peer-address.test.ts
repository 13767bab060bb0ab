import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NETNS_PEER, runInNetns, type NetnsResult } from "@/test/support/netns";
import { PEER_HEADER } from "./request-guards";

const root = path.resolve(import.meta.dirname, "..", "..");
// The namespace has its own ports: nothing else listens there.
const PORT = 8080;

describe("tagPeerAddresses", () => {
  let result: NetnsResult;
  const seen = (i: number) => JSON.parse(result.answers[i]!.body) as Record<string, string | undefined>;

  beforeAll(async () => {
    result = await runInNetns({
      server: {
        command: [
          process.execPath,
          "--conditions=react-server",
          "--import",
          "tsx",
          path.join(root, "test", "support", "peer-echo-server.ts"),
          String(PORT),
        ],
        port: PORT,
        readyPath: "/",
      },
      probes: [
        {
          address: "127.0.0.1",
          path: "/",
          headers: { [PEER_HEADER]: "10.9.8.7", "X-Forwarded-For": "10.9.8.7" },
        },
        {
          address: NETNS_PEER,
          path: "/",
          headers: { "X-Trailscope-Peer": "127.0.0.1", "X-Forwarded-For": "127.0.0.1" },
        },
      ],
    });
  });

  it("sets the socket's address, whatever the client sent under that name", () => {
    expect(seen(0)[PEER_HEADER], result.serverLog).toBe("127.0.0.1");
  });

  it("names a non-loopback client by its own address", () => {
    expect(seen(1)[PEER_HEADER], result.serverLog).toBe(NETNS_PEER);
  });
});
