import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagPeerAddresses } from "./peer-address";
import { PEER_HEADER } from "./request-guards";

/** This machine's first non-loopback IPv4 address: connecting to it from here is a non-loopback peer. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === "IPv4" && !a.internal)?.address;

describe("tagPeerAddresses", () => {
  const server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  let port = 0;

  beforeAll(async () => {
    tagPeerAddresses();
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function get(host: string, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host, port, headers }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve(JSON.parse(body) as IncomingHttpHeaders));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("sets the socket's address, whatever the client sent under that name", async () => {
    const seen = await get("127.0.0.1", { [PEER_HEADER]: "10.9.8.7", "X-Forwarded-For": "10.9.8.7" });
    expect(seen[PEER_HEADER]).toBe("127.0.0.1");
  });

  it("names a non-loopback client by its own address", async () => {
    expect(external, "this machine has no non-loopback IPv4 address").toBeDefined();
    const seen = await get(external!, { "X-Trailscope-Peer": "127.0.0.1" });
    expect(seen[PEER_HEADER]).toBe(external);
  });
});
