import { describe, expect, it } from 'vitest';
import { parseServiceNames } from '../../../services/runtime/service-process.ts';

describe('storyline run service names', () => {
  it('puts the named services in start order (intake last), without repeats', () => {
    expect(parseServiceNames(['ingest', 'router', 'publisher', 'router'])).toEqual(['publisher', 'router', 'ingest']);
  });

  it('refuses an unknown name or none, naming the known ones', () => {
    expect(() => parseServiceNames(['rooter'])).toThrow(/one of: api, projection, publisher, worker, enrich, router, ingest/);
    expect(() => parseServiceNames([])).toThrow(/unknown service/);
  });
});
