import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, formatTime, getJson, hasScope, send, type Session } from './api.ts';
import { LineChart, type ChartSeries } from './line-chart.tsx';
import { ReplaysPanel, type Act, type Replay } from './replays-panel.tsx';
import { StageCharts, type StagesView } from './stage-charts.tsx';

// The admin API's JSON (services/admin/operations/): declared here because importing those modules,
// even for types, would drag their Node code into the browser's type check.
interface PartitionLag {
  readonly partition: number;
  readonly committed: string | null;
  readonly end: string;
  readonly lag: number;
}
interface ConsumerLag {
  readonly consumer: string;
  readonly group: string;
  readonly topic: string;
  readonly state: string;
  readonly members: readonly unknown[];
  readonly partitions: readonly PartitionLag[];
  readonly totalLag: number;
}
interface Status {
  readonly environment: string | null;
  readonly projection: string;
  readonly servers: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly detail?: string }>;
  readonly consumers: readonly ConsumerLag[] | { readonly error: string };
}
interface DeadLetter {
  readonly id: string;
  readonly consumer: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly failedAt: string;
  readonly redriven: { readonly at: string; readonly by: string; readonly to: string } | null;
}
const REFRESH_MS = 3_000;
/** Lag samples kept per group in the page (five minutes at the refresh rate). */
const LAG_POINTS = 100;

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

/** Each group's total lag at each refresh since the page opened: the lag-over-time chart. */
function withLagSample(history: ReadonlyMap<string, ChartSeries>, consumers: readonly ConsumerLag[], at: number): Map<string, ChartSeries> {
  const next = new Map(history);
  for (const consumer of consumers) {
    const points = [...(history.get(consumer.consumer)?.points ?? []), { x: at, y: consumer.totalLag }];
    next.set(consumer.consumer, { name: consumer.consumer, points: points.slice(-LAG_POINTS) });
  }
  return next;
}

/** Lag per partition as bars: the longest bar is the largest lag of the group. */
function LagChart({ consumer }: { consumer: ConsumerLag }) {
  const max = Math.max(1, ...consumer.partitions.map((p) => p.lag));
  return (
    <table class="lag">
      <caption>
        <strong>{consumer.consumer}</strong> <span class="muted">reads {consumer.topic} · {consumer.state} · {consumer.members.length} member(s) · total lag {consumer.totalLag}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Committed / end</th>
          <th scope="col">Lag</th>
        </tr>
      </thead>
      <tbody>
        {consumer.partitions.map((p) => (
          <tr key={p.partition} data-group={consumer.consumer} data-partition={p.partition}>
            <td>{p.partition}</td>
            <td>
              {p.committed ?? '–'} / {p.end}
            </td>
            <td class="bar-cell">
              <span class="bar" style={{ width: `${Math.max(2, (p.lag / max) * 100)}%` }} aria-hidden="true" />
              <span class="lag-value">{p.lag}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PipelineView({ session }: { session: Session }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [stages, setStages] = useState<StagesView | null>(null);
  const [lagHistory, setLagHistory] = useState<ReadonlyMap<string, ChartSeries>>(new Map());
  const [letters, setLetters] = useState<readonly DeadLetter[]>([]);
  const [replays, setReplays] = useState<readonly Replay[]>([]);
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [notice, setNotice] = useState<string>('');
  const canWrite = hasScope(session, 'ops:write');

  const refresh = useCallback(async () => {
    // Each part loads on its own: one that fails (a server down) leaves the others on screen.
    const failures: Record<string, string> = {};
    const load = <T,>(part: string, path: string, apply: (value: T) => void) =>
      getJson<T>(path).then(apply, (failure: unknown) => {
        // A server down answers status with 503 and the same body: the servers list says which.
        if (!(part === 'status' && failure instanceof ApiError && failure.status === 503)) failures[part] = message(failure);
      });
    await Promise.all([
      load<Status>('status', '/console/api/ops/status', (s) => {
        setStatus(s);
        if (Array.isArray(s.consumers)) setLagHistory((history) => withLagSample(history, s.consumers as readonly ConsumerLag[], Date.now()));
      }),
      load<StagesView>('stages', '/console/api/ops/metrics/stages', setStages),
      load<{ items: DeadLetter[] }>('letters', '/console/api/ops/dead-letters?limit=50', (d) => setLetters(d.items)),
      load<{ items: Replay[] }>('replays', '/console/api/ops/replays', (r) => setReplays(r.items)),
    ]);
    setErrors(failures);
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act: Act = async (what, method, path, body = {}) => {
    try {
      const answer = await send<Record<string, unknown> | undefined>(method, `/console/api/ops/${path}`, body);
      setNotice(`${what}: done${typeof answer?.rebuildId === 'string' ? ` (${answer.rebuildId})` : ''}`);
      return true;
    } catch (failure) {
      setNotice(`${what}: ${message(failure)}`);
      return false;
    } finally {
      await refresh();
    }
  };

  const consumers = status && Array.isArray(status.consumers) ? (status.consumers as readonly ConsumerLag[]) : [];
  const partError = (part: string) =>
    errors[part] && (
      <p role="alert" class="error">
        {errors[part]}
      </p>
    );
  return (
    <section aria-labelledby="pipeline-title">
      <h1 id="pipeline-title">Pipeline</h1>
      <p role="status" class="message">
        {notice}
      </p>
      <section aria-labelledby="servers-title">
        <h2 id="servers-title">Servers</h2>
        {partError('status')}
        <ul class="servers">
          {status?.servers.map((server) => (
            <li key={server.name} class={server.ok ? 'ok' : 'down'}>
              {server.name}: {server.ok ? 'up' : 'down'} <span class="muted">{server.detail}</span>
            </li>
          ))}
        </ul>
        {status && (
          <p class="muted">
            Environment {status.environment ?? 'default'} · read model {status.projection}
          </p>
        )}
      </section>
      <section aria-labelledby="stages-title">
        <h2 id="stages-title">Throughput and latency per stage</h2>
        {partError('stages')}
        {stages && <StageCharts view={stages} />}
      </section>
      <section aria-labelledby="lag-title">
        <h2 id="lag-title">Consumer lag</h2>
        {status && !Array.isArray(status.consumers) && <p class="error">{(status.consumers as { error: string }).error}</p>}
        <div class="charts">
          <LineChart id="lag-history" title="Total lag per group since this page opened" unit="records" series={[...lagHistory.values()]} />
        </div>
        {consumers.map((consumer) => (
          <LagChart consumer={consumer} key={consumer.group} />
        ))}
      </section>
      <section aria-labelledby="dlq-title">
        <h2 id="dlq-title">Dead letters</h2>
        {partError('letters')}
        {letters.length === 0 && <p class="muted">None.</p>}
        <ul class="dead-letters">
          {letters.map((letter) => (
            <li key={letter.id} data-dead-letter={letter.id}>
              <p>
                <strong>{letter.id}</strong> <span class="badge">{letter.errorCode}</span>
              </p>
              <p class="cause">{letter.errorMessage.slice(0, 500)}</p>
              <p class="muted">
                from {letter.sourceTopic}/{letter.sourcePartition}/{letter.sourceOffset} · failed {formatTime(letter.failedAt)}
              </p>
              {letter.redriven ? (
                <p class="redriven">
                  Re-driven by {letter.redriven.by} at {formatTime(letter.redriven.at)} onto {letter.redriven.to}
                </p>
              ) : (
                canWrite && (
                  <button type="button" onClick={() => void act(`Re-drive ${letter.id}`, 'POST', `dead-letters/${encodeURIComponent(letter.id)}/redrive`)} aria-label={`Re-drive dead letter ${letter.id}`}>
                    Re-drive
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="replays-title">
        <h2 id="replays-title">Replays</h2>
        {partError('replays')}
        <ReplaysPanel replays={replays} act={act} canWrite={canWrite} />
      </section>
    </section>
  );
}
