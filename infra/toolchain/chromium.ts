// The browser tests drive Debian's `chromium` package through playwright-core (no browser download
// from a CDN). This finds it, installs it with apt-get when it is missing and we may (root), and
// otherwise stops with what to install: a browser test never skips for want of a browser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.STORYLINE_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`STORYLINE_CHROMIUM=${configured} does not exist`);
    return configured;
  }
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export function ensureChromium(log: (line: string) => void = (line) => console.error(line)): string {
  const found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'storyline: the browser tests need Chromium and it is not installed.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
        '  elsewhere: install Chromium and set STORYLINE_CHROMIUM=/path/to/chromium',
    );
  }
  log('storyline: installing Debian\'s chromium package for the browser tests (apt-get install -y chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  }
  const installed = findChromium();
  if (!installed) throw new Error('storyline: apt-get installed chromium but no chromium binary was found in ' + CANDIDATES.join(', '));
  return installed;
}

// `npx tsx infra/toolchain/chromium.ts` provisions it ahead of the tests.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(ensureChromium());
