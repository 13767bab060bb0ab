import { isLoopbackHost } from "./loopback";

/**
 * Checks proxy.ts makes before anything else, on what a web page elsewhere can make a browser send:
 * the Host it names, the address it connects from, and whether a POST comes from another site.
 */

/**
 * The header proxy.ts reads the client's socket address from. peer-address.ts sets it on every
 * request from the socket itself, overwriting whatever the client sent under that name.
 */
export const PEER_HEADER = "x-trailscope-peer";

/** The host name of a Host header (`name`, `name:port`, `[v6]:port`), lowercased; undefined when malformed. */
export function hostName(hostHeader: string | null): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i.exec(hostHeader ?? "");
  return match?.[1]?.toLowerCase();
}

/**
 * Whether to serve a request that names this Host. Without a token a page on any name that resolves
 * to 127.0.0.1 (DNS rebinding) would read every API, so only loopback names and the listed ones are
 * served. With a token the token guards (a rebound page has no cookie for its name and no token), so
 * any Host is served unless the user listed names.
 */
export function hostAllowed(
  hostHeader: string | null,
  settings: { token: string | undefined; allowedHosts: readonly string[] | undefined },
): boolean {
  if (settings.token !== undefined && settings.allowedHosts === undefined) return true;
  const name = hostName(hostHeader);
  if (name === undefined) return false;
  return isLoopbackHost(name) || (settings.allowedHosts ?? []).includes(name);
}

/** Whether a socket address is this machine (IPv4 peers of a server bound to `::` arrive as `::ffff:a.b.c.d`). */
export function isLoopbackPeer(address: string | null): boolean {
  if (!address) return false;
  return isLoopbackHost(address.replace(/^::ffff:/i, ""));
}

/**
 * Why a state-changing request looks cross-site, or undefined. `Sec-Fetch-Site` is set by the
 * browser alone, so when present it decides; `same-site` is refused too, since another port of
 * localhost is the same site. Browsers send it only to https and loopback, so over plain http the
 * `Origin` (sent on every POST) must name this host. A request with neither is not from a browser
 * page (curl, scripts), and no page can make it.
 */
export function crossSiteProblem(headers: {
  secFetchSite: string | null;
  origin: string | null;
  host: string | null;
}): string | undefined {
  const { secFetchSite, origin, host } = headers;
  if (secFetchSite !== null) {
    return secFetchSite === "same-origin" || secFetchSite === "none"
      ? undefined
      : `Sec-Fetch-Site is ${secFetchSite}`;
  }
  if (origin === null) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin is ${origin}`;
  }
  return host !== null && originHost === host.toLowerCase() ? undefined : `Origin is ${origin}`;
}
