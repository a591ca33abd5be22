import { diffWords } from 'diff';
import type { ParagraphChange } from '../../../contracts/types.generated.ts';
import { formatTime, type PublishedVersion } from './api.ts';

/** A rewritten paragraph, word by word (jsdiff), so an editor sees what moved inside it. */
function ChangedParagraph({ before, after }: { before: string; after: string }) {
  return (
    <p class="changed">
      <span class="change-kind">changed</span>{' '}
      {diffWords(before, after).map((part, index) =>
        part.added ? <ins key={index}>{part.value}</ins> : part.removed ? <del key={index}>{part.value}</del> : <span key={index}>{part.value}</span>,
      )}
    </p>
  );
}

function Change({ change }: { change: ParagraphChange }) {
  switch (change.kind) {
    case 'ADDED':
      return (
        <p class="added">
          <span class="change-kind">added</span> <ins>{change.after}</ins>
        </p>
      );
    case 'REMOVED':
      return (
        <p class="removed">
          <span class="change-kind">removed</span> <del>{change.before}</del>
        </p>
      );
    case 'CHANGED':
      return <ChangedParagraph before={change.before ?? ''} after={change.after ?? ''} />;
    case 'UNKNOWN':
      return null;
    default: {
      const unreachable: never = change.kind;
      return unreachable;
    }
  }
}

/** Every published version, newest first, each with what changed from the one before it. */
export function VersionHistory({ versions }: { versions: readonly PublishedVersion[] }) {
  return (
    <ol class="versions" reversed aria-label="Versions, newest first">
      {[...versions].reverse().map((v) => (
        <li key={v.version} data-version={v.version}>
          <h3>
            Version {v.version} <span class="muted">· {v.reason.toLowerCase().replace('_', ' ')} · {formatTime(v.publishedAt)}</span>
            {v.correction && <span class="badge correction">correction</span>}
          </h3>
          {!v.changes || v.changes.previousVersion === null ? (
            <p class="muted">First publication: {v.headline}</p>
          ) : (
            <div class="diff" aria-label={`Changes from version ${v.changes.previousVersion} to ${v.version}`}>
              {v.changes.headlineChanged && <ChangedParagraph before={v.changes.headlineBefore ?? ''} after={v.headline} />}
              {v.changes.paragraphs.length === 0 && !v.changes.headlineChanged && <p class="muted">No paragraph changed.</p>}
              {v.changes.paragraphs.map((change, index) => (
                <Change change={change} key={index} />
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
