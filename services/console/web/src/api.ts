import type { Story, StoryUpdate, VersionChanges, Article } from '../../../contracts/types.generated.ts';

export { mainHeadline } from '../../../enrich/article-text.ts';

export type { Story, StoryUpdate, Article };

export interface Session {
  readonly principal: { readonly id: string; readonly name: string; readonly kind: string };
  readonly scopes: readonly string[];
  readonly csrfToken: string;
  readonly temporalUiUrl: string;
}

export interface PublishedVersion {
  readonly storyId: string;
  readonly version: number;
  readonly sequence: number;
  readonly publishedAt: number;
  readonly correction: boolean;
  readonly reason: string;
  readonly headline: string;
  readonly article: Article;
  readonly changes: VersionChanges | null;
}

/** A problem+json answer (RFC 9457) as an error the views can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CSRF_HEADER = 'x-storyline-csrf';
let current: Session | null = null;
const signedOutListeners = new Set<() => void>();

export const onSignedOut = (listener: () => void) => {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
};

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (response.status === 401 && current) {
      current = null;
      signedOutListeners.forEach((l) => l());
    }
    throw new ApiError(response.status, text(body.code) ?? 'error', text(body.detail) ?? text(body.title) ?? response.statusText);
  }
  return body as T;
}

export const getJson = async <T>(path: string): Promise<T> => parse<T>(await fetch(path, { headers: { accept: 'application/json' } }));

/** State-changing calls carry the session's CSRF token; the cookie alone is never enough. */
export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return parse<T>(
    await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: current?.csrfToken ?? '' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export async function loadSession(): Promise<Session | null> {
  try {
    current = await getJson<Session>('/console/api/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) current = null;
    else throw error;
  }
  return current;
}

export async function signIn(key: string): Promise<Session> {
  const response = await fetch('/console/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  current = await parse<Session>(response);
  return current;
}

export async function signOut(): Promise<void> {
  await send('DELETE', '/console/api/session');
  current = null;
}

export const hasScope = (session: Session | null, scope: string) => session?.scopes.includes(scope) ?? false;

export function formatTime(ms: number | string | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
