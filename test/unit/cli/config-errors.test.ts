import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SPAWN_TIMEOUT_MS = 60_000;
const cli = fileURLToPath(new URL('../../../services/cli/bin.mjs', import.meta.url));

async function storyline(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('configuration is read by the commands that need it, not at import', () => {
  it('prints a command\'s help whatever the environment holds', async () => {
    const result = await storyline(['parse', '--help'], { STORYLINE_API_PORT: 'abc', STORYLINE_ENV: 'Not Valid!' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: storyline parse');
  }, SPAWN_TIMEOUT_MS);

  it('stops a command that needs it with one line naming the bad key, exit 1', async () => {
    const result = await storyline(['start'], { STORYLINE_API_PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^storyline: invalid configuration STORYLINE_API_PORT: "abc"/)]);
  }, SPAWN_TIMEOUT_MS);
});
