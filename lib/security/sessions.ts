import "server-only";
import { randomBytes } from "node:crypto";
import { SESSION_MAX_AGE_SECONDS } from "./access-token";

/**
 * Login sessions kept on the server: the cookie holds a random id and nothing derived from the
 * token, so logging out (deleting the id) makes the old cookie worthless, and a restart logs
 * everyone out.
 */

/** Enough for every browser of a team; the oldest session goes first when a flood of logins exceeds it. */
export const MAX_SESSIONS = 1000;

export class SessionStore {
  /** Session id → expiry (ms). A Map keeps insertion order, so the first key is the oldest session. */
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs: number = SESSION_MAX_AGE_SECONDS * 1000,
  ) {}

  create(): string {
    this.prune();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const id = randomBytes(32).toString("base64url");
    this.sessions.set(id, this.now() + this.maxAgeMs);
    return id;
  }

  isLive(id: string): boolean {
    const expiry = this.sessions.get(id);
    if (expiry === undefined) return false;
    if (expiry <= this.now()) {
      this.sessions.delete(id);
      return false;
    }
    return true;
  }

  revoke(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, expiry] of this.sessions) if (expiry <= now) this.sessions.delete(id);
  }
}

const GLOBAL_KEY = Symbol.for("trailscope.sessions");

/**
 * The process's one store. proxy.ts and the auth route handlers are separate bundles, each with its
 * own copy of this module, so the store hangs off globalThis rather than a module variable.
 */
export function sessionStore(): SessionStore {
  const holder = globalThis as { [GLOBAL_KEY]?: SessionStore };
  holder[GLOBAL_KEY] ??= new SessionStore();
  return holder[GLOBAL_KEY];
}
