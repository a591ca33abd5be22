import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../../services/shared/config.ts';

describe('configuration', () => {
  it('defaults point at the local servers', () => {
    const config = loadConfig({ STORYLINE_CACHE_DIR: '/tmp/cache' });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.registry.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.redis.url).toBe('redis://127.0.0.1:6390/0');
    expect(config.kafkaPrefix).toBe('');
    expect(loadConfig({ STORYLINE_ENV: 'test', STORYLINE_REDIS_DB: '1' })).toMatchObject({ kafkaPrefix: 'test.', redis: { url: 'redis://127.0.0.1:6390/1' } });
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'storyline', headless: false });
    expect(config.runDir).toBe('/tmp/cache/run');
  });

  it('derives client endpoints from the local ports unless set explicitly', () => {
    expect(loadConfig({ STORYLINE_KAFKA_PORT: '19092' }).kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(loadConfig({ STORYLINE_KAFKA_BROKERS: 'a:1,b:2' }).kafka.brokers).toEqual(['a:1', 'b:2']);
  });

  it.each([
    ['STORYLINE_KAFKA_PORT', 'ninety'],
    ['STORYLINE_REDIS_PORT', '70000'],
    ['STORYLINE_KAFKA_BROKERS', 'no-port'],
    ['STORYLINE_REGISTRY_URL', 'not a url'],
    ['STORYLINE_TEMPORAL_HEADLESS', 'maybe'],
    ['STORYLINE_LOG_LEVEL', 'loud'],
  ])('a bad %s stops start-up with a message naming the key', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrowError(new RegExp(`invalid configuration ${key}`));
  });

  it('documents every key with a default', () => {
    for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
      expect(spec.doc.length, key).toBeGreaterThan(10);
      expect(spec.schema.safeParse(spec.default).success, key).toBe(true);
    }
  });
});
