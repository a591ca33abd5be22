import type { SchemaCatalog } from '../contracts/avro-codec.ts';

type JsonSchema = Record<string, unknown>;
type AvroNode = string | AvroNode[] | { [key: string]: unknown };

const PRIMITIVES: Record<string, JsonSchema> = {
  null: { type: 'null' },
  boolean: { type: 'boolean' },
  int: { type: 'integer', format: 'int32' },
  long: { type: 'integer', format: 'int64' },
  float: { type: 'number' },
  double: { type: 'number' },
  string: { type: 'string' },
  bytes: { type: 'string', format: 'byte' },
};

const shortName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/**
 * OpenAPI component schemas derived from the Avro contract, so the HTTP API documents exactly the
 * records the public topics carry (JSON encoding: unions as plain values or null).
 */
export function jsonSchemasFor(catalog: SchemaCatalog, roots: readonly string[]): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  const convert = (node: AvroNode): JsonSchema => {
    if (typeof node === 'string') return PRIMITIVES[node] ?? { $ref: `#/components/schemas/${shortName(node)}` };
    if (Array.isArray(node)) {
      const branches = node.filter((b) => b !== 'null').map(convert);
      const nullable = node.includes('null');
      const one = branches.length === 1 ? branches[0]! : { oneOf: branches };
      return nullable ? { anyOf: [one, { type: 'null' }] } : one;
    }
    const type = node.type as AvroNode;
    if (node.logicalType === 'timestamp-millis') return { type: 'integer', format: 'int64', description: 'epoch milliseconds (UTC)' };
    if (type === 'array') return { type: 'array', items: convert(node.items as AvroNode) };
    if (type === 'map') return { type: 'object', additionalProperties: convert(node.values as AvroNode) };
    if (type === 'record' || type === 'enum') {
      const name = shortName(String(node.name));
      if (!components[name]) {
        components[name] = {};
        components[name] =
          type === 'enum'
            ? { type: 'string', enum: node.symbols, ...(node.doc ? { description: node.doc } : {}) }
            : {
                type: 'object',
                ...(node.doc ? { description: node.doc } : {}),
                required: (node.fields as Array<{ name: string }>).map((f) => f.name),
                properties: Object.fromEntries((node.fields as Array<{ name: string; type: AvroNode; doc?: string }>).map((f) => [f.name, { ...convert(f.type), ...(f.doc ? { description: f.doc } : {}) }])),
              };
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return convert(type);
  };
  for (const root of roots) convert(catalog.type(root).schema() as AvroNode);
  return components;
}
