import type { Entity, Quote } from './enrichment.ts';
import type { TextSpan } from './segmentation.ts';

// Verbs (and phrases) of saying in the wire languages; "so Scholz" and "selon Macron" name the speaker after them.
const SPEECH_VERBS = [
  'said|says|told|added|asked|stated|declared|insisted|warned|wrote|explained|noted|argued|according to|tweeted|replied|stressed|acknowledged|conceded|continued',
  'a dit|a déclaré|a affirmé|a ajouté|a souligné|a expliqué|a assuré|a estimé|selon|dit|déclare|affirme',
  'sagte|sagt|erklärte|betonte|fügte hinzu|teilte mit|warnte|so|meinte|schrieb',
  'dijo|afirmó|declaró|añadió|aseguró|explicó|señaló|subrayó|según|dice',
  'ha detto|ha dichiarato|ha affermato|ha aggiunto|ha spiegato|ha sottolineato|secondo|dice',
  'disse|afirmou|declarou|acrescentou|explicou|sublinhou|segundo|diz',
  'заявил|заявила|сказал|сказала|отметил|отметила|подчеркнул|подчеркнула|добавил|добавила|по словам|заявив|заявила|сказав|сказала|наголосив|зазначив|додав',
  'δήλωσε|είπε|τόνισε|σημείωσε|πρόσθεσε|قال|وقال|أكد|أضاف|صرح',
].join('|');
const PRONOUN_LIST = 'he she they it il elle ils er sie él ella lui lei ele ela он она они він вона вони'.split(' ');
const PRONOUNS = [...PRONOUN_LIST, ...PRONOUN_LIST.map((p) => p.charAt(0).toUpperCase() + p.slice(1))].join('|');
const PRONOUN = new RegExp(`^(?:${PRONOUNS})$`, 'u');
const NAME_CHARS = String.raw`[^,.;“”"«»„‚‘’「」]`;
const AFTER = new RegExp(
  String.raw`^[\s,—–-]*(?:(${PRONOUNS}|[\p{Lu}\p{Lo}]${NAME_CHARS}{0,60}?)\s+(?:${SPEECH_VERBS})(?=[\s,.;:]|$)|(?:${SPEECH_VERBS})\s+([\p{Lu}\p{Lo}]${NAME_CHARS}{0,60}))`,
  'u',
);
const BEFORE = new RegExp(String.raw`([\p{Lu}\p{Lo}]${NAME_CHARS}{0,60}?)\s+(?:${SPEECH_VERBS})(?:\s+[^.;“”"«»„]{0,40})?[:,]?\s*$`, 'u');

interface QuoteSpan extends TextSpan {
  textStart: number;
  textEnd: number;
}

// Opening mark → the marks that close it: English “…” and "…", French/Russian/Spanish «…» (and « … » with
// spaces), German „…“ and ‚…‘ (whose closers are English openers) and »…«, Polish „…”, Chinese 「…」 and 『…』.
const CLOSERS: Readonly<Record<string, string>> = {
  '“': '”',
  '"': '"',
  '«': '»',
  '„': '“”',
  '‚': '‘’',
  '»': '«',
  '「': '」',
  '『': '』',
  '‹': '›',
};

/**
 * Quoted spans in every wire language's marks; an opening mark left unclosed (common in wire copy) runs
 * to the end of its paragraph. Each character is read once: linear in the text.
 */
function quoteSpans(text: string, paragraphs: readonly TextSpan[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  for (const p of paragraphs) {
    let i = p.start;
    while (i < p.end) {
      const closers = CLOSERS[text[i] ?? ''];
      if (closers === undefined) {
        i += 1;
        continue;
      }
      let close = i + 1;
      while (close < p.end && !closers.includes(text[close] ?? '')) close += 1;
      const closed = close < p.end;
      spans.push({ start: i, end: closed ? close + 1 : p.end, textStart: i + 1, textEnd: closed ? close : p.end });
      i = close + 1;
    }
  }
  return spans.filter((s) => {
    const quoted = text.slice(s.textStart, s.textEnd).trim();
    // Chinese and Japanese quotes have no spaces between words: count characters there.
    return quoted.split(/\s+/).length >= 3 || /\p{Script=Han}{4}/u.test(quoted);
  });
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
      speaker = PRONOUN.test(who) ? lastPersonBefore(q.start) : personIn(offset, offset + a[0].length);
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
