import { describe, expect, it } from "vitest";
import { crossSiteProblem, hostAllowed, hostName, isLoopbackPeer } from "./request-guards";

const NO_TOKEN = { token: undefined, allowedHosts: undefined };

describe("hostAllowed", () => {
  it("without a token serves only loopback names, any port", () => {
    for (const host of [
      "localhost",
      "localhost:3000",
      "127.0.0.1:3000",
      "127.0.0.1",
      "[::1]:3000",
      "LOCALHOST:1",
    ]) {
      expect(hostAllowed(host, NO_TOKEN), host).toBe(true);
    }
    for (const host of [
      "rebind.evil.example:3000",
      "127.0.0.1.nip.io",
      "localhost.evil.example",
      "evil.localhost:3000",
      "192.0.2.2:3000",
      "[fd00::2]:3000",
      "localhost:3000@evil",
      "localhost:abc",
      "",
      null,
    ]) {
      expect(hostAllowed(host, NO_TOKEN), String(host)).toBe(false);
    }
  });

  it("adds the names listed in TRAILSCOPE_ALLOWED_HOSTS, with or without a token", () => {
    const listed = { token: undefined, allowedHosts: ["trailscope.internal", "[fd00::2]"] };
    expect(hostAllowed("trailscope.internal:8443", listed)).toBe(true);
    expect(hostAllowed("Trailscope.Internal", listed)).toBe(true);
    expect(hostAllowed("[fd00::2]:3000", listed)).toBe(true);
    expect(hostAllowed("localhost:3000", listed)).toBe(true);
    expect(hostAllowed("evil.example", listed)).toBe(false);
    const tokenAndList = { token: "t", allowedHosts: ["trailscope.internal"] };
    expect(hostAllowed("evil.example", tokenAndList)).toBe(false);
    expect(hostAllowed("trailscope.internal", tokenAndList)).toBe(true);
  });

  it("with a token and no list serves any name: the token guards", () => {
    expect(hostAllowed("rebind.evil.example:3000", { token: "t", allowedHosts: undefined })).toBe(true);
  });

  it("reads the host name out of the header", () => {
    expect(hostName("[::1]:3000")).toBe("[::1]");
    expect(hostName("Example.COM:80")).toBe("example.com");
    expect(hostName("a b")).toBeUndefined();
  });
});

describe("isLoopbackPeer", () => {
  it("accepts only socket addresses on this machine, IPv4-mapped ones included", () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"]) {
      expect(isLoopbackPeer(address), address).toBe(true);
    }
    for (const address of ["192.0.2.2", "::ffff:192.0.2.2", "fd00::2", "", null]) {
      expect(isLoopbackPeer(address), String(address)).toBe(false);
    }
  });
});

describe("crossSiteProblem", () => {
  const host = "127.0.0.1:3000";

  it("lets same-origin browser requests and non-browser clients through", () => {
    expect(crossSiteProblem({ secFetchSite: "same-origin", origin: `http://${host}`, host })).toBeUndefined();
    expect(crossSiteProblem({ secFetchSite: null, origin: `http://${host}`, host })).toBeUndefined();
    expect(crossSiteProblem({ secFetchSite: "none", origin: null, host })).toBeUndefined();
    expect(crossSiteProblem({ secFetchSite: null, origin: null, host })).toBeUndefined();
    // Chromium's own form POSTs carry `Origin: null` when the page's referrer policy hides it.
    expect(crossSiteProblem({ secFetchSite: "same-origin", origin: "null", host })).toBeUndefined();
  });

  it("refuses other sites, other ports of the same site and opaque origins", () => {
    expect(crossSiteProblem({ secFetchSite: "cross-site", origin: "https://evil.example", host })).toBe(
      "Sec-Fetch-Site is cross-site",
    );
    expect(crossSiteProblem({ secFetchSite: "same-site", origin: "http://127.0.0.1:8080", host })).toBe(
      "Sec-Fetch-Site is same-site",
    );
    expect(crossSiteProblem({ secFetchSite: null, origin: "http://127.0.0.1:8080", host })).toBe(
      "Origin is http://127.0.0.1:8080",
    );
    expect(crossSiteProblem({ secFetchSite: null, origin: "null", host })).toBe("Origin is null");
    expect(crossSiteProblem({ secFetchSite: null, origin: `http://${host}`, host: null })).toBe(
      `Origin is http://${host}`,
    );
  });
});
