import { describe, expect, it } from 'vitest';
import { stopInReverse } from '../../../services/runtime/pipeline.ts';

describe('stopping the services of a process', () => {
  it('stops the last started first, and a second stop keeps that order', async () => {
    const stopped: string[] = [];
    const services = ['api', 'publish', 'worker', 'ingest'].map((name) => ({ stop: () => Promise.resolve(void stopped.push(name)) }));
    await stopInReverse(services);
    await stopInReverse(services);
    expect(stopped).toEqual(['ingest', 'worker', 'publish', 'api', 'ingest', 'worker', 'publish', 'api']);
  });
});
