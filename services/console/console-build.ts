import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIST } from './console-assets.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = fileURLToPath(new URL('./web/', import.meta.url));
/** Code outside web/ that the bundle imports, and the lock file that pins the toolchain. */
const SHARED_INPUTS = ['services/enrich/article-text.ts', 'services/contracts/types.generated.ts', 'package-lock.json'];
const STAMP = '.source-hash';

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** Digest of everything the bundle is built from: a bundle with the same digest needs no rebuild. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const path of [...files(WEB), ...SHARED_INPUTS.map((p) => join(ROOT, p))]) hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

/**
 * Builds the console with Vite into services/console/dist (git-ignored) unless the bundle there was
 * built from the same sources. Run by `npm start` and `npm test` (infra/toolchain/install.mjs) and
 * by the browser tests; nothing is fetched, everything comes from node_modules.
 */
export function ensureConsoleBuilt(log: (line: string) => void = (line) => console.error(line)): { built: boolean; dir: string } {
  const wanted = consoleSourceHash();
  const stamp = join(CONSOLE_DIST, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted && existsSync(join(CONSOLE_DIST, 'index.html'))) return { built: false, dir: CONSOLE_DIST };
  log('storyline: building the web console (vite build)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WEB, 'vite.config.ts')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, `${wanted}\n`);
  return { built: true, dir: CONSOLE_DIST };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureConsoleBuilt();
