#!/usr/bin/env node
// The README's two commands start here, on whatever Node the machine has (it may be past end of life):
// 1. the pinned maintained Node LTS is installed from the npm registry into the cache outside the repo;
// 2. `npm ci` runs under that Node when node_modules is missing or was installed from another lock file;
// 3. the web console is built with Vite (services/console/console-build.ts) when its sources changed.
// Plain JavaScript on purpose: it must run before any dependency is installed, on Node 18 and later.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nodeVersion = manifest.devDependencies.node;
const cacheDir = process.env.STORYLINE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'storyline');
const platformPackage = `node-${process.platform}-${process.arch}`;
const toolchainDir = join(cacheDir, 'toolchain', `node-${nodeVersion}`);
const nodeBinDir = join(toolchainDir, 'node_modules', platformPackage, 'bin');
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

function ensurePinnedNode() {
  if (existsSync(join(nodeBinDir, 'node'))) return;
  console.error(`storyline: installing Node ${nodeVersion} (${platformPackage}) into ${toolchainDir}`);
  mkdirSync(toolchainDir, { recursive: true });
  writeFileSync(join(toolchainDir, 'package.json'), JSON.stringify({ name: 'storyline-toolchain', private: true }) + '\n');
  run('npm', ['install', ...quiet, '--no-save', '--prefix', toolchainDir, `${platformPackage}@${nodeVersion}`]);
}

function lockHash() {
  return createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).update(nodeVersion).digest('hex');
}

function ensureDependencies(env) {
  const stamp = join(root, 'node_modules', '.storyline-installed');
  const wanted = lockHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) return;
  console.error('storyline: installing npm dependencies from package-lock.json (npm ci)');
  run('npm', ['ci', ...quiet], { cwd: root, env });
  writeFileSync(stamp, wanted + '\n');
}

ensurePinnedNode();
const env = { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH ?? ''}` };
const version = execFileSync(join(nodeBinDir, 'node'), ['--version'], { encoding: 'utf8' }).trim();
if (version !== `v${nodeVersion}`) throw new Error(`storyline: expected Node ${nodeVersion} in ${nodeBinDir}, found ${version}`);
ensureDependencies(env);
// The web console is bundled from node_modules here, before anything serves it (skipped when unchanged).
run(join(nodeBinDir, 'node'), ['--import', 'tsx', join(root, 'services', 'console', 'console-build.ts')], { cwd: root, env });
