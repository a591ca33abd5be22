import avro from 'avsc';
import type { SchemaRegistryClient } from '../../contracts/schema-registry-client.ts';

export type DecodedValue =
  | { readonly kind: 'avro'; readonly schemaId: number; readonly schema: string; readonly value: unknown }
  | { readonly kind: 'null' }
  | { readonly kind: 'undecodable'; readonly reason: string; readonly base64: string };

/** Avro values as JSON: bytes become base64 strings, so any record prints and parses back. */
export function jsonSafe(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v)]));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Decodes a record of any topic with the schema it was written with (the id in its Confluent
 * framing, fetched from the registry), so every schema version of every topic reads as written.
 */
export class RegistryDecoder {
  private readonly types = new Map<number, Promise<avro.Type>>();

  constructor(private readonly registry: SchemaRegistryClient) {}

  async decode(bytes: Buffer | null): Promise<DecodedValue> {
    if (bytes === null) return { kind: 'null' };
    if (bytes.length < 5 || bytes.readUInt8(0) !== 0) return { kind: 'undecodable', reason: 'not Confluent-framed Avro', base64: bytes.toString('base64') };
    const schemaId = bytes.readInt32BE(1);
    try {
      const type = await this.typeFor(schemaId);
      return { kind: 'avro', schemaId, schema: type.name ?? type.typeName, value: jsonSafe(type.fromBuffer(bytes.subarray(5))) };
    } catch (error) {
      return { kind: 'undecodable', reason: error instanceof Error ? error.message : String(error), base64: bytes.toString('base64') };
    }
  }

  private typeFor(id: number): Promise<avro.Type> {
    let type = this.types.get(id);
    if (!type) {
      type = this.registry.schemaById(id).then((text) => avro.Type.forSchema(JSON.parse(text) as avro.Schema));
      type.catch(() => this.types.delete(id));
      this.types.set(id, type);
    }
    return type;
  }
}
