import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the bundle is built (git-ignored): `npm start` and `npm test` build it first (`console-build.ts`). */
export const CONSOLE_DIST = fileURLToPath(new URL('./dist/', import.meta.url));

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The built console, read once into memory: a few hundred kilobytes. Only files of the bundle can be
 * served, by exact relative path, so no request path ever reaches the file system.
 */
export function loadConsoleAssets(dir: string = CONSOLE_DIST): ReadonlyMap<string, ConsoleAsset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, ConsoleAsset>();
  for (const path of walk(dir)) {
    const type = TYPES[extname(path)];
    if (type) assets.set(relative(dir, path).split('\\').join('/'), { body: readFileSync(path), contentType: type });
  }
  return assets;
}
