import { parseItems } from '../ingest/parsers/index.ts';
import { median } from './measure.ts';

/**
 * Adversarial-input rows: every subject under test (a parser; the enricher can be added the same
 * way) is fed hostile inputs of 10 KB, 100 KB and 1 MB, and its time per KB is printed beside its
 * time per KB on the sample wire copy. Linear code keeps the ratio near 1 at every size; a
 * quadratic path shows as a ratio that grows tenfold with each size step.
 */
export interface SubjectUnderTest<T> {
  readonly name: string;
  /** Real copy in this subject's input form: the per-KB baseline. */
  sampleInputs(): readonly T[];
  /** A valid input of this subject with the hostile payload where the subject reads text. */
  withPayload(payload: string): T;
  sizeOf(input: T): number;
  run(input: T): void;
}

export interface AdversarialShape {
  readonly name: string;
  /** A payload of about `bytes` bytes. */
  make(bytes: number): string;
}

const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));

export const ADVERSARIAL_SHAPES: readonly AdversarialShape[] = [
  { name: 'unclosed tags', make: (bytes) => repeatTo('<p class="x" ', bytes) },
  { name: 'punctuation runs', make: (bytes) => `${repeatTo('.', bytes / 2)} ${repeatTo('!?…—', bytes / 2)}` },
  { name: 'deep nesting', make: (bytes) => { const depth = Math.floor(bytes / 11); return `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`; } },
  { name: 'many siblings', make: (bytes) => repeatTo('<p>a b.</p>', bytes) },
];

export const ADVERSARIAL_SIZES = [10 * 1024, 100 * 1024, 1024 * 1024] as const;

export interface AdversarialRow {
  readonly subject: string;
  readonly shape: string;
  readonly bytes: number;
  readonly msPerKb: number;
  readonly sampleMsPerKb: number;
}

/** Median milliseconds per KB over runs that together take at least `minMs` (one run at least, `runs` medians). */
function msPerKb<T>(subject: SubjectUnderTest<T>, inputs: readonly T[], runs: number, minMs = 50): number {
  const kb = inputs.reduce((sum, input) => sum + subject.sizeOf(input), 0) / 1024;
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let repeats = 0;
    const start = performance.now();
    do {
      for (const input of inputs) subject.run(input);
      repeats += 1;
    } while (performance.now() - start < minMs);
    samples.push((performance.now() - start) / repeats / kb);
  }
  return median(samples);
}

export function adversarialBench<T>(subject: SubjectUnderTest<T>, options: { sizes?: readonly number[]; shapes?: readonly AdversarialShape[]; runs?: number } = {}): AdversarialRow[] {
  const runs = options.runs ?? 3;
  const samples = subject.sampleInputs();
  const sampleMsPerKb = msPerKb(subject, samples, runs, 200);
  const rows: AdversarialRow[] = [];
  for (const shape of options.shapes ?? ADVERSARIAL_SHAPES) {
    for (const bytes of options.sizes ?? ADVERSARIAL_SIZES) {
      const input = subject.withPayload(shape.make(bytes));
      rows.push({ subject: subject.name, shape: shape.name, bytes: subject.sizeOf(input), msPerKb: msPerKb(subject, [input], bytes >= 1024 * 1024 ? 1 : runs), sampleMsPerKb });
    }
  }
  return rows;
}

export function formatAdversarialRows(rows: readonly AdversarialRow[]): string {
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);
  return [
    'adversarial input                                    size      ms/KB   vs sample copy ms/KB   ratio',
    ...rows.map((r) => `${`${r.subject}: ${r.shape}`.padEnd(50)} ${size(r.bytes).padStart(8)} ${r.msPerKb.toFixed(4).padStart(10)}   ${r.sampleMsPerKb.toFixed(4).padStart(20)} ${(r.msPerKb / r.sampleMsPerKb).toFixed(2).padStart(7)}`),
  ].join('\n');
}

interface WireDocument {
  readonly bytes: Buffer;
  readonly contentType: string;
}

const RECEIVED_AT = Date.UTC(2022, 0, 22);
const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function parserSubject(name: string, contentType: string, document: (headline: string, paragraphs: readonly string[], payload: string) => string, sample: readonly { headline: string; paragraphs: string[] }[]): SubjectUnderTest<WireDocument> {
  const make = (text: string): WireDocument => ({ bytes: Buffer.from(text), contentType });
  return {
    name,
    sampleInputs: () => sample.map((item) => make(document(item.headline, item.paragraphs, ''))),
    withPayload: (payload) => make(document('Talks resume in Geneva', ['GENEVA (Reuters) - Talks resumed on Monday.'], payload)),
    sizeOf: (input) => input.bytes.byteLength,
    run: (input) => {
      parseItems({ bytes: input.bytes, contentType: input.contentType, provider: { id: 'bench', name: null }, submissionId: 'sub_bench', receivedAt: RECEIVED_AT });
    },
  };
}

/**
 * The four wire parsers, each given the sample copy (headline and paragraphs) in its own format and
 * the payload where that format carries body text: plain text as is, ninjs and NewsML-G2 as an
 * HTML body (the HTML tokenizer), NITF as XML inside body.content.
 */
export function parserSubjects(sample: readonly { headline: string; paragraphs: string[] }[]): Array<SubjectUnderTest<WireDocument>> {
  return [
    parserSubject('plain text', 'text/plain; charset=utf-8', (h, ps, payload) => `${h}\n\n${ps.join('\n\n')}${payload === '' ? '' : `\n\n${payload}`}\n`, sample),
    parserSubject('ninjs', 'application/ninjs+json', (h, ps, payload) => JSON.stringify({ uri: 'urn:bench:1', headline: h, body_html: `${ps.map((p) => `<p>${xmlEscape(p)}</p>`).join('')}${payload}` }), sample),
    parserSubject('NITF', 'application/nitf+xml', (h, ps, payload) => `<nitf><head><docdata><doc-id id-string="bench-1"/></docdata></head><body><body.head><hedline><hl1>${xmlEscape(h)}</hl1></hedline></body.head><body.content>${ps.map((p) => `<p>${xmlEscape(p)}</p>`).join('')}${payload}</body.content></body></nitf>`, sample),
    parserSubject('NewsML-G2', 'application/vnd.iptc.g2.newsitem+xml', (h, ps, payload) => `<newsItem guid="urn:bench:1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>${xmlEscape(h)}</headline></contentMeta><contentSet><inlineData contenttype="text/html">${xmlEscape(`${ps.map((p) => `<p>${p}</p>`).join('')}${payload}`)}</inlineData></contentSet></newsItem>`, sample),
  ];
}
