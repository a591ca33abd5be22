import { useEffect, useState } from 'preact/hooks';
import { ApiError, formatTime, getJson, type Story, type StoryUpdate } from './api.ts';
import { applyUpdate, initialRows, type StoryRow } from './story-rows.ts';
import { useLiveUpdates } from './live.ts';

const FILTERS = ['subject', 'place', 'person', 'organisation', 'provider'] as const;
type Filters = Record<(typeof FILTERS)[number] | 'since' | 'until', string>;
const EMPTY: Filters = { subject: '', place: '', person: '', organisation: '', provider: '', since: '', until: '' };
const RECENT_KILLS_MS = 24 * 3_600_000;

function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (filters[name].trim()) params.set(name, filters[name].trim());
  for (const name of ['since', 'until'] as const) if (filters[name]) params.set(name, new Date(filters[name]).toISOString());
  return params.toString();
}

function Badges({ row }: { row: StoryRow }) {
  return (
    <span class="badges">
      {row.story && <span class="badge">v{row.story.version}</span>}
      {row.story?.correction && !row.killed && <span class="badge correction">correction</span>}
      {row.killed && row.killed.cause !== 'MERGED' && <span class="badge killed">killed</span>}
      {row.killed?.cause === 'MERGED' && <span class="badge merged">merged</span>}
      {row.fresh && <span class="badge fresh">live</span>}
    </span>
  );
}

export function StoriesView() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<Map<string, StoryRow>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const query = queryOf(filters);
  const feedQuery = queryOf({ ...filters, since: '' });

  useEffect(() => {
    let cancelled = false;
    setError(null);
    const since = Date.now() - RECENT_KILLS_MS;
    Promise.all([
      getJson<{ items: Story[] }>(`/v1/stories?limit=50${query ? `&${query}` : ''}`),
      // Killed stories leave the list; the feed still knows the recent ones, so they show, marked.
      getJson<{ items: StoryUpdate[] }>(`/v1/feed?limit=100&since=${since}${feedQuery ? `&${feedQuery}` : ''}`).catch(() => ({ items: [] })),
    ]).then(
      ([list, feed]) => {
        if (cancelled) return;
        const next = initialRows(list.items, feed.items);
        setRows(next);
      },
      (failure: unknown) => !cancelled && setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [query]);

  const live = useLiveUpdates(query, (update) => setRows((current) => applyUpdate(current, update, true)));
  const sorted = [...rows.values()].sort((a, b) => b.at - a.at);

  return (
    <section aria-labelledby="stories-title">
      <div class="title-row">
        <h1 id="stories-title">Stories</h1>
        <span class={`live ${live}`} role="status">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      <form
        class="filters"
        aria-label="Filter stories"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {FILTERS.map((name) => (
          <label key={name}>
            {name[0]!.toUpperCase() + name.slice(1)}
            <input name={name} value={draft[name]} onInput={(e) => setDraft({ ...draft, [name]: e.currentTarget.value })} />
          </label>
        ))}
        <label>
          Since
          <input type="datetime-local" name="since" value={draft.since} onInput={(e) => setDraft({ ...draft, since: e.currentTarget.value })} />
        </label>
        <label>
          Until
          <input type="datetime-local" name="until" value={draft.until} onInput={(e) => setDraft({ ...draft, until: e.currentTarget.value })} />
        </label>
        <div class="actions">
          <button type="submit">Apply</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p class="count" aria-live="polite">
        {sorted.length} {sorted.length === 1 ? 'story' : 'stories'}
      </p>
      <ul class="story-list" aria-label="Stories, newest first">
        {sorted.map((row) => (
          <li key={row.storyId} class={row.killed ? 'withdrawn' : ''} data-story-id={row.storyId}>
            <a href={`#/story/${encodeURIComponent(row.storyId)}`} class="headline">
              {row.headline || row.storyId}
            </a>
            <Badges row={row} />
            <p class="meta">
              {row.story ? `${row.story.article.provider.name ?? row.story.article.provider.id} · ` : ''}
              {formatTime(row.at)}
              {row.story?.article.located?.city ? ` · ${row.story.article.located.city}` : ''}
              {row.story && row.story.related.length > 0 ? ` · ${row.story.related.length} related` : ''}
            </p>
            {row.killed?.cause === 'MERGED' && row.killed.mergedInto && (
              <p class="meta">
                Merged into <a href={`#/story/${encodeURIComponent(row.killed.mergedInto)}`}>{row.killed.mergedInto}</a>
              </p>
            )}
            {row.killed && row.killed.cause !== 'MERGED' && <p class="meta">Killed ({row.killed.cause.toLowerCase().replace('_', ' ')})</p>}
            {row.story && row.story.facets.subjects.length > 0 && <p class="facets">{row.story.enrichment?.subjects.slice(0, 3).map((s) => s.label).join(' · ') ?? row.story.facets.subjects.slice(0, 3).join(' · ')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
