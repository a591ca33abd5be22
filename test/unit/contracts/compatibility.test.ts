import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { checkAgainstReleased, checkCompatibility } from '../../../services/contracts/compatibility.ts';

const record = (fields: object[]) => avro.Type.forSchema({ type: 'record', name: 'Probe', namespace: 't', fields } as avro.Schema);
const types = (t: avro.Type) => new Map([['t.Probe', t]]);
const enumType = (symbols: string[], fallback?: string) => avro.Type.forSchema({ type: 'enum', name: 'Kind', namespace: 't', symbols, ...(fallback ? { default: fallback } : {}) });
const enums = (t: avro.Type) => new Map([['t.Kind', t]]);

describe('schema evolution', () => {
  it('every current schema is backward and forward compatible with the released one', () => {
    expect(checkAgainstReleased()).toEqual([]);
  });

  it('accepts an added optional field with a default', () => {
    const released = record([{ name: 'id', type: 'string' }]);
    const current = record([{ name: 'id', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }]);
    expect(checkCompatibility(types(current), types(released))).toEqual([]);
  });

  it('refuses a new field without a default (old records cannot be read)', () => {
    const released = record([{ name: 'id', type: 'string' }]);
    const current = record([{ name: 'id', type: 'string' }, { name: 'count', type: 'int' }]);
    expect(checkCompatibility(types(current), types(released))).toMatchObject([{ type: 't.Probe', direction: 'backward' }]);
  });

  it('refuses removing a field that has no default (old readers cannot read new records)', () => {
    const released = record([{ name: 'id', type: 'string' }, { name: 'count', type: 'int' }]);
    const current = record([{ name: 'id', type: 'string' }]);
    expect(checkCompatibility(types(current), types(released))).toMatchObject([{ type: 't.Probe', direction: 'forward' }]);
  });

  it('accepts an enum symbol added when the enum declares a default (old readers fall back to it)', () => {
    const released = enumType(['A', 'UNKNOWN'], 'UNKNOWN');
    const current = enumType(['A', 'UNKNOWN', 'B'], 'UNKNOWN');
    expect(checkCompatibility(enums(current), enums(released))).toEqual([]);
  });

  it('refuses an enum symbol added to an enum without a default (old readers cannot read it)', () => {
    expect(checkCompatibility(enums(enumType(['A', 'B'])), enums(enumType(['A'])))).toMatchObject([{ type: 't.Kind', direction: 'forward' }]);
  });

  it('refuses a removed type', () => {
    expect(checkCompatibility(new Map(), types(record([{ name: 'id', type: 'string' }])))).toMatchObject([{ reason: 'the type was removed' }]);
  });
});
