import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

const { temporal } = proto;

export type History = proto.temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History | null;
}

// The SDK's historyToJSON/historyFromJSON fail here ("type must be a Type"): npm installed two copies
// of protobufjs 8 (under @temporalio/common and @temporalio/proto) and the converter checks the type
// with `instanceof` against the other copy. Converting with the copy that built the types works.
const protojson = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto')).call(null, 'protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** The proto-JSON form other Temporal tools write (`temporal workflow show --output json`). */
export function historyToJson(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, temporal.api.history.v1.History.fromObject(history)), null, 2);
}

export function historyFromJson(json: string): History {
  const history = protojson.fromJson(historyType, JSON.parse(json), { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history;
}

// A history past a megabyte (the continue-as-new one, thousands of events) is kept gzipped.
const GZIP_ABOVE_BYTES = 1024 * 1024;

/** Writes `<base>.json`, or `<base>.json.gz` when large; returns the file name written. */
export function writeHistoryFile(dir: string, base: string, history: History): string {
  const json = `${historyToJson(history)}\n`;
  const file = Buffer.byteLength(json) > GZIP_ABOVE_BYTES ? `${base}.json.gz` : `${base}.json`;
  writeFileSync(`${dir}${file}`, file.endsWith('.gz') ? gzipSync(json, { level: 9 }) : json);
  return file;
}

export function readHistoryFile(path: string | URL): History {
  const bytes = readFileSync(path);
  return historyFromJson((String(path).endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

export const isHistoryFile = (file: string): boolean => file.endsWith('.json') || file.endsWith('.json.gz');
