import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { PEER_HEADER } from "./request-guards";

/**
 * Next gives proxy.ts no socket: its `x-forwarded-for` keeps whatever the client sent and only
 * falls back to the socket address. Node publishes every request on this channel before the
 * server's `request` listeners (Next's) see it, so the header set here is the socket's address
 * whatever the client put in its own headers.
 */
export function tagPeerAddresses(): void {
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
  });
}
