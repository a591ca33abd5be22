import { retriable, poison, StorylineError } from '../shared/errors.ts';

/** The Confluent Schema Registry REST API (served by Apicurio's ccompat layer, or Confluent, or Karapace). */
export class SchemaRegistryClient {
  private readonly byId = new Map<number, Promise<string>>();

  constructor(private readonly baseUrl: string) {}

  async register(subject: string, schema: string): Promise<number> {
    const body = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, schemaType: 'AVRO' });
    return body.id;
  }

  async isCompatible(subject: string, schema: string, version: 'latest' | number = 'latest'): Promise<boolean> {
    try {
      const body = await this.request<{ is_compatible: boolean }>('POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/${version}`, { schema, schemaType: 'AVRO' });
      return body.is_compatible;
    } catch (error) {
      if (error instanceof StorylineError && error.code === 'registry_not_found') return true;
      throw error;
    }
  }

  /** Schemas are immutable per id, so a fetched one is cached for the life of the process. */
  schemaById(id: number): Promise<string> {
    let cached = this.byId.get(id);
    if (!cached) {
      cached = this.request<{ schema: string }>('GET', `/schemas/ids/${id}`).then((b) => b.schema);
      cached.catch(() => this.byId.delete(id));
      this.byId.set(id, cached);
    }
    return cached;
  }

  async subjects(): Promise<string[]> {
    return this.request<string[]>('GET', '/subjects');
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', accept: 'application/vnd.schemaregistry.v1+json, application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw retriable('registry_unreachable', `schema registry at ${this.baseUrl} did not answer`, error);
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    const detail = `${method} ${path} → ${response.status} ${text.slice(0, 300)}`;
    if (response.status === 409) throw poison('registry_incompatible_schema', `schema is incompatible with the subject's history: ${detail}`);
    if (response.status === 404) throw poison('registry_not_found', detail);
    if (response.status === 422) throw poison('registry_invalid_schema', detail);
    throw retriable('registry_error', detail);
  }
}
