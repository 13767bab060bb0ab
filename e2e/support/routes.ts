import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every page and route handler under app/, found from the files themselves, so a route added later
 * is fuzzed without editing the test. Dynamic segments (`[eventId]`) are filled in by the caller.
 */

export interface AppRoute {
  /** URL path with `[param]` segments left in place. */
  pattern: string;
  kind: "page" | "api";
  methods: string[];
}

const root = path.resolve(import.meta.dirname, "..", "..", "app");
const HANDLER = /export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

export function discoverRoutes(dir = root, segments: string[] = []): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
      // Route groups `(name)` do not appear in the URL.
      const next = /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name];
      routes.push(...discoverRoutes(path.join(dir, entry.name), next));
      continue;
    }
    const pattern = `/${segments.join("/")}`;
    if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ pattern, kind: "page", methods: ["GET"] });
    if (/^route\.(ts|js)$/.test(entry.name)) {
      const text = readFileSync(path.join(dir, entry.name), "utf8");
      const methods = [...new Set([...text.matchAll(HANDLER)].map((m) => m[1]!))];
      routes.push({ pattern, kind: "api", methods });
    }
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
