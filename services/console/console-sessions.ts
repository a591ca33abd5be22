import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../shared/auth/principal-store.ts';

/**
 * A signed-in console user. The key stays on the server (the browser holds only an opaque,
 * HttpOnly cookie): the console calls the admin API with it on the operator's behalf.
 */
export interface ConsoleSession {
  readonly id: string;
  readonly csrfToken: string;
  readonly key: string;
  readonly keyId: string;
  readonly principal: Principal;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  readonly idleMs: number;
  readonly maxAgeMs: number;
  /** Bounds memory: the oldest session is signed out when a new one would pass it. */
  readonly maxSessions: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 2 * 3_600_000, maxAgeMs: 12 * 3_600_000, maxSessions: 1_000 };

const digest = (id: string) => createHash('sha256').update(id).digest('hex');

/** Sessions of one API process, in memory: a restart signs everyone out (the key is never written anywhere). */
export class ConsoleSessions {
  /** Keyed by the digest of the session id, so a timing difference in the map lookup says nothing about an id. */
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly now: () => number,
    private readonly keyIsLive: (keyId: string) => boolean,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  create(principal: Principal, keyId: string, key: string): ConsoleSession {
    const at = this.now();
    const session: ConsoleSession = { id: randomBytes(32).toString('base64url'), csrfToken: randomBytes(32).toString('base64url'), key, keyId, principal, createdAt: at, lastSeenAt: at };
    while (this.sessions.size >= this.limits.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(digest(session.id), session);
    return session;
  }

  /** The live session with this id, refreshed; expired ones and those whose key was revoked are gone. */
  find(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeenAt > this.limits.idleMs || at - session.createdAt > this.limits.maxAgeMs || !this.keyIsLive(session.keyId)) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(digest(id));
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** Constant-time comparison of the CSRF token a request carries with its session's. */
export function csrfMatches(session: ConsoleSession, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const SESSION_COOKIE = 'storyline_console';

/** The value of one cookie in a Cookie header; headers are bounded by the server, the scan is linear. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(session: ConsoleSession | null, limits: SessionLimits = DEFAULT_SESSION_LIMITS): string {
  // Strict: the browser never sends the cookie with a request another site started. Path=/ because
  // the console reads the public /v1 routes with it as well as its own /console/api.
  const base = `${SESSION_COOKIE}=${session ? session.id : ''}; Path=/; HttpOnly; SameSite=Strict`;
  return session ? `${base}; Max-Age=${Math.floor(limits.maxAgeMs / 1000)}` : `${base}; Max-Age=0`;
}
