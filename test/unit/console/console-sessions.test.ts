import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../services/shared/auth/principal-store.ts';
import { ConsoleSessions, cookieValue, csrfMatches, sessionCookie } from '../../../services/console/console-sessions.ts';

const principal: Principal = { id: 'ops', name: 'On call', kind: 'operator', scopes: ['ops:read', 'ops:write'] };

function sessions(options: { live?: () => boolean; maxSessions?: number } = {}) {
  let now = 1_000;
  const store = new ConsoleSessions(() => now, options.live ?? (() => true), { idleMs: 100, maxAgeMs: 1_000, maxSessions: options.maxSessions ?? 10 });
  return { store, advance: (ms: number) => (now += ms) };
}

describe('console sessions', () => {
  it('finds a session by its id and refreshes it while in use', () => {
    const { store, advance } = sessions();
    const session = store.create(principal, 'sk_1', 'sk_1.secret');
    advance(90);
    expect(store.find(session.id)?.principal.id).toBe('ops');
    advance(90);
    expect(store.find(session.id)).toBeDefined();
    expect(store.find('another')).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
  });

  it('expires idle sessions, old sessions, and sessions whose key was revoked', () => {
    const idle = sessions();
    const a = idle.store.create(principal, 'sk_1', 'k');
    idle.advance(101);
    expect(idle.store.find(a.id)).toBeUndefined();

    const old = sessions();
    const b = old.store.create(principal, 'sk_1', 'k');
    for (let i = 0; i < 11; i++) {
      old.advance(95);
      old.store.find(b.id);
    }
    expect(old.store.find(b.id)).toBeUndefined();

    let live = true;
    const revoked = sessions({ live: () => live });
    const c = revoked.store.create(principal, 'sk_1', 'k');
    live = false;
    expect(revoked.store.find(c.id)).toBeUndefined();
  });

  it('holds at most maxSessions, signing out the oldest', () => {
    const { store } = sessions({ maxSessions: 2 });
    const first = store.create(principal, 'sk_1', 'k');
    const second = store.create(principal, 'sk_1', 'k');
    const third = store.create(principal, 'sk_1', 'k');
    expect(store.size).toBe(2);
    expect(store.find(first.id)).toBeUndefined();
    expect(store.find(second.id)).toBeDefined();
    expect(store.find(third.id)).toBeDefined();
  });

  it('checks the CSRF token exactly', () => {
    const { store } = sessions();
    const session = store.create(principal, 'sk_1', 'k');
    expect(csrfMatches(session, session.csrfToken)).toBe(true);
    expect(csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(csrfMatches(session, '')).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie and clears it on sign-out', () => {
    const { store } = sessions();
    const session = store.create(principal, 'sk_1', 'k');
    const set = sessionCookie(session);
    expect(set).toContain(`storyline_console=${session.id}`);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(sessionCookie(null)).toMatch(/Max-Age=0/);
    expect(cookieValue(`a=1; storyline_console=${session.id}; b=2`, 'storyline_console')).toBe(session.id);
    expect(cookieValue('a=1', 'storyline_console')).toBeUndefined();
    expect(cookieValue(undefined, 'storyline_console')).toBeUndefined();
  });
});
