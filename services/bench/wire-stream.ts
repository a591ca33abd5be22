import type { DedupeArticle } from '../dedupe/fingerprint.ts';
import { seededRandom, shuffleInPlace } from '../enrich/training/seeded-random.ts';
import { plainDedupeArticle as article } from '../dedupe/plain-article.ts';

// Made up for the benchmark: no corpus text is committed. Events of one kind in one town recur, as on
// the wire; each event has names and words of its own that its reports share.
const KINDS = [
  { noun: 'landslide', verbs: ['buried', 'blocked', 'cut off'], things: ['roads', 'homes', 'farms', 'rail lines'] },
  { noun: 'port strike', verbs: ['halted', 'stranded', 'delayed'], things: ['ships', 'containers', 'ferries', 'lorries'] },
  { noun: 'warehouse fire', verbs: ['destroyed', 'gutted', 'damaged'], things: ['warehouses', 'depots', 'shops', 'workshops'] },
  { noun: 'chemical leak', verbs: ['forced out', 'sickened', 'evacuated'], things: ['residents', 'pupils', 'workers', 'families'] },
  { noun: 'bridge collapse', verbs: ['closed', 'severed', 'blocked'], things: ['crossings', 'roads', 'tram lines', 'ferry routes'] },
  { noun: 'power cut', verbs: ['darkened', 'shut', 'disrupted'], things: ['hospitals', 'schools', 'factories', 'homes'] },
  { noun: 'factory explosion', verbs: ['injured', 'shook', 'damaged'], things: ['workers', 'buildings', 'windows', 'vehicles'] },
  { noun: 'ferry accident', verbs: ['stranded', 'injured', 'delayed'], things: ['passengers', 'crew members', 'cars', 'coaches'] },
];
const TOWNS = [
  'Ardmore', 'Belcastel', 'Corrin Vale', 'Dunlow', 'Eskerby', 'Fennick', 'Garroway', 'Holmfirth Cross', 'Ilvermoor', 'Kestrel Bay',
  'Lanwick', 'Marrowgate', 'Norwell', 'Ostmark', 'Pellingham', 'Quarry Hill', 'Rosslare Point', 'Saltmere', 'Tavistow', 'Upperhaven',
];
const FIRST_NAMES = ['Adaeze', 'Bruno', 'Carys', 'Dmitri', 'Esther', 'Farid', 'Greta', 'Hamid', 'Ilse', 'Joaquin', 'Keiko', 'Lorcan', 'Mireille', 'Nikos', 'Olu', 'Pilar'];
const ROLES = ['mayor', 'fire chief', 'police spokesperson', 'regional governor', 'transport minister', 'emergency coordinator'];
const SITES = ['Works', 'Quay', 'Estate', 'Depot', 'Junction', 'Terminal', 'Mill', 'Yard'];
const ORGS = ['Holdings', 'Logistics', 'Utilities', 'Shipping', 'Chemicals', 'Transit', 'Energy', 'Foods'];
const NOUNS = [
  'ambulance', 'archive', 'bakery', 'barrier', 'boiler', 'bulldozer', 'canal', 'cargo', 'cathedral', 'cellar', 'chimney', 'clinic', 'convoy',
  'crane', 'culvert', 'dairy', 'diesel', 'drone', 'embankment', 'escalator', 'fertiliser', 'forklift', 'freezer', 'fuel', 'furnace', 'generator',
  'girder', 'granary', 'gravel', 'greenhouse', 'hangar', 'harbour', 'helicopter', 'hydrant', 'kennel', 'laboratory', 'lantern', 'library',
  'lifeboat', 'locomotive', 'market', 'marina', 'mast', 'meadow', 'museum', 'orchard', 'paint', 'pier', 'pipeline', 'pharmacy', 'plywood',
  'pontoon', 'pylon', 'quarry', 'reservoir', 'rubble', 'sawmill', 'scaffold', 'sewer', 'shelter', 'silo', 'sluice', 'stable', 'stadium',
  'substation', 'tanker', 'tannery', 'textile', 'timber', 'tractor', 'transformer', 'trawler', 'tunnel', 'turbine', 'vineyard', 'viaduct',
  'warden', 'weir', 'wharf', 'winch', 'workshop', 'zoo',
];
const SYLLABLES = ['ka', 'lo', 'ver', 'min', 'tas', 'dor', 'el', 'bri', 'sun', 'mar', 'ot', 'ren', 'vi', 'gal', 'cor', 'pha', 'nu', 'ste', 'ril', 'dan'];
/**
 * The word lists an event draws its particulars from (its towns, people, sites, companies and the
 * things hit); the rest of its copy is the template's. Names beyond these are made up (`madeUpName`).
 */
export const WIRE_VOCABULARY: Readonly<Record<'towns' | 'firstNames' | 'sites' | 'orgs' | 'nouns', readonly string[]>> = { towns: TOWNS, firstNames: FIRST_NAMES, sites: SITES, orgs: ORGS, nouns: NOUNS };
export const WIRE_PROVIDERS = ['wire-a', 'wire-b', 'wire-c', 'wire-d', 'wire-e'] as const;

const MINUTE = 60_000;
/**
 * One event opens every ~6 minutes: 3,000 items span about a day and a half, inside the index's
 * three-day window; streams past ~6,000 items outlast it, and their oldest items leave the index as in production.
 */
const EVENT_SPACING_MS = 6 * MINUTE;
const STREAM_START = Date.UTC(2025, 2, 3, 5);

/** A name of two or three made-up syllables ("Phaotcor"), as the generator names people, sites and companies. */
export function madeUpName(random: () => number): string {
  const length = 2 + Math.floor(random() * 2);
  const word = Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]!).join('');
  return word[0]!.toUpperCase() + word.slice(1);
}

export interface WireStream {
  articles: DedupeArticle[];
  events: number;
}

/**
 * A deterministic wire stream of `count` short articles in versionCreated order: events of a few kinds
 * in a few towns, each reported 4–12 times a few minutes apart by several providers (rewrites from the
 * event's own sentences, edited re-sends and write-thrus), the events overlapping in time.
 */
export function generateWireStream(count: number, seed = 20250303): WireStream {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const name = (): string => madeUpName(random);
  const out: DedupeArticle[] = [];
  let events = 0;
  while (out.length < count) {
    const e = events++;
    const kind = pick(KINDS);
    const town = pick(TOWNS);
    const near = pick(TOWNS);
    const person = `${pick(FIRST_NAMES)} ${name()}`;
    const role = pick(ROLES);
    const site = `${name()} ${pick(SITES)}`;
    const company = `${name()} ${pick(ORGS)}`;
    const [a, b, c, d, f] = shuffleInPlace([...NOUNS], random);
    const verb = pick(kind.verbs);
    const things = pick(kind.things);
    const figure = between(12, 480);
    const leads = [
      `A ${kind.noun} at the ${site} in ${town} ${verb} ${figure} ${things}, the ${role} said.`,
      `${figure} ${things} were ${verb} when a ${kind.noun} hit the ${site} near ${town}, according to ${person}.`,
      `${town} - The ${role} of ${town} said a ${kind.noun} at the ${site} had ${verb} ${figure} ${things}.`,
    ];
    const sentences = [
      `${person}, the ${role}, said the ${a} and the ${b} of ${company} were badly hit.`,
      `Crews from ${near} were sent to the ${c} and the ${d} by the ${site}.`,
      `${company} said its ${a} had been shut as a precaution and that the ${e % 2 === 0 ? c : f} would be inspected.`,
      `Witnesses said the ${kind.noun} began near the ${b} and spread toward the ${f}.`,
      `${person} put the damage to the ${d} at ${between(2, 90)} million euros and promised an inquiry.`,
      `Engineers from ${company} were still checking the ${f} and the ${c} late in the day.`,
    ];
    const headlines = [`${kind.noun} at ${site} ${verb} ${figure} ${things}`, `${site} ${kind.noun}: ${person} promises inquiry`, `${company} ${b} hit by ${kind.noun} in ${town}`];
    const reports = Math.min(between(4, 12), count - out.length);
    const latest = new Map<string, DedupeArticle>();
    let at = STREAM_START + e * EVENT_SPACING_MS + Math.floor(random() * EVENT_SPACING_MS);
    for (let r = 0; r < reports; r++) {
      const roll = random();
      const earlier = r === 0 ? undefined : pick([...latest.values()]);
      let next: DedupeArticle;
      if (earlier && roll < 0.12) {
        // an edited re-send: the same copy under a new item id, one sentence added
        next = article(earlier.provider.id, `${earlier.provider.id}-${e}-${r}`, 1, at, earlier.headlines[0]!.value, `${earlier.bodies[0]!.value} ${pick(sentences)}`);
      } else if (earlier && roll < 0.24) {
        // a write-thru: the same item, a new version with an updated figure
        const body = `${earlier.bodies[0]!.value} The count rose to ${figure + between(1, 30)}, ${person} said.`;
        next = { ...earlier, providerVersion: earlier.providerVersion + 1, versioncreated: at, bodies: [{ ...earlier.bodies[0]!, charcount: body.length, value: body }] };
      } else {
        const provider = pick(WIRE_PROVIDERS);
        const body = [pick(leads), ...shuffleInPlace([...sentences], random).slice(0, between(2, 4))].join(' ');
        next = article(provider, `${provider}-${e}-${r}`, 1, at, pick(headlines), body);
      }
      latest.set(next.providerItemId, next);
      out.push(next);
      at += between(2, 8) * MINUTE;
    }
  }
  // A stable sort: reports of one time keep their order.
  return { articles: out.sort((x, y) => x.versioncreated - y.versioncreated), events };
}
