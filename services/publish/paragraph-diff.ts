import type { Article, ParagraphChange, VersionChanges } from '../contracts/types.generated.ts';

/**
 * Whitespace that collapsing changes: a run of two or more, or one character other than a space.
 * Replacing every run (`/\s+/g`), lone spaces included, made a new string per word and was most of
 * the projection's CPU on long bodies; replacing only these runs gives the same text.
 */
const COLLAPSIBLE_WHITESPACE = /[^\S ]\s*|\s{2,}/g;

export function collapseWhitespace(text: string): string {
  return text.replace(COLLAPSIBLE_WHITESPACE, ' ');
}

/**
 * Paragraphs per article object: a version's paragraphs are split when it is published and again as
 * the previous version of the next one; a fold passes the same (immutable) article object along, so
 * the second split is a lookup. Weak keys: nothing outlives the articles.
 */
const split = new WeakMap<Article, readonly string[]>();

/** The main body split into paragraphs: blank lines for text, <p> elements for HTML. */
export function paragraphs(article: Article): readonly string[] {
  const known = split.get(article);
  if (known) return known;
  const found = splitParagraphs(article);
  split.set(article, found);
  return found;
}

function splitParagraphs(article: Article): string[] {
  const body = article.bodies.find((b) => b.role === 'main') ?? article.bodies[0];
  if (!body) return [];
  const text = /html/.test(body.contenttype)
    ? body.value
        .split(/<\/p\s*>|<br\s*\/?>\s*<br\s*\/?>/i)
        .map((p) => p.replace(/<[^>]+>/g, ''))
        .join('\n\n')
    : body.value;
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => collapseWhitespace(p).trim())
    .filter((p) => p.length > 0);
}

export function mainHeadline(article: Article): string {
  return (article.headlines.find((h) => h.role === 'main') ?? article.headlines[0])?.value ?? '';
}

type Step = { kind: 'same'; before: number; after: number } | { kind: 'removed'; before: number } | { kind: 'added'; after: number };

/**
 * Longest common subsequence over whole paragraphs; bodies are short, so O(n·m) is fine. The common
 * head is matched first without the table: the walk below takes it as it is, and the table of the
 * rest holds the same values (an entry depends only on what follows it), so the steps are the same;
 * a write-thru that only appends or edits near the end costs little.
 */
function align(before: readonly string[], after: readonly string[]): Step[] {
  const n = before.length;
  const m = after.length;
  const steps: Step[] = [];
  let head = 0;
  while (head < n && head < m && before[head] === after[head]) steps.push({ kind: 'same', before: head, after: head++ });
  if (head === n && head === m) return steps;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= head; i--)
    for (let j = m - 1; j >= head; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = head;
  let j = head;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) steps.push({ kind: 'same', before: i++, after: j++ });
    else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) steps.push({ kind: 'added', after: j++ });
    else steps.push({ kind: 'removed', before: i++ });
  }
  return steps;
}

/**
 * Paragraphs added, removed or changed between two versions. A run of removals next to a run of
 * additions is paired up as rewrites (CHANGED), which is how an editor reads a corrected paragraph.
 */
export function diffParagraphs(before: readonly string[], after: readonly string[]): ParagraphChange[] {
  const changes: ParagraphChange[] = [];
  const steps = align(before, after);
  let k = 0;
  while (k < steps.length) {
    if (steps[k]!.kind === 'same') {
      k++;
      continue;
    }
    const removed: number[] = [];
    const added: number[] = [];
    for (; k < steps.length && steps[k]!.kind !== 'same'; k++) {
      const step = steps[k]!;
      if (step.kind === 'removed') removed.push(step.before);
      else if (step.kind === 'added') added.push(step.after);
    }
    const paired = Math.min(removed.length, added.length);
    for (let p = 0; p < paired; p++) {
      changes.push({ kind: 'CHANGED', beforeIndex: removed[p]!, afterIndex: added[p]!, before: before[removed[p]!]!, after: after[added[p]!]! });
    }
    for (const r of removed.slice(paired)) changes.push({ kind: 'REMOVED', beforeIndex: r, afterIndex: null, before: before[r]!, after: null });
    for (const a of added.slice(paired)) changes.push({ kind: 'ADDED', beforeIndex: null, afterIndex: a, before: null, after: after[a]! });
  }
  return changes;
}

/** What a newly published version changed relative to the previous published one (null: the first). */
export function versionChanges(previous: Article | null, current: Article): VersionChanges {
  if (!previous) return { previousVersion: null, headlineBefore: null, headlineChanged: false, paragraphs: diffParagraphs([], paragraphs(current)) };
  const headlineBefore = mainHeadline(previous);
  return {
    previousVersion: previous.providerVersion,
    headlineBefore,
    headlineChanged: headlineBefore !== mainHeadline(current),
    paragraphs: diffParagraphs(paragraphs(previous), paragraphs(current)),
  };
}
