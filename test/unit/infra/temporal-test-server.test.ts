import { describe, expect, it } from 'vitest';
import { pomVersion, temporalTestServerExecutable } from '../../../infra/servers/temporal-test-server.ts';
import { VERSIONS } from '../../../infra/versions.ts';

describe('temporal test server provisioning', () => {
  it('resolves the pinned version and keeps it in a cache directory of that version', () => {
    expect(pomVersion()).toBe(VERSIONS.temporalTestServer);
    expect(temporalTestServerExecutable('/cache')).toBe(`/cache/temporal-test-server-${VERSIONS.temporalTestServer}/bin/temporal-test-server`);
  });
});
