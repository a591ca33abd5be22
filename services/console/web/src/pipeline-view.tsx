import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, formatTime, getJson, send } from './api.ts';

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
interface Replay {
  readonly rebuildId: string;
  readonly startedAt: string;
  readonly dryRun: boolean;
  readonly status: string;
  readonly progress: { readonly phase: string; readonly paused: boolean; readonly done: number; readonly total: number; readonly rate: number; readonly etaSeconds: number | null } | null;
}

const REFRESH_MS = 3_000;

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

export function PipelineView() {
  const [status, setStatus] = useState<Status | null>(null);
  const [letters, setLetters] = useState<readonly DeadLetter[]>([]);
  const [replays, setReplays] = useState<readonly Replay[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string>('');

  const refresh = useCallback(async () => {
    try {
      const [s, d, r] = await Promise.all([
        getJson<Status>('/console/api/ops/status').catch((e: unknown) => {
          // A server down answers 503 with the same body; show what there is.
          if (e instanceof ApiError && e.status === 503) return null;
          throw e;
        }),
        getJson<{ items: DeadLetter[] }>('/console/api/ops/dead-letters?limit=50'),
        getJson<{ items: Replay[] }>('/console/api/ops/replays'),
      ]);
      if (s) setStatus(s);
      setLetters(d.items);
      setReplays(r.items);
      setError(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (what: string, path: string) => {
    try {
      await send('POST', `/console/api/ops/${path}`, {});
      setMessage(`${what}: done`);
    } catch (failure) {
      setMessage(`${what}: ${failure instanceof ApiError ? failure.message : String(failure)}`);
    }
    await refresh();
  };

  const consumers = status && Array.isArray(status.consumers) ? (status.consumers as readonly ConsumerLag[]) : [];
  return (
    <section aria-labelledby="pipeline-title">
      <h1 id="pipeline-title">Pipeline</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p role="status" class="message">
        {message}
      </p>
      <section aria-labelledby="servers-title">
        <h2 id="servers-title">Servers</h2>
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
      <section aria-labelledby="lag-title">
        <h2 id="lag-title">Consumer lag</h2>
        {status && !Array.isArray(status.consumers) && <p class="error">{(status.consumers as { error: string }).error}</p>}
        {consumers.map((consumer) => (
          <LagChart consumer={consumer} key={consumer.group} />
        ))}
      </section>
      <section aria-labelledby="dlq-title">
        <h2 id="dlq-title">Dead letters</h2>
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
                <button type="button" onClick={() => void act(`Re-drive ${letter.id}`, `dead-letters/${encodeURIComponent(letter.id)}/redrive`)} aria-label={`Re-drive dead letter ${letter.id}`}>
                  Re-drive
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="replays-title">
        <h2 id="replays-title">Replays</h2>
        {replays.length === 0 && <p class="muted">No replay started recently (`storyline replay projection` starts one).</p>}
        <ul class="replays">
          {replays.map((replay) => (
            <li key={replay.rebuildId}>
              <p>
                <strong>{replay.rebuildId}</strong> <span class="badge">{replay.progress?.paused ? 'PAUSED' : replay.status}</span> {replay.dryRun && <span class="badge">dry run</span>} <span class="muted">started {formatTime(replay.startedAt)}</span>
              </p>
              {replay.progress && (
                <p>
                  <progress max={Math.max(1, replay.progress.total)} value={replay.progress.done} aria-label={`Replay ${replay.rebuildId} progress`} /> {replay.progress.phase} {replay.progress.done}/{replay.progress.total} · {replay.progress.rate.toFixed(0)}/s
                  {replay.progress.etaSeconds !== null ? ` · ${replay.progress.etaSeconds} s left` : ''}
                </p>
              )}
              {replay.status === 'RUNNING' && (
                <p class="actions">
                  {(['pause', 'resume', 'cancel'] as const).map((action) => (
                    <button type="button" class="secondary" key={action} onClick={() => void act(`${action} ${replay.rebuildId}`, `replays/${replay.rebuildId}/${action}`)}>
                      {action[0]!.toUpperCase() + action.slice(1)}
                    </button>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
