import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../services/shared/config.ts';
import { SchemaRegistryClient } from '../../../services/contracts/schema-registry-client.ts';
import { runId } from '../../support/run-id.ts';

const registry = new SchemaRegistryClient(loadConfig().registry.url);
const subject = `${runId('test.registry')}-value`;
const v1 = JSON.stringify({ type: 'record', name: 'Probe', namespace: 'storyline.test', fields: [{ name: 'id', type: 'string' }] });
const v2Compatible = JSON.stringify({ type: 'record', name: 'Probe', namespace: 'storyline.test', fields: [{ name: 'id', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }] });
const v3Incompatible = JSON.stringify({ type: 'record', name: 'Probe', namespace: 'storyline.test', fields: [{ name: 'id', type: 'string' }, { name: 'count', type: 'int' }] });

describe('schema registry (real Apicurio, Confluent API)', () => {
  it('registers a schema, returns the same id again, and serves it by id', async () => {
    const id = await registry.register(subject, v1);
    expect(id).toBeGreaterThan(0);
    expect(await registry.register(subject, v1)).toBe(id);
    expect(JSON.parse(await registry.schemaById(id))).toEqual(JSON.parse(v1));
    expect(await registry.subjects()).toContain(subject);
  });

  it('accepts a backward-compatible change and refuses an incompatible one with 409', async () => {
    expect(await registry.isCompatible(subject, v2Compatible)).toBe(true);
    await registry.register(subject, v2Compatible);
    expect(await registry.isCompatible(subject, v3Incompatible)).toBe(false);
    await expect(registry.register(subject, v3Incompatible)).rejects.toMatchObject({ code: 'registry_incompatible_schema' });
  });
});
