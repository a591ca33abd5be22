import { useState } from 'preact/hooks';
import { formatTime } from './api.ts';

// The console's GET /console/api/ops/replays (services/console/ops-proxy.ts), declared here for the browser's type check.
interface Progress {
  readonly phase: string;
  readonly paused: boolean;
  readonly done: number;
  readonly total: number;
  readonly rate: number;
  readonly etaSeconds: number | null;
}
export interface Replay {
  readonly rebuildId: string;
  readonly target: string;
  readonly startedAt: string;
  readonly dryRun: boolean | null;
  readonly status: string;
  readonly progress: Progress | null;
  readonly result: { readonly outcome?: string; readonly events?: number; readonly seconds?: number } | null;
}

const TARGETS = [
  { value: 'projection', label: 'projection: rebuild the read model (blue/green)' },
  { value: 'public-topics', label: 'public-topics: re-publish stories.v1 and story-updates.v1' },
  { value: 'enrichment', label: 'enrichment: re-enrich with the current enricher' },
  { value: 'parse', label: 'parse: re-parse the raw wire copy' },
] as const;

/** What the pipeline view does when the operator acts: one admin call, then a refresh. */
export type Act = (what: string, method: 'POST', path: string, body?: unknown) => Promise<boolean>;

function StartReplay({ act }: { act: Act }) {
  const [target, setTarget] = useState<string>('public-topics');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [stories, setStories] = useState('');
  const [batchSize, setBatchSize] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [paused, setPaused] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const ids = stories.split(/[\s,]+/).filter((s) => s.length > 0);
    const body = { dryRun, paused, ...(from.trim() ? { from: from.trim() } : {}), ...(to.trim() ? { to: to.trim() } : {}), ...(ids.length > 0 ? { stories: ids } : {}), ...(batchSize ? { batchSize: Number(batchSize) } : {}) };
    await act(`Start ${dryRun ? 'dry run of ' : ''}${target} replay`, 'POST', `replays/${target}`, body);
    setBusy(false);
  };
  return (
    <form class="start-replay" onSubmit={(e) => void submit(e)} aria-labelledby="start-replay-title">
      <h3 id="start-replay-title">Start a replay</h3>
      <label>
        Target
        <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
          {TARGETS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        From <span class="muted">(earliest when empty; ISO time, epoch ms or partition:offset,…)</span>
        <input value={from} onInput={(e) => setFrom(e.currentTarget.value)} maxLength={5000} spellcheck={false} />
      </label>
      <label>
        To <span class="muted">(the live end when empty)</span>
        <input value={to} onInput={(e) => setTo(e.currentTarget.value)} maxLength={5000} spellcheck={false} />
      </label>
      {target !== 'projection' && (
        <label>
          Stories <span class="muted">(all when empty; ids separated by commas)</span>
          <input value={stories} onInput={(e) => setStories(e.currentTarget.value)} maxLength={30_000} spellcheck={false} />
        </label>
      )}
      <label>
        Batch size <span class="muted">(records per batch; the job's default when empty)</span>
        <input type="number" min={1} max={100000} value={batchSize} onInput={(e) => setBatchSize(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} /> Dry run: count what would change, change nothing
      </label>
      <label class="check">
        <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.currentTarget.checked)} /> Start paused: plan, then wait for Resume
      </label>
      <p class="actions">
        <button type="submit" disabled={busy}>
          Start replay
        </button>
      </p>
    </form>
  );
}

function ReplayItem({ replay, act, canWrite }: { replay: Replay; act: Act; canWrite: boolean }) {
  const running = replay.status === 'RUNNING';
  const state = running && replay.progress?.paused ? 'PAUSED' : replay.status;
  const steer = (action: 'pause' | 'resume' | 'cancel') => void act(`${action[0]!.toUpperCase()}${action.slice(1)} ${replay.rebuildId}`, 'POST', `replays/${replay.rebuildId}/${action}`, {});
  return (
    <li data-replay={replay.rebuildId} data-state={state}>
      <p>
        <strong>{replay.rebuildId}</strong> {replay.target} <span class="badge state">{state}</span> {replay.dryRun && <span class="badge">dry run</span>} <span class="muted">started {formatTime(replay.startedAt)}</span>
      </p>
      {replay.progress && (
        <p>
          <progress max={Math.max(1, replay.progress.total)} value={replay.progress.done} aria-label={`Replay ${replay.rebuildId} progress`} /> <span class="phase">{replay.progress.phase}</span> <span class="done">{replay.progress.done}/{replay.progress.total}</span> · {replay.progress.rate.toFixed(0)}/s
          {replay.progress.etaSeconds !== null && running ? ` · ${Math.round(replay.progress.etaSeconds)} s left` : ''}
        </p>
      )}
      {replay.result?.outcome && (
        <p class="outcome">
          Outcome: {replay.result.outcome}
          {replay.result.events !== undefined ? ` · ${replay.result.events} records` : ''}
          {replay.result.seconds !== undefined ? ` in ${replay.result.seconds.toFixed(1)} s` : ''}
        </p>
      )}
      {running && canWrite && (
        <p class="actions">
          {replay.progress?.paused ? (
            <button type="button" class="secondary" onClick={() => steer('resume')} aria-label={`Resume replay ${replay.rebuildId}`}>
              Resume
            </button>
          ) : (
            <button type="button" class="secondary" onClick={() => steer('pause')} aria-label={`Pause replay ${replay.rebuildId}`}>
              Pause
            </button>
          )}
          <button type="button" class="secondary" onClick={() => steer('cancel')} aria-label={`Cancel replay ${replay.rebuildId}`}>
            Cancel
          </button>
        </p>
      )}
    </li>
  );
}

/** Running replays with progress and steering, recently finished ones with their outcome, and (ops:write) a form to start one. */
export function ReplaysPanel({ replays, act, canWrite }: { replays: readonly Replay[]; act: Act; canWrite: boolean }) {
  return (
    <>
      {replays.length === 0 && <p class="muted">No replay running or started recently.</p>}
      <ul class="replays">
        {replays.map((replay) => (
          <ReplayItem key={replay.rebuildId} replay={replay} act={act} canWrite={canWrite} />
        ))}
      </ul>
      {canWrite && <StartReplay act={act} />}
    </>
  );
}
