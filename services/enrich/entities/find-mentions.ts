import type { TextSpan } from '../segmentation.ts';
import { normalizeToken, tokenize, type Token } from '../tokenize.ts';
import { foldName } from './fuzzy.ts';
import { KNOWN_ENTITIES, type KnownEntityType } from './known-entities.ts';
import type { NameLexicon } from './name-lexicon.ts';
import type { NerModel } from './ner-model.ts';
import { spansFromBio, tagDocument } from './tagger.ts';

export type MentionType = KnownEntityType | 'place' | 'misc';

export interface RawMention {
  type: MentionType;
  text: string;
  start: number;
  end: number;
  /** title words printed just before a person's name, e.g. "President" */
  title: string | null;
  /** set when the curated list named it */
  known: string | null;
}

const TAG_TYPES: Readonly<Record<string, MentionType>> = { PER: 'person', ORG: 'organisation', LOC: 'place', MISC: 'misc' };
const TITLE_WORDS = new Set(
  'President Vice Prime Minister Foreign Secretary of State Chancellor Senator Sen. Gov. Governor Mr. Mrs. Ms. Dr. King Queen Prince Princess General Gen. Pope Premier Defense Defence Finance Interior Ambassador Envoy Spokesman Spokeswoman Chief Leader Mayor Judge Justice Rep. Representative Speaker Col. Lt. Sgt. Capt. Adm.'.split(' '),
);

interface KnownForm {
  tokens: string[];
  type: KnownEntityType;
  name: string;
}
const KNOWN_FORMS: KnownForm[] = KNOWN_ENTITIES.flatMap((entity) =>
  [entity.name, ...entity.aliases].map((form) => ({ tokens: tokenize(form).map((t) => foldName(normalizeToken(t.text))), type: entity.type, name: entity.name })),
).sort((a, b) => b.tokens.length - a.tokens.length);
const KNOWN_BY_FIRST = new Map<string, KnownForm[]>();
for (const form of KNOWN_FORMS) {
  const first = form.tokens[0];
  if (first) KNOWN_BY_FIRST.set(first, [...(KNOWN_BY_FIRST.get(first) ?? []), form]);
}

function titleBefore(tokens: readonly Token[], index: number): string | null {
  let k = index;
  while (k > 0 && TITLE_WORDS.has(tokens[k - 1]?.text ?? '') && index - k < 4) k -= 1;
  while (k < index && tokens[k]?.text === 'of') k += 1;
  return k < index ? tokens.slice(k, index).map((t) => t.text).join(' ') : null;
}

/** Tagger spans, overridden where a curated name matches (longer and more reliable than the tagger's guess). */
export function findMentions(text: string, sentenceSpans: readonly TextSpan[], model: NerModel, lexicon: NameLexicon): RawMention[] {
  const sentences = sentenceSpans.map((s) => tokenize(text.slice(s.start, s.end), s.start));
  const words = sentences.map((tokens) => tokens.map((t) => normalizeToken(t.text)));
  const tagged = tagDocument(model, words, lexicon);
  const mentions: RawMention[] = [];
  sentences.forEach((tokens, s) => {
    const taken = new Array<boolean>(tokens.length).fill(false);
    const folded = (words[s] ?? []).map(foldName);
    const sentenceMentions: Array<RawMention & { from: number }> = [];
    for (let i = 0; i < tokens.length; i += 1) {
      if (!/^\p{Lu}/u.test(tokens[i]?.text ?? '')) continue;
      const form = KNOWN_BY_FIRST.get(folded[i] ?? '')?.find((f) => f.tokens.every((t, k) => folded[i + k] === t));
      if (!form) continue;
      const last = tokens[i + form.tokens.length - 1];
      const first = tokens[i];
      if (!first || !last) continue;
      sentenceMentions.push({ type: form.type, text: text.slice(first.start, last.end), start: first.start, end: last.end, title: form.type === 'person' ? titleBefore(tokens, i) : null, known: form.name, from: i });
      for (let k = i; k < i + form.tokens.length; k += 1) taken[k] = true;
      i += form.tokens.length - 1;
    }
    for (const span of spansFromBio(tagged[s] ?? [])) {
      const { end } = span;
      let { start } = span;
      // "the" is never part of a name here; drop it if the tagger took it.
      while (start < end && /^(the|The)$/.test(tokens[start]?.text ?? '')) start += 1;
      if (start >= end) continue;
      let overlaps = false;
      for (let k = start; k < end && !overlaps; k += 1) overlaps = taken[k] === true;
      if (overlaps) continue;
      const first = tokens[start];
      const last = tokens[end - 1];
      const type = TAG_TYPES[span.type];
      if (!first || !last || !type) continue;
      sentenceMentions.push({ type, text: text.slice(first.start, last.end), start: first.start, end: last.end, title: type === 'person' ? titleBefore(tokens, start) : null, known: null, from: start });
    }
    sentenceMentions.sort((a, b) => a.start - b.start);
    for (const { from: _from, ...mention } of sentenceMentions) mentions.push(mention);
  });
  return [...mentions, ...propagateSurnames(sentences, mentions)].sort((a, b) => a.start - b.start);
}

/**
 * A surname of a person the article names in full counts wherever it stands alone and untagged
 * ("spoke to Putin by telephone"): one name, one reading per document.
 */
function propagateSurnames(sentences: ReadonlyArray<readonly Token[]>, mentions: readonly RawMention[]): RawMention[] {
  const surnames = new Set<string>();
  for (const m of mentions) {
    const parts = m.text.split(/\s+/);
    const last = parts[parts.length - 1];
    if (m.type === 'person' && parts.length >= 2 && last && /^\p{Lu}\p{Ll}{2,}$/u.test(last)) surnames.add(last);
  }
  const covered = (token: Token): boolean => mentions.some((m) => m.start <= token.start && token.end <= m.end);
  const added: RawMention[] = [];
  for (const tokens of sentences) {
    tokens.forEach((token, i) => {
      if (!surnames.has(token.text) || covered(token)) return;
      const next = tokens[i + 1]?.text ?? '';
      if (/^\p{Lu}/u.test(next)) return;
      added.push({ type: 'person', text: token.text, start: token.start, end: token.end, title: titleBefore(tokens, i), known: null });
    });
  }
  return added;
}
