import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../../services/shared/config.ts';
import { TOPIC_SPECS } from '../../../services/contracts/topics.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const ciScript = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');

describe('README stays true', () => {
  it('opens with the two commands, and CI runs the test command it names', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(ciScript).toMatch(/^npm test$/m);
  });

  it.each(Object.keys(CONFIG_KEYS))('documents the configuration key %s', (key) => {
    expect(readme).toContain(`\`${key}\``);
  });

  it.each(Object.values(TOPIC_SPECS).map((t) => [t.name, t.valueSchema]))('documents the topic %s and its schema', (topic, schema) => {
    expect(readme).toContain(`\`${topic}\``);
    expect(readme).toContain(`\`${schema}\``);
  });
});
