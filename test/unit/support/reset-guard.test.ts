import { describe, expect, it } from 'vitest';
import { assertTestEnvironment } from '../../support/reset-environment.ts';

describe('the test environment reset', () => {
  it('refuses an empty or non-test topic prefix, which would delete a user\'s topics', () => {
    expect(() => assertTestEnvironment({ kafkaPrefix: '', redis: { url: 'redis://127.0.0.1:6390/1', localPort: 6390 } })).toThrow(/not a test environment/);
    expect(() => assertTestEnvironment({ kafkaPrefix: 'prod.', redis: { url: 'redis://127.0.0.1:6390/1', localPort: 6390 } })).toThrow(/not a test environment/);
  });

  it('refuses Redis database 0, the main job\'s', () => {
    expect(() => assertTestEnvironment({ kafkaPrefix: 'test.', redis: { url: 'redis://127.0.0.1:6390/0', localPort: 6390 } })).toThrow(/database 0/);
    expect(() => assertTestEnvironment({ kafkaPrefix: 'test.', redis: { url: 'redis://127.0.0.1:6390', localPort: 6390 } })).toThrow(/database 0/);
  });

  it('accepts a test environment', () => {
    expect(() => assertTestEnvironment({ kafkaPrefix: 'test-h1.', redis: { url: 'redis://127.0.0.1:6390/3', localPort: 6390 } })).not.toThrow();
  });
});
