import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseItem } from '../ingest/parsers/index.ts';
import { applyDeclaredIdentity } from '../ingest/submission/accept-submission.ts';
import type { PrincipalStore } from '../shared/auth/principal-store.ts';
import { sampleCopy, type SampleItem } from './sample-copy.ts';

export interface DemoKeys {
  readonly wire: string;
  readonly secondWire: string;
  readonly reader: string;
  /** Signs in to the web console: story views (stories:read) and the pipeline view (ops:read, ops:write). */
  readonly console: string;
}

/**
 * The embedded default's principals. Their keys are kept in clear in the cache so that `npm start`
 * can run again without issuing new ones: demo credentials for loopback, never for production.
 */
export async function demoKeys(principals: PrincipalStore, path: string): Promise<DemoKeys> {
  if (existsSync(path)) {
    const keys = JSON.parse(readFileSync(path, 'utf8')) as DemoKeys;
    // A file from before the console key existed lacks it: all keys are issued again.
    const checks = await Promise.all([keys.wire, keys.secondWire, keys.reader, keys.console].map((key) => principals.authenticate(key ? `Bearer ${key}` : undefined)));
    if (checks.every((check) => check.ok)) return keys;
  }
  const keys: DemoKeys = {
    wire: principals.issueKey('demo-wire', 'Demo Wire', 'provider'),
    secondWire: principals.issueKey('example-wire', 'Example Wire', 'provider'),
    reader: principals.issueKey('demo-reader', 'Demo reader', 'consumer'),
    console: principals.issueKey('demo-console', 'Demo console', 'operator', ['stories:read', 'ops:read', 'ops:write']),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/** The provider each demo key stands for. */
const DEMO_PROVIDERS: Record<keyof Omit<DemoKeys, 'reader' | 'console'>, string> = { wire: 'demo-wire', secondWire: 'example-wire' };

export interface DemoSubmission {
  readonly item: SampleItem;
  readonly key: keyof Omit<DemoKeys, 'reader' | 'console'>;
  /** Plain text carries no identity: the demo declares it, as a provider's system would. */
  readonly itemId?: string;
  readonly version?: number;
}

/** The sample copy and who sends it: a story, its update, a rewrite from a second wire, a correction, another story. */
export function demoPlan(): DemoSubmission[] {
  const byName = new Map(sampleCopy().map((item) => [item.file, item]));
  const item = (file: string) => {
    const found = byName.get(file);
    if (!found) throw new Error(`sample copy ${file} is missing`);
    return found;
  };
  return [
    { item: item('01-geneva-talks.txt'), key: 'wire', itemId: 'geneva-talks', version: 1 },
    { item: item('02-geneva-talks-update.txt'), key: 'wire', itemId: 'geneva-talks', version: 2 },
    { item: item('03-geneva-talks-rewrite.json'), key: 'secondWire' },
    { item: item('04-geneva-talks-correction.txt'), key: 'wire', itemId: 'geneva-talks', version: 3 },
    { item: item('05-nairobi-marathon.txt'), key: 'wire' },
  ];
}

export interface SubmitResult {
  readonly file: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Posts like any producer: through the public ingest API, with an idempotency key per file so re-runs replay. */
export async function submitDemo(ingestUrl: string, keys: DemoKeys, plan: readonly DemoSubmission[]): Promise<SubmitResult[]> {
  const results: SubmitResult[] = [];
  for (const step of plan) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${keys[step.key]}`,
      'content-type': step.item.contentType,
      'idempotency-key': `demo-${createHash('sha256').update(step.item.bytes).digest('hex').slice(0, 32)}`,
      ...(step.itemId ? { 'storyline-item-id': step.itemId } : {}),
      ...(step.version ? { 'storyline-item-version': String(step.version) } : {}),
    };
    const response = await fetch(`${ingestUrl}/v1/items`, { method: 'POST', body: step.item.bytes, headers });
    results.push({ file: step.item.file, status: response.status, body: (await response.json()) as Record<string, unknown> });
  }
  return results;
}

/**
 * The item a sample submission becomes, derived as ingest derives it: a replayed answer (an earlier
 * run already submitted the file) does not repeat the item's URI.
 */
export function demoItemUri(step: DemoSubmission): string | undefined {
  const providerId = DEMO_PROVIDERS[step.key];
  const parsed = parseItem({ bytes: step.item.bytes, contentType: step.item.contentType, provider: { id: providerId, name: null }, submissionId: 'demo', receivedAt: 0 });
  if (!parsed.ok) return undefined;
  return applyDeclaredIdentity(parsed.article, { itemId: step.itemId, version: step.version }).uri;
}
