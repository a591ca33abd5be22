import type { DedupeArticle } from '../../../services/dedupe/fingerprint.ts';
import { seededRandom } from '../../../services/enrich/training/seeded-random.ts';
import { plainDedupeArticle as article } from '../../../services/dedupe/plain-article.ts';

const PLACES = ['Arlen', 'Bexmoor', 'Calloway', 'Dunmore', 'Estover', 'Farrowdale', 'Glenhurst', 'Harwick', 'Islay Cross', 'Juniper Bay'];
const PEOPLE = ['Maria Okafor', 'Tomas Lindqvist', 'Priya Raman', 'Jonah Whitcombe', 'Elena Varga', 'Kofi Mensah', 'Ines Duarte', 'Walter Brandt'];
const KINDS = [
  { what: 'flood', verbs: ['swept through', 'submerged', 'cut off'], things: ['bridges', 'farms', 'roads', 'schools'] },
  { what: 'strike', verbs: ['halted', 'shut down', 'paralysed'], things: ['ports', 'trains', 'factories', 'buses'] },
  { what: 'election', verbs: ['swept', 'narrowly won', 'contested'], things: ['districts', 'seats', 'ballots', 'precincts'] },
  { what: 'fire', verbs: ['destroyed', 'gutted', 'threatened'], things: ['warehouses', 'homes', 'forests', 'shops'] },
  { what: 'merger', verbs: ['approved', 'blocked', 'reviewed'], things: ['shares', 'plants', 'brands', 'contracts'] },
];
const FILLER = ['officials', 'residents', 'witnesses', 'analysts', 'engineers', 'volunteers', 'inspectors', 'regulators'];

/** A deterministic PRNG (the training scripts' mulberry32) so that a failing stream can be replayed. */
const prng = seededRandom;

/**
 * A synthetic wire stream over ~12 days: events of a few kinds, each covered by originals, exact
 * re-sends, edited re-sends, rewrites by another provider and write-thrus of the same item, some
 * delivered late. Made up for these tests (no corpus text).
 */
export function generatedStream(count: number, seed = 42): DedupeArticle[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(2025, 4, 1, 6);
  const events = Array.from({ length: Math.ceil(count / 8) }, (_, i) => {
    const kind = pick(KINDS);
    const place = pick(PLACES);
    const person = pick(PEOPLE);
    const figure = 10 + Math.floor(random() * 900);
    const sentences = [
      `A ${kind.what} ${pick(kind.verbs)} ${figure} ${pick(kind.things)} near ${place} on the morning of the ${i + 1}th, ${pick(FILLER)} said.`,
      `${person} told reporters in ${place} that ${pick(FILLER)} were assessing the ${pick(kind.things)} and the ${pick(kind.things)}.`,
      `The ${kind.what} followed weeks of warnings by ${pick(FILLER)} about ${pick(kind.things)} across the ${place} district.`,
      `Local ${pick(FILLER)} counted ${figure + 7} ${pick(kind.things)} affected by nightfall, with ${pick(FILLER)} still arriving.`,
      `${person} promised an inquiry into how the ${kind.what} ${pick(kind.verbs)} so many ${pick(kind.things)} around ${place}.`,
    ];
    return { kind, place, person, sentences, at: start + Math.floor(random() * 12 * 86_400_000) };
  });
  const out: DedupeArticle[] = [];
  let n = 0;
  while (out.length < count) {
    const event = pick(events);
    const headline = `${event.kind.what} hits ${event.place}`;
    const at = event.at + Math.floor(random() * 36 * 3_600_000);
    const roll = random();
    const id = `g-${n++}`;
    if (roll < 0.4 || out.length === 0) {
      out.push(article('gen-a', id, 1, at, headline, event.sentences.join(' ')));
    } else if (roll < 0.55) {
      const original = pick(out);
      out.push({ ...original, providerItemId: id, versioncreated: at });
    } else if (roll < 0.7) {
      out.push(article('gen-a', id, 1, at, headline, [...event.sentences.slice(0, 4), `${pick(FILLER)} expect more news.`].join(' ')));
    } else if (roll < 0.85) {
      const shuffled = [...event.sentences].sort(() => random() - 0.5).slice(0, 3);
      out.push(article('gen-b', id, 1, at, `${event.person} on ${event.kind.what} in ${event.place}`, shuffled.join(' ')));
    } else {
      const original = pick(out);
      // Write-thrus, sometimes delivered late (an older versionCreated than the stream's newest).
      const body = `${original.bodies[0]!.value} ${pick(FILLER)} updated the figures.`;
      out.push({ ...original, providerVersion: original.providerVersion + 1, versioncreated: original.versioncreated + 3_600_000, bodies: [{ ...original.bodies[0]!, value: body }] });
    }
  }
  out.sort((a, b) => a.versioncreated - b.versioncreated);
  // Some items are delivered late: after items with a newer versionCreated.
  for (let i = out.length - 2; i >= 0; i--) {
    if (random() < 0.05) out.splice(Math.min(out.length - 1, i + 1 + Math.floor(random() * 30)), 0, ...out.splice(i, 1));
  }
  return out;
}
