import type { Entity, Quote } from './enrichment.ts';
import type { TextSpan } from './segmentation.ts';

const SPEECH_VERBS = 'said|says|told|added|asked|stated|declared|insisted|warned|wrote|explained|noted|argued|according to|tweeted|replied|stressed|acknowledged|conceded|continued';
const AFTER = new RegExp(String.raw`^[\s,]*(?:(he|she|they|it|[\p{Lu}][^,.;“”"]{0,60}?)\s+(?:${SPEECH_VERBS})|(?:${SPEECH_VERBS})\s+([\p{Lu}][^,.;“”"]{0,60}))`, 'u');
const BEFORE = new RegExp(String.raw`([\p{Lu}][^.;“”"]{0,60}?)\s+(?:${SPEECH_VERBS})(?:\s+[^.;“”"]{0,40})?[:,]?\s*$`, 'u');

interface QuoteSpan extends TextSpan {
  textStart: number;
  textEnd: number;
}

/**
 * Curly pairs “…”, or straight "…" pairs; an opening mark left unclosed (common in wire copy) runs to
 * the end of its paragraph.
 */
function quoteSpans(text: string, paragraphs: readonly TextSpan[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  for (const p of paragraphs) {
    let i = p.start;
    while (i < p.end) {
      const ch = text[i];
      if (ch === '“' || ch === '"') {
        const close = ch === '“' ? text.indexOf('”', i + 1) : text.indexOf('"', i + 1);
        const end = close >= 0 && close < p.end ? close : p.end;
        spans.push({ start: i, end: close >= 0 && close < p.end ? close + 1 : p.end, textStart: i + 1, textEnd: end });
        i = end + 1;
      } else i += 1;
    }
  }
  return spans.filter((s) => text.slice(s.textStart, s.textEnd).trim().split(/\s+/).length >= 3);
}

/** Quotes and who said them: a name or pronoun with a verb of saying next to the quote; pronouns go to the last person named. */
export function findQuotes(text: string, paragraphs: readonly TextSpan[], entities: readonly Entity[]): Quote[] {
  const personMentions = entities
    .filter((e) => e.type === 'person')
    .flatMap((e) => e.mentions.map((m) => ({ ...m, name: e.name })))
    .sort((a, b) => a.start - b.start);
  const personIn = (from: number, to: number): string | null => personMentions.find((m) => m.start >= from && m.end <= to)?.name ?? null;
  const lastPersonBefore = (offset: number): string | null => [...personMentions].reverse().find((m) => m.end <= offset)?.name ?? null;

  return quoteSpans(text, paragraphs).map((q): Quote => {
    const paragraph = paragraphs.find((p) => p.start <= q.start && q.end <= p.end);
    const after = text.slice(q.end, Math.min(paragraph?.end ?? q.end, q.end + 100));
    const before = text.slice(Math.max(paragraph?.start ?? q.start, q.start - 120), q.start);
    let speaker: string | null = null;
    const a = AFTER.exec(after);
    if (a) {
      const who = a[1] ?? a[2] ?? '';
      const offset = q.end + (a.index ?? 0);
      speaker = /^(he|she|they|it)$/i.test(who) ? lastPersonBefore(q.start) : personIn(offset, offset + a[0].length);
    }
    if (!speaker) {
      const b = BEFORE.exec(before);
      if (b) speaker = personIn(q.start - before.length + b.index, q.start);
    }
    // Otherwise the person the sentence leading into the quote is about ("Blinken reiterated that ... “...”").
    if (!speaker) {
      const sentenceStart = Math.max(paragraph?.start ?? 0, text.lastIndexOf('. ', q.start) + 2);
      speaker = personIn(sentenceStart, q.start);
    }
    return { start: q.start, end: q.end, text: text.slice(q.textStart, q.textEnd).trim(), speaker };
  });
}
