import { useCallback, useEffect, useState } from 'preact/hooks';
import { articleText } from '../../../enrich/article-text.ts';
import type { SimilarityEvidence } from '../../../contracts/types.generated.ts';
import { ApiError, formatTime, getJson, hasScope, mainHeadline, type PublishedVersion, type Session, type Story } from './api.ts';
import { EntityList, HighlightedText } from './highlighted-text.tsx';
import { useLiveUpdates } from './live.ts';
import { VersionHistory } from './version-diff.tsx';
import { placesToMap, WorldMap } from './world-map.tsx';

interface HistoryEntry {
  readonly sequence: number;
  readonly type: string;
  readonly eventId: string;
  readonly occurredAt: number;
  readonly why: string;
  readonly evidence: SimilarityEvidence | null;
}

interface Inspection {
  readonly history: readonly HistoryEntry[];
  readonly log: { readonly topic: string; readonly partition: number };
  readonly workflow: { readonly workflowId: string; readonly status?: string; readonly error?: string };
}

type Withdrawn = { readonly detail: string; readonly mergedInto: string | null };

function Evidence({ evidence }: { evidence: SimilarityEvidence }) {
  return (
    <table class="evidence">
      <caption>
        Score {evidence.total.toFixed(2)}
        {evidence.matchedItem ? ` against ${evidence.matchedItem.providerId}/${evidence.matchedItem.providerItemId} v${evidence.matchedItem.providerVersion}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Signal</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {evidence.signals.map((signal) => (
          <tr key={signal.name}>
            <td>{signal.name}</td>
            <td>{signal.score.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ inspection, temporalUiUrl }: { inspection: Inspection; temporalUiUrl: string }) {
  const workflowUrl = `${temporalUiUrl}/workflows/${encodeURIComponent(inspection.workflow.workflowId)}`;
  return (
    <>
      <p>
        Workflow{' '}
        <a href={workflowUrl} target="_blank" rel="noreferrer">
          {inspection.workflow.workflowId}
        </a>{' '}
        <span class="muted">({inspection.workflow.status ?? inspection.workflow.error ?? 'unknown'}) in the Temporal UI</span> · log {inspection.log.topic} partition {inspection.log.partition}
      </p>
      <ol class="history" aria-label="Events, oldest first">
        {inspection.history.map((entry) => (
          <li key={entry.sequence}>
            <p>
              <strong>
                #{entry.sequence} {entry.type}
              </strong>{' '}
              <span class="muted">{formatTime(entry.occurredAt)}</span>
            </p>
            <p>{entry.why}</p>
            {entry.evidence && <Evidence evidence={entry.evidence} />}
          </li>
        ))}
      </ol>
    </>
  );
}

/** Related coverage, each join with the evidence the router decided on (operators see the signals). */
function Related({ story, inspection }: { story: Story; inspection: Inspection | null }) {
  if (story.related.length === 0) return <p class="muted">No related coverage.</p>;
  const joins = inspection?.history.filter((e) => e.type === 'RelatedItemJoined' && e.evidence) ?? [];
  return (
    <ul class="related">
      {story.related.map((r) => {
        const join = [...joins].reverse().find((e) => e.why.includes(`${r.item.providerId}/${r.item.providerItemId}`));
        return (
          <li key={r.item.uri}>
            <p>
              <strong>{r.headline ?? r.item.providerItemId}</strong>
            </p>
            <p class="muted">
              {r.item.providerId} · {r.relation.toLowerCase().replace('_', ' ')} · score {r.score.toFixed(2)}
            </p>
            {join?.evidence ? <Evidence evidence={join.evidence} /> : inspection === null ? null : <p class="muted">No recorded evidence for this join.</p>}
          </li>
        );
      })}
    </ul>
  );
}

export function StoryView({ id, session }: { id: string; session: Session }) {
  const operator = hasScope(session, 'ops:read');
  const [story, setStory] = useState<Story | null>(null);
  const [versions, setVersions] = useState<readonly PublishedVersion[]>([]);
  const [withdrawn, setWithdrawn] = useState<Withdrawn | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [current, history] = await Promise.all([getJson<Story>(`/v1/stories/${encodeURIComponent(id)}`), getJson<{ items: PublishedVersion[] }>(`/v1/stories/${encodeURIComponent(id)}/versions`)]);
      setStory(current);
      setVersions(history.items);
      setError(null);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'story_withdrawn') setWithdrawn((w) => w ?? { detail: failure.message, mergedInto: null });
      else setError(failure instanceof ApiError ? failure.message : String(failure));
    }
    if (operator) getJson<Inspection>(`/console/api/ops/stories/${encodeURIComponent(id)}`).then(setInspection, () => undefined);
  }, [id, operator]);

  useEffect(() => {
    setStory(null);
    setVersions([]);
    setWithdrawn(null);
    setInspection(null);
    void load();
  }, [load]);

  useLiveUpdates('', (update) => {
    if (update.storyId !== id) return;
    if (update.reason === 'KILL') setWithdrawn({ detail: update.killCause === 'MERGED' ? `merged into story ${update.mergedInto ?? '?'}` : `killed (${update.killCause ?? 'UNKNOWN'})`, mergedInto: update.mergedInto });
    void load();
  });

  const article = story?.article;
  const text = article ? articleText(article) : '';
  const places = placesToMap([...(story?.enrichment?.places ?? []), ...(article?.places ?? [])]);

  return (
    <article aria-labelledby="story-title" class="story">
      <p>
        <a href="#/stories">← Stories</a>
      </p>
      <h1 id="story-title">{article ? mainHeadline(article) : id}</h1>
      {withdrawn && (
        <div class="banner killed" role="status">
          <strong>{withdrawn.mergedInto ? 'Merged' : 'Killed'}</strong>: {withdrawn.detail}
          {withdrawn.mergedInto && (
            <>
              {' '}
              — <a href={`#/story/${encodeURIComponent(withdrawn.mergedInto)}`}>open the story it continues in</a>
            </>
          )}
          {story && <span> What follows is the last version published before it was withdrawn.</span>}
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {story && article && (
        <>
          <p class="meta">
            <span class="badge">v{story.version}</span> {story.correction && <span class="badge correction">correction</span>} {article.provider.name ?? article.provider.id} · published {formatTime(story.publishedAt)} · first {formatTime(story.firstPublishedAt)}
            {article.located?.city ? ` · ${article.located.city}` : ''}
          </p>
          <section aria-labelledby="current-title">
            <h2 id="current-title">Current version</h2>
            {story.enrichment?.summary && <p class="summary">{story.enrichment.summary}</p>}
            <HighlightedText text={text} enrichment={story.enrichment} />
            <p class="legend" aria-hidden="true">
              <span class="entity person">person</span> <span class="entity organisation">organisation</span> <span class="entity place">place</span>
            </p>
          </section>
          <section aria-labelledby="entities-title">
            <h2 id="entities-title">Entities</h2>
            <EntityList enrichment={story.enrichment} />
            {story.enrichment && story.enrichment.subjects.length > 0 && <p>Subjects: {story.enrichment.subjects.map((s) => `${s.label} (${s.code})`).join(' · ')}</p>}
          </section>
          <section aria-labelledby="places-title">
            <h2 id="places-title">Places</h2>
            <WorldMap places={places} />
          </section>
        </>
      )}
      {versions.length > 0 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">Versions</h2>
          <VersionHistory versions={versions} />
        </section>
      )}
      {story && (
        <section aria-labelledby="related-title">
          <h2 id="related-title">Related coverage</h2>
          <Related story={story} inspection={inspection} />
        </section>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">Event history</h2>
        {!operator && <p class="muted">The event history and the evidence of each join need an operator key (ops:read).</p>}
        {operator && !inspection && <p class="muted">Reading the story's events from the log…</p>}
        {inspection && <History inspection={inspection} temporalUiUrl={session.temporalUiUrl} />}
      </section>
    </article>
  );
}
