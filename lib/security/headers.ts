import { randomBytes } from "node:crypto";

/**
 * Response headers for every answer. Scripts run only with the per-request nonce Next attaches to
 * its own tags ('strict-dynamic' lets those load their chunks), so markup smuggled in through an
 * event record could not run even if it ever reached the DOM as HTML.
 */

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React's development build reconstructs server error stacks with eval; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Next's development overlay injects style elements without the nonce.
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // React renders `style={…}` as attributes (virtualized rows are positioned that way); attributes
    // cannot carry a nonce, and a style attribute cannot run script.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ];
  return directives.join("; ");
}

/** The headers that do not change per request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  // Not no-referrer: under it a browser sends `Origin: null` even on this site's own form POSTs, and
  // over plain http (no Sec-Fetch-Site) the cross-site check could not tell them from a foreign page's.
  // Other sites still get no referrer and an `Origin: null`.
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};
