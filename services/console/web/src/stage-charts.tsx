import type { LatencyMs, StagePoint, StagesView } from '../../../admin/operations/stage-metrics.ts';
import { LineChart, type ChartSeries } from './line-chart.tsx';

export type { StagesView };

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${value.toFixed(value >= 10 ? 0 : 1)} ms`);
const latency = (value: LatencyMs | null | undefined) => (value ? `${ms(value.p50)} / ${ms(value.p95)}` : '–');

function seriesOf(view: StagesView, value: (point: StagePoint) => number | null): ChartSeries[] {
  return view.stages.map((stage) => ({ name: stage.stage, points: stage.points.map((point) => ({ x: point.at, y: value(point) })) }));
}

/** Throughput and latency per stage: one line per consumer, a point per sampling interval, and the latest figures as a table. */
export function StageCharts({ view }: { view: StagesView }) {
  const unread = view.sources.filter((s) => !s.ok);
  return (
    <>
      <p class="muted">
        Sampled every {view.intervalSeconds} s from {view.sources.length} process(es)' metrics{view.sampledAt ? `, last at ${new Date(view.sampledAt).toISOString().slice(11, 19)} UTC` : ''}.
      </p>
      {view.sources.length === 0 && <p class="muted">No process reports metrics: stages run in `storyline start` or in `storyline run` processes with an operations port.</p>}
      {unread.map((s) => (
        <p class="error" key={s.id}>
          {s.id} ({s.services.join(', ')}): {s.error}
        </p>
      ))}
      <div class="charts">
        <LineChart id="throughput" title="Throughput per stage" unit="messages/s" series={seriesOf(view, (p) => p.perSecond)} format={(v) => v.toFixed(v >= 10 ? 0 : v >= 1 ? 1 : 2)} />
        <LineChart id="handle-latency" title="Handler time per stage, p95" unit="ms" series={seriesOf(view, (p) => p.handleMs?.p95 ?? null)} />
        <LineChart id="age-latency" title="Record age when done per stage, p95 (queueing included)" unit="ms" series={seriesOf(view, (p) => p.ageMs?.p95 ?? null)} />
      </div>
      {/* Scrolls sideways by itself on a phone (focusable, so a keyboard can scroll it too); the page never does. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Latest figures per stage">
        <table class="stages">
          <caption class="muted">Per second: the latest interval. Handler and age (p50 / p95): the latest interval with messages. Handled and dead letters: since each process started.</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Handled</th>
              <th scope="col">Per second</th>
              <th scope="col">Handler</th>
              <th scope="col">Age when done</th>
              <th scope="col">Dead letters</th>
            </tr>
          </thead>
          <tbody>
            {view.stages.map((stage) => {
              const last = stage.points.at(-1);
              const active = [...stage.points].reverse().find((p) => p.handleMs !== null);
              return (
                <tr key={stage.stage} data-stage={stage.stage}>
                  <th scope="row">
                    {stage.stage} <span class="muted">{stage.topic}</span>
                  </th>
                  <td class="handled">{stage.messages}</td>
                  <td>{last ? last.perSecond.toFixed(2) : '–'}</td>
                  <td>{latency(active?.handleMs)}</td>
                  <td>{latency(active?.ageMs)}</td>
                  <td>{stage.deadLetters}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
