import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DECOY_KEY, newApiKey, secretMatches, splitApiKey, type StoredKey } from './api-key.ts';

export const SCOPES = ['items:write', 'stories:read'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly kind: 'provider' | 'consumer';
  readonly scopes: readonly Scope[];
}

const StoredPrincipal = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  name: z.string().min(1),
  kind: z.enum(['provider', 'consumer']),
  scopes: z.array(z.enum(SCOPES)),
  keys: z.array(z.object({ keyId: z.string(), salt: z.string(), hash: z.string(), revoked: z.boolean().default(false) })),
});
const StoreFile = z.object({ principals: z.array(StoredPrincipal) });
type StoredPrincipal = z.infer<typeof StoredPrincipal>;

/** `keyId`: the credential presented (also on a failure, when the token has a key's shape), which rate limits count against. */
export type Authentication =
  | { ok: true; principal: Principal; keyId: string }
  | { ok: false; reason: 'missing_credentials' | 'invalid_credentials'; keyId?: string };

/**
 * Providers (who push copy) and consumers (who read stories) with their hashed API keys, in one
 * JSON file that operators manage with `storyline principals`. Keys are shown once, at creation.
 */
export class PrincipalStore {
  private principals: StoredPrincipal[] = [];
  private loadedMtimeMs = -1;
  /** scrypt costs tens of ms of CPU: a key is verified once per load of the file, keyed by the digest of the trimmed token. */
  private readonly verified = new Map<string, { principal: Principal; keyId: string }>();

  /** `verify`: how a secret is checked against its stored hash (tests count the calls). */
  constructor(
    private readonly path: string,
    private readonly verify: (secret: string, stored: StoredKey) => Promise<boolean> = secretMatches,
  ) {
    this.reloadIfChanged();
  }

  /** Operators change keys with the CLI while services run: a changed file is picked up on the next request. */
  private reloadIfChanged(): void {
    const mtimeMs = existsSync(this.path) ? statSync(this.path).mtimeMs : 0;
    if (mtimeMs === this.loadedMtimeMs) return;
    this.principals = mtimeMs === 0 ? [] : StoreFile.parse(JSON.parse(readFileSync(this.path, 'utf8'))).principals;
    this.loadedMtimeMs = mtimeMs;
    this.verified.clear();
  }

  list(): Principal[] {
    this.reloadIfChanged();
    return this.principals.map(({ id, name, kind, scopes }) => ({ id, name, kind, scopes }));
  }

  find(id: string): Principal | undefined {
    return this.list().find((p) => p.id === id);
  }

  /** Creates the principal if needed and issues a new key for it; returns the key (never stored in clear). */
  issueKey(id: string, name: string, kind: Principal['kind']): string {
    this.reloadIfChanged();
    const { key, stored } = newApiKey();
    const existing = this.principals.find((p) => p.id === id);
    const scopes: Scope[] = kind === 'provider' ? ['items:write', 'stories:read'] : ['stories:read'];
    const keyRecord = { ...stored, revoked: false };
    if (existing) existing.keys.push(keyRecord);
    else this.principals.push(StoredPrincipal.parse({ id, name, kind, scopes, keys: [keyRecord] }));
    this.save();
    return key;
  }

  revokeKeys(id: string): number {
    this.reloadIfChanged();
    const principal = this.principals.find((p) => p.id === id);
    if (!principal) return 0;
    const live = principal.keys.filter((k) => !k.revoked);
    for (const k of live) k.revoked = true;
    this.save();
    return live.length;
  }

  /**
   * Verifies `Bearer <key>`. Only tokens that verified are cached (so the cache holds at most one
   * entry per live key); an unknown or revoked key id is hashed against a decoy so that it answers in
   * the time a wrong secret does. scrypt runs on the thread pool, never on the event loop.
   */
  async authenticate(authorization: string | undefined): Promise<Authentication> {
    if (!authorization) return { ok: false, reason: 'missing_credentials' };
    this.reloadIfChanged();
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    const digest = createHash('sha256').update(token).digest('hex');
    const known = this.verified.get(digest);
    if (known) return { ok: true, ...known };
    const parts = splitApiKey(token);
    if (!parts) return { ok: false, reason: 'invalid_credentials' };
    const owner = this.principals.find((principal) => principal.keys.some((k) => k.keyId === parts.keyId && !k.revoked));
    const stored = owner?.keys.find((k) => k.keyId === parts.keyId) ?? DECOY_KEY;
    const matches = await this.verify(parts.secret, stored);
    // The file may have been reloaded while scrypt ran: a key revoked meanwhile is refused.
    if (!owner || !matches || !this.keyIsLive(parts.keyId)) return { ok: false, reason: 'invalid_credentials', keyId: parts.keyId };
    const { id, name, kind, scopes } = owner;
    const verified = { principal: { id, name, kind, scopes }, keyId: parts.keyId };
    this.verified.set(digest, verified);
    return { ok: true, ...verified };
  }

  /** Whether a key is still live: open streams are closed when their key is revoked. */
  keyIsLive(keyId: string): boolean {
    this.reloadIfChanged();
    return this.principals.some((principal) => principal.keys.some((k) => k.keyId === keyId && !k.revoked));
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify({ principals: this.principals }, null, 2), { mode: 0o600 });
    renameSync(temp, this.path);
    this.loadedMtimeMs = statSync(this.path).mtimeMs;
    this.verified.clear();
  }
}
