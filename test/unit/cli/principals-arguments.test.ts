import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPrincipal, formatPrincipal } from '../../../services/cli/commands/principals-command.ts';
import { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';

const freshStore = () => new PrincipalStore(join(mkdtempSync(join(tmpdir(), 'storyline-principals-')), 'principals.json'));

describe('storyline principals add', () => {
  it('creates a principal with a key that authenticates, then issues another key for the same id', async () => {
    const store = freshStore();
    const created = addPrincipal(store, 'wire-ap', 'AP', 'provider');
    expect(created.kind).toBe('created');
    const rotated = addPrincipal(store, 'wire-ap', 'AP', 'provider');
    expect(rotated.kind).toBe('key-added');
    for (const outcome of [created, rotated]) {
      if (outcome.kind !== 'created' && outcome.kind !== 'key-added') throw new Error(outcome.kind);
      expect(await store.authenticate(`Bearer ${outcome.key}`)).toMatchObject({ ok: true, principal: { id: 'wire-ap', scopes: ['items:write', 'stories:read'] } });
    }
  });

  it('refuses another kind for an existing id, and ids the store would reject', () => {
    const store = freshStore();
    addPrincipal(store, 'site', 'Site', 'consumer');
    expect(addPrincipal(store, 'site', 'Site', 'provider')).toEqual({ kind: 'kind-mismatch', existing: 'consumer' });
    expect(addPrincipal(store, 'Bad Id', 'x', 'provider')).toEqual({ kind: 'invalid-id' });
    expect(addPrincipal(store, '-dash', 'x', 'provider')).toEqual({ kind: 'invalid-id' });
    expect(store.list().map((p) => p.id)).toEqual(['site']);
  });

  it('lists without keys', () => {
    expect(formatPrincipal({ id: 'site', name: 'Site', kind: 'consumer', scopes: ['stories:read'] })).toMatch(/^site\s+consumer\s+stories:read\s+Site$/);
  });
});
