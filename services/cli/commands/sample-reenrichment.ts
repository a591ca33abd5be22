import { OpsClient, awaitReplay } from './ops-client.ts';
import type { StorySummary } from '../../runtime/demo-report.ts';

export interface Reenrichment {
  readonly replayId: string;
  /** Stories whose enrichment the current enricher changed (their ENRICHED update is on its way). */
  readonly changed: readonly string[];
}

/**
 * Sample stories from an earlier run keep the enrichment of the enricher that ran then. After an
 * upgrade the main job does what an operator would (`storyline replay enrichment --stories …`): an
 * enrichment replay limited to them, through the admin API, as a Temporal workflow.
 */
export async function reenrichStale(adminUrl: string, operatorKey: string, stories: readonly StorySummary[], enricherVersion: string, timeoutMs = 180_000): Promise<Reenrichment | null> {
  const stale = stories.filter((story) => story.enricherVersion !== null && story.enricherVersion !== enricherVersion).map((story) => story.storyId);
  if (stale.length === 0) return null;
  const client = new OpsClient(adminUrl, operatorKey);
  const started = await client.request('POST', '/ops/v1/replays/enrichment', { stories: stale, dryRun: false, paused: false, batchSize: 2000 });
  if (started.status !== 202) throw new Error(`the admin API refused the re-enrichment of the sample stories: ${started.status} ${JSON.stringify(started.body)}`);
  const replayId = String(started.body.rebuildId);
  const ended = await awaitReplay(client, replayId, { timeoutMs });
  if (!ended) throw new Error(`the re-enrichment of the sample stories (replay ${replayId}) did not finish within ${timeoutMs} ms`);
  const status = ended.body as { status?: string; result?: { tally?: { stories?: string[] } } | null };
  if (ended.status !== 200 || status.status !== 'COMPLETED') throw new Error(`the re-enrichment of the sample stories (replay ${replayId}) ended ${ended.status} ${String(status.status)}`);
  return { replayId, changed: status.result?.tally?.stories ?? [] };
}
