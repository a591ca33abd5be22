import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Platform } from '../../shared/platform/platform.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Principal, PrincipalStore } from '../../shared/auth/principal-store.ts';
import { acceptSubmission, type AcceptDependencies } from '../submission/accept-submission.ts';
import { dispositionFor, dispositionForThrown, type FileDisposition } from './file-disposition.ts';
import { isCandidateName, readyFiles, type FileSighting } from './file-readiness.ts';

export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

export interface DropFolderOptions {
  /** Between polls; a file is picked up after two polls saw it unchanged. */
  readonly pollIntervalMs?: number;
}

export interface DropFolder {
  /** Stops polling and waits for the file being submitted, if any. */
  stop(): Promise<void>;
}

/** The idempotency key of a dropped file: a crash between the Kafka write and the move re-submits it as a replay. */
export function dropFileIdempotencyKey(providerId: string, bytes: Buffer): string {
  return `folder:${providerId}:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Watches `<dir>/<providerId>/` for every provider allowed to write items, submits each new file
 * through the same path as HTTP (channel 'folder'), then moves it to done/ or failed/.
 */
export function startDropFolder(platform: Platform, principals: PrincipalStore, accept: AcceptDependencies, dir: string, options: DropFolderOptions = {}): DropFolder {
  const logger = platform.logger.child({ component: 'drop-folder', dir });
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const warned = new Set<string>();
  let seen = new Map<string, FileSighting>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> = Promise.resolve();

  async function poll(): Promise<void> {
    await mkdir(dir, { recursive: true });
    const providers = await providerFolders(dir, principals, (id, reason) => {
      if (!warned.has(id)) logger.warn({ folder: id }, `drop folder ignored: ${reason}`);
      warned.add(id);
    });
    const sightings = (await Promise.all(providers.map(({ folder }) => sightFiles(folder)))).flat();
    const { ready, seen: next } = readyFiles(seen, sightings);
    seen = next;
    for (const sighting of ready) {
      if (stopped) return;
      const provider = providers.find(({ folder }) => dirname(sighting.path) === folder)?.principal;
      if (!provider) continue;
      const moved = await submitFile(sighting.path, provider, accept, logger);
      if (moved) seen.delete(sighting.path);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      cycle = poll()
        .catch((error: unknown) => logger.error({ err: error }, 'drop folder poll failed'))
        .finally(schedule);
    }, pollIntervalMs);
  }

  cycle = poll()
    .catch((error: unknown) => logger.error({ err: error }, 'drop folder poll failed'))
    .finally(schedule);
  logger.info({ pollIntervalMs }, 'drop folder watching');
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await cycle;
    },
  };
}

async function providerFolders(dir: string, principals: PrincipalStore, ignore: (id: string, reason: string) => void): Promise<Array<{ folder: string; principal: Principal }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (!entry.isDirectory() || !isCandidateName(entry.name)) return [];
    const principal = principals.find(entry.name);
    if (!principal) {
      ignore(entry.name, 'no such principal');
      return [];
    }
    if (!principal.scopes.includes('items:write')) {
      ignore(entry.name, 'principal may not submit items (scope items:write missing)');
      return [];
    }
    return [{ folder: join(dir, entry.name), principal }];
  });
}

async function sightFiles(folder: string): Promise<FileSighting[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && isCandidateName(entry.name));
  const sightings = await Promise.all(
    files.map(async (entry): Promise<FileSighting | undefined> => {
      const path = join(folder, entry.name);
      // Gone between readdir and stat (moved by another watcher, deleted by the producer): not ours to submit.
      const info = await stat(path).catch(() => undefined);
      return info && { path, size: info.size, mtimeMs: info.mtimeMs };
    }),
  );
  return sightings.filter((sighting) => sighting !== undefined);
}

/** Submits one file and moves it; returns whether it left the folder. */
async function submitFile(path: string, provider: Principal, accept: AcceptDependencies, logger: Logger): Promise<boolean> {
  const bytes = await readFile(path);
  const disposition: FileDisposition = await acceptSubmission(
    { provider, bytes, contentType: undefined, idempotencyKey: dropFileIdempotencyKey(provider.id, bytes), channel: 'folder' },
    accept,
  ).then(dispositionFor, dispositionForThrown);
  const file = basename(path);
  const folder = dirname(path);
  switch (disposition.kind) {
    case 'done': {
      const target = await moveInto(path, join(folder, DONE_DIR));
      logger.info({ provider: provider.id, file, submissionIds: disposition.submissionIds, target }, 'dropped file accepted');
      return true;
    }
    case 'failed': {
      const failedDir = join(folder, FAILED_DIR);
      await mkdir(failedDir, { recursive: true });
      const target = freeName(failedDir, file);
      // The .error is written before the move: a crash in between re-refuses the file and rewrites it.
      await writeFile(`${target}.error`, `${JSON.stringify(disposition.error, null, 2)}\n`);
      await rename(path, target);
      logger.warn({ provider: provider.id, file, error: disposition.error, target }, 'dropped file refused');
      return true;
    }
    case 'retry':
      logger.warn({ provider: provider.id, file, reason: disposition.reason }, 'dropped file left in place, will retry');
      return false;
    default: {
      const unreachable: never = disposition;
      return unreachable;
    }
  }
}

async function moveInto(path: string, targetDir: string): Promise<string> {
  await mkdir(targetDir, { recursive: true });
  const target = freeName(targetDir, basename(path));
  await rename(path, target);
  return target;
}

/** `name`, or `stem-2.ext`, `stem-3.ext`…: a file dropped again under an old name never overwrites its predecessor. */
function freeName(dir: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n += 1) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!existsSync(candidate) && !existsSync(`${candidate}.error`)) return candidate;
  }
}
