import avro from 'avsc';
import { poison } from '../shared/errors.ts';
import { parseSchemaFiles, readSchemaFiles } from './schema-files.ts';
import type { SchemaRegistryClient } from './schema-registry-client.ts';

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

type Resolver = ReturnType<avro.Type['createResolver']>;

/** The project's Avro types, parsed once from schemas/ (the contract). */
export class SchemaCatalog {
  private constructor(private readonly types: Map<string, avro.Type>) {}

  static fromSchemasDir(dir?: string): SchemaCatalog {
    return new SchemaCatalog(parseSchemaFiles(readSchemaFiles(dir)));
  }

  type(fullName: string): avro.Type {
    const type = this.types.get(fullName);
    if (!type) throw new Error(`no schema named ${fullName} under schemas/`);
    return type;
  }

  /** Self-contained schema text (every referenced type inlined), as registered. */
  canonicalSchema(fullName: string): string {
    return JSON.stringify(this.type(fullName).schema({ exportAttrs: true }));
  }
}

/**
 * Encodes values of one record type in the Confluent wire format, and decodes any writer schema the
 * registry knows into the current reader type (Avro schema resolution), so old records stay readable.
 */
export class AvroCodec<T> {
  private readonly resolvers = new Map<number, Promise<Resolver>>();

  constructor(
    private readonly readerType: avro.Type,
    private readonly writerId: number,
    private readonly registry: SchemaRegistryClient,
  ) {}

  encode(value: T): Buffer {
    const body = this.readerType.toBuffer(value);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeInt32BE(this.writerId, 1);
    return Buffer.concat([header, body]);
  }

  async decode(bytes: Buffer): Promise<T> {
    if (bytes.length < HEADER_BYTES || bytes.readUInt8(0) !== MAGIC_BYTE) throw poison('avro_bad_framing', `not Confluent-framed Avro (${bytes.length} bytes, first byte ${bytes[0] ?? 'none'})`);
    const id = bytes.readInt32BE(1);
    const resolver = await this.resolverFor(id);
    try {
      return this.readerType.fromBuffer(bytes.subarray(HEADER_BYTES), resolver) as T;
    } catch (error) {
      throw poison('avro_decode_failed', `could not decode a record written with schema id ${id}`, error);
    }
  }

  private resolverFor(id: number): Promise<Resolver> {
    let resolver = this.resolvers.get(id);
    if (!resolver) {
      resolver = this.registry.schemaById(id).then((text) => {
        const writer = avro.Type.forSchema(JSON.parse(text) as avro.Schema);
        return this.readerType.createResolver(writer);
      });
      resolver.catch(() => this.resolvers.delete(id));
      this.resolvers.set(id, resolver);
    }
    return resolver;
  }
}

/** Registers a topic's value schema (idempotent: the same schema returns the same id) and returns its codec. */
export async function codecFor<T>(catalog: SchemaCatalog, registry: SchemaRegistryClient, topic: { name: string; valueSchema: string }): Promise<AvroCodec<T>> {
  const id = await registry.register(`${topic.name}-value`, catalog.canonicalSchema(topic.valueSchema));
  return new AvroCodec<T>(catalog.type(topic.valueSchema), id, registry);
}
