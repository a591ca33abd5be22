import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../services/shared/config.ts';
import { createRootLogger } from '../../services/shared/logger.ts';
import { createPlatform, type Platform } from '../../services/shared/platform/platform.ts';
import { PIPELINE_CONSUMERS } from '../../services/runtime/consumer-registry.ts';
import type { ConsumerSupervision } from '../../services/shared/kafka/consumer-runner.ts';
import { PrincipalStore } from '../../services/shared/auth/principal-store.ts';

/** `supervision` gives the consumers an observer (metrics) and what to do on an unrecoverable crash. */
export function testPlatform(supervision?: ConsumerSupervision): Promise<Platform> {
  return createPlatform(loadConfig(), createRootLogger(process.env.STORYLINE_TEST_LOG_LEVEL ?? 'silent', 2), { clientId: 'storyline-test', consumers: PIPELINE_CONSUMERS, supervision });
}

export function testPrincipals(): PrincipalStore {
  return new PrincipalStore(join(mkdtempSync(join(tmpdir(), 'storyline-principals-')), 'principals.json'));
}
