import type { Article, ArticleRef, ParagraphChange, SimilarityEvidence } from '../../contracts/types.generated.ts';
import { assertNever } from '../../domain/story/assert-never.ts';
import type { RecordedStoryEvent } from '../../domain/story/index.ts';
import { diffParagraphs, mainHeadline, paragraphs } from '../../publish/paragraph-diff.ts';

/** One line of a story's life: what the workflow decided and the evidence it decided on. */
export interface HistoryEntry {
  readonly sequence: number;
  readonly type: RecordedStoryEvent['type'];
  readonly eventId: string;
  readonly occurredAt: number;
  readonly why: string;
  readonly evidence: SimilarityEvidence | null;
}

const ref = (item: ArticleRef | null) => (item ? `${item.providerId}/${item.providerItemId} v${item.providerVersion}` : 'no item');
const articleRef = (article: Article) => `${article.provider.id}/${article.providerItemId} v${article.providerVersion}`;

function describeEvidence(evidence: SimilarityEvidence | null): string {
  if (!evidence) return '';
  const signals = evidence.signals.map((s) => `${s.name} ${s.score.toFixed(2)}`).join(', ');
  return ` (score ${evidence.total.toFixed(2)}${evidence.matchedItem ? ` against ${ref(evidence.matchedItem)}` : ''}${signals ? `: ${signals}` : ''})`;
}

/** The sentence an operator reads for one recorded decision; pure, exhaustive over the event types. */
export function historyEntry(event: RecordedStoryEvent): HistoryEntry {
  const base = { sequence: event.sequence, type: event.type, eventId: event.eventId, occurredAt: event.occurredAt };
  switch (event.type) {
    case 'ArticleReceived':
      return { ...base, why: `received ${ref(event.payload.item)} routed as ${event.payload.routing} (submission ${event.payload.submissionId})`, evidence: null };
    case 'StoryOpened':
      return { ...base, why: `story opened by ${ref(event.payload.item)}: no existing story matched it`, evidence: null };
    case 'VersionAccepted':
      return { ...base, why: `accepted ${articleRef(event.payload.article)}${event.payload.supersedesProviderVersion === null ? '' : `, superseding v${event.payload.supersedesProviderVersion}`}`, evidence: null };
    case 'StaleVersionRejected':
      return { ...base, why: `rejected ${ref(event.payload.item)}: the story already holds v${event.payload.latestProviderVersion}`, evidence: null };
    case 'DuplicateSuppressed':
      return { ...base, why: `suppressed ${ref(event.payload.item)} as a duplicate of ${ref(event.payload.duplicateOf)}${describeEvidence(event.payload.evidence)}`, evidence: event.payload.evidence };
    case 'RelatedItemJoined':
      return { ...base, why: `joined ${articleRef(event.payload.article)} as ${event.payload.relation}${describeEvidence(event.payload.evidence)}`, evidence: event.payload.evidence };
    case 'RelatedItemWithdrawn':
      return { ...base, why: `related item ${ref(event.payload.item)} withdrawn: ${event.payload.reason}`, evidence: null };
    case 'VersionEnriched':
      return { ...base, why: `v${event.payload.providerVersion} enriched by ${event.payload.enricherVersion}`, evidence: null };
    case 'CorrectionAccepted':
      return { ...base, why: `correction ${articleRef(event.payload.article)}${event.payload.correctsProviderVersion === null ? '' : ` of v${event.payload.correctsProviderVersion}`}`, evidence: null };
    case 'StoryKilled':
      return { ...base, why: `killed (${event.payload.cause}) by ${event.payload.requestedBy}${event.payload.reason ? `: ${event.payload.reason}` : ''}${event.payload.mergedInto ? `, merged into ${event.payload.mergedInto}` : ''}`, evidence: null };
    case 'EmbargoHeld':
      return { ...base, why: `held ${articleRef(event.payload.article)} under embargo until ${new Date(event.payload.embargoedUntil).toISOString()}`, evidence: null };
    case 'EmbargoReleased':
      return { ...base, why: `embargo on v${event.payload.providerVersion} released at ${new Date(event.payload.releasedAt).toISOString()}`, evidence: null };
    case 'VersionPublished':
      return { ...base, why: `published ${ref(event.payload.item)}`, evidence: null };
    case 'CommandRejected':
      return { ...base, why: `${event.payload.command} rejected: ${event.payload.reason}${event.payload.item ? ` (${ref(event.payload.item)})` : ''}`, evidence: null };
    default:
      return assertNever(event);
  }
}

export interface VersionDiff {
  readonly from: number;
  readonly to: number;
  readonly headline: { readonly before: string; readonly after: string } | null;
  readonly fields: ReadonlyArray<{ readonly field: string; readonly before: unknown; readonly after: unknown }>;
  readonly paragraphs: readonly ParagraphChange[];
}

const COMPARED_FIELDS = ['pubstatus', 'language', 'byline', 'located', 'embargoed', 'subjects', 'places', 'people', 'organisations'] as const;

/** What changed between any two versions of a story's article: headline, metadata fields and paragraphs. */
export function diffVersions(from: { version: number; article: Article }, to: { version: number; article: Article }): VersionDiff {
  const headlineBefore = mainHeadline(from.article);
  const headlineAfter = mainHeadline(to.article);
  const fields = COMPARED_FIELDS.flatMap((field) => {
    const before = (from.article as unknown as Record<string, unknown>)[field] ?? null;
    const after = (to.article as unknown as Record<string, unknown>)[field] ?? null;
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field, before, after }];
  });
  return {
    from: from.version,
    to: to.version,
    headline: headlineBefore === headlineAfter ? null : { before: headlineBefore, after: headlineAfter },
    fields,
    paragraphs: diffParagraphs(paragraphs(from.article), paragraphs(to.article)),
  };
}
