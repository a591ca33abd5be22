import type { Entity, Geo, Mention } from '../enrichment.ts';
import { resolvePlace, type Gazetteer, type GeoPlace } from '../gazetteer.ts';
import type { RawMention } from './find-mentions.ts';
import { foldName, similarSurname } from './fuzzy.ts';
import { KNOWN_ENTITIES, PLACE_ADJECTIVES } from './known-entities.ts';

interface Group {
  type: 'person' | 'organisation' | 'place';
  name: string;
  tokens: string[];
  forms: Set<string>;
  mentions: Mention[];
  geo: Geo | null;
}

const words = (text: string): string[] => foldName(text).replace(/['’]s$/, '').split(/[\s]+/).filter(Boolean);
const KNOWN_PEOPLE = KNOWN_ENTITIES.filter((e) => e.type === 'person').map((e) => ({ name: e.name, tokens: words(e.name), aliases: e.aliases.map(foldName) }));

// Full names before aliases, in list order: the first curated person a form names wins.
const KNOWN_PERSON_BY_FORM = new Map<string, string>();
for (const person of KNOWN_PEOPLE) {
  for (const form of [person.tokens.join(' '), ...person.aliases]) if (!KNOWN_PERSON_BY_FORM.has(form)) KNOWN_PERSON_BY_FORM.set(form, person.name);
}

/** A curated person for a name as printed: exact, by alias, or the same first name and a near-identical surname. */
function knownPerson(text: string): string | null {
  const tokens = words(text);
  const folded = tokens.join(' ');
  const last = tokens[tokens.length - 1] ?? '';
  const exact = KNOWN_PERSON_BY_FORM.get(folded);
  if (exact) return exact;
  if (tokens.length >= 2) {
    const hit = KNOWN_PEOPLE.find((p) => p.tokens[0] === tokens[0] && similarSurname(p.tokens[p.tokens.length - 1] ?? '', last));
    if (hit) return hit.name;
  } else {
    const bySurname = KNOWN_PEOPLE.filter((p) => p.tokens[p.tokens.length - 1] === last);
    if (bySurname.length === 1 && bySurname[0]) return bySurname[0].name;
  }
  return null;
}

function acronym(text: string): string {
  return text
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
}

function toGeo(place: GeoPlace): Geo {
  return { countryCode: place.countryCode, latitude: place.latitude, longitude: place.longitude, kind: place.kind };
}

/** Country abbreviations of Russian and Ukrainian copy. */
const CYRILLIC_COUNTRY_CODES: Readonly<Record<string, string>> = { США: 'US', РФ: 'RU', ФРГ: 'DE', КНР: 'CN', КНДР: 'KP', ОАЭ: 'AE', ЮАР: 'ZA' };

// Case endings of Russian and Ukrainian place names and the nominative endings they may stand for, longest
// first: России → Россия, Женеве → Женева, Киеве → Киев, Украины → Украина, Москву → Москва, Кремля → Кремль.
const CASE_ENDINGS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ии', ['ия']], ['ью', ['ь']], ['ой', ['а', 'ая']], ['ом', ['']], ['ем', ['ь', 'й', '']], ['ою', ['а']],
  ['е', ['а', '', 'ь', 'я']], ['і', ['а', '', 'ь', 'я']], ['ы', ['а']], ['и', ['а', 'ь', 'я']], ['у', ['а', '']], ['ю', ['я', 'ь']], ['а', ['', 'ь']], ['я', ['ь', 'й']],
];

/** The nominative forms a declined Cyrillic place name may have, every word declined alike ("Южной Корее"). */
function nominativeForms(name: string): string[] {
  if (!/\p{Script=Cyrillic}/u.test(name)) return [];
  const forms: string[] = [];
  for (const [ending, nominatives] of CASE_ENDINGS) {
    const words = name.split(' ');
    if (!words.every((w) => w.length > ending.length + 2 && w.endsWith(ending))) continue;
    for (const nominative of nominatives) forms.push(words.map((w) => w.slice(0, -ending.length) + nominative).join(' '));
  }
  return forms;
}

/** A place as printed, else its country abbreviation, else a nominative form of a declined Cyrillic name. */
function resolveInflectedPlace(gazetteer: Gazetteer, name: string, contextCountries: ReadonlySet<string>): GeoPlace | null {
  const direct = resolvePlace(gazetteer, name, contextCountries);
  if (direct) return direct;
  const code = CYRILLIC_COUNTRY_CODES[name];
  if (code) return gazetteer.country(code) ?? null;
  for (const form of nominativeForms(name)) {
    const place = resolvePlace(gazetteer, form, contextCountries);
    if (place) return place;
  }
  return null;
}

const strip = (m: RawMention): Mention => ({ text: m.text, start: m.start, end: m.end });

/**
 * Groups mentions into entities: "Biden" joins "Joe Biden", "NATO" joins "North Atlantic Treaty
 * Organization", "Kiev" and "Kyiv" meet at the gazetteer's place. Longer forms are placed first so that
 * short ones attach to them.
 */
export function resolveEntities(mentions: readonly RawMention[], gazetteer: Gazetteer): Entity[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const group = (key: string, init: () => Group): Group => {
    let g = byKey.get(key);
    if (!g) {
      g = init();
      byKey.set(key, g);
      groups.push(g);
    }
    return g;
  };
  const add = (g: Group, m: RawMention): void => {
    g.mentions.push(strip(m));
    g.forms.add(m.text.replace(/['’]s$/, ''));
    if (m.title) g.forms.add(`${m.title.replace(/^(?:U\.?S\.?|US)\s+/, '')} ${m.text}`);
  };

  const people = mentions.filter((m) => m.type === 'person').sort((a, b) => words(b.text).length - words(a.text).length || a.start - b.start);
  for (const m of people) {
    const tokens = words(m.text);
    const canonical = m.known ?? knownPerson(m.text);
    const last = tokens[tokens.length - 1] ?? '';
    const existing =
      (canonical ? byKey.get(`person:${canonical}`) : undefined) ??
      groups.find((g) => g.type === 'person' && tokens.length < g.tokens.length && tokens.every((t) => g.tokens.includes(t))) ??
      (tokens.length === 1 ? groups.find((g) => g.type === 'person' && similarSurname(g.tokens[g.tokens.length - 1] ?? '', last)) : undefined);
    const target = existing ?? group(`person:${canonical ?? tokens.join(' ')}`, () => ({ type: 'person', name: canonical ?? m.text.replace(/['’]s$/, ''), tokens: words(canonical ?? m.text), forms: new Set(), mentions: [], geo: null }));
    add(target, m);
  }

  // A lone surname the tagger called something else ("talks with Putin") is the person.
  const surnames = new Map(groups.map((g) => [g.tokens[g.tokens.length - 1] ?? '', g]));
  const others = mentions.filter((m) => m.type !== 'person' && !m.known);
  for (const m of others) {
    const tokens = words(m.text);
    const person = tokens.length === 1 ? surnames.get(tokens[0] ?? '') : undefined;
    if (person) add(person, m);
  }
  const claimed = new Set(groups.flatMap((g) => g.mentions.map((m) => m.start)));

  // "US" or "Russia" tagged as an organisation is the country (news copy uses it for the government).
  const isCountry = (m: RawMention): boolean => !m.known && !m.text.includes(' ') && gazetteer.candidates(m.text)[0]?.kind === 'country';
  const organisations = mentions.filter((m) => m.type === 'organisation' && !claimed.has(m.start) && !isCountry(m)).sort((a, b) => b.text.length - a.text.length || a.start - b.start);
  for (const m of organisations) {
    const text = m.text.replace(/['’]s$/, '');
    const existing =
      (m.known ? byKey.get(`organisation:${m.known}`) : undefined) ??
      byKey.get(`organisation:${foldName(text)}`) ??
      (/^\p{Lu}{2,6}$/u.test(text) ? groups.find((g) => g.type === 'organisation' && acronym(g.name) === text) : undefined);
    const target = existing ?? group(m.known ? `organisation:${m.known}` : `organisation:${foldName(text)}`, () => ({ type: 'organisation', name: m.known ?? text, tokens: words(m.known ?? text), forms: new Set(), mentions: [], geo: null }));
    byKey.set(`organisation:${foldName(text)}`, target);
    if (m.known && target.name !== m.known) {
      target.forms.add(target.name);
      target.name = m.known;
      byKey.set(`organisation:${m.known}`, target);
    }
    add(target, m);
  }

  const places = mentions.filter((m) => ((m.type === 'place' && !PLACE_ADJECTIVES[m.text]) || (m.type === 'organisation' && isCountry(m))) && !claimed.has(m.start));
  const contextCountries = new Set(places.flatMap((m) => {
    const top = gazetteer.candidates(m.text)[0];
    return top?.kind === 'country' ? [top.countryCode] : [];
  }));
  const placeGroup = (name: string, m: RawMention): Group => {
    const place = resolveInflectedPlace(gazetteer, name, contextCountries);
    // The gazetteer's own name, unless it is an administrative form ("Krym, Avtonomna Respublika").
    const canonical = place && !/[,(]/.test(place.name) ? place.name : name;
    const key = place ? `place:${place.kind}:${place.countryCode}:${place.name}` : `place:${foldName(name)}`;
    const target = group(key, () => ({ type: 'place', name: canonical, tokens: words(canonical), forms: new Set(), mentions: [], geo: place ? toGeo(place) : null }));
    add(target, m);
    return target;
  };
  for (const m of places) placeGroup(m.text.replace(/['’]s$/, ''), m);
  const named = new Set(groups.filter((g) => g.type === 'place').map((g) => g.name));
  for (const m of mentions) {
    const target = m.type === 'misc' || m.type === 'place' ? PLACE_ADJECTIVES[m.text] : undefined;
    if (!target || named.has(target) || named.has(resolvePlace(gazetteer, target)?.name ?? target)) continue;
    placeGroup(target, m).forms.delete(m.text);
  }

  return groups
    .map((g): Entity => {
      const mentionsSorted = [...g.mentions].sort((a, b) => a.start - b.start);
      const aliases = [...g.forms].filter((f) => f !== g.name).sort();
      const base = { name: g.name, aliases, mentionCount: mentionsSorted.length, mentions: mentionsSorted };
      switch (g.type) {
        case 'person':
          return { type: 'person', ...base };
        case 'organisation':
          return { type: 'organisation', ...base };
        case 'place':
          return { type: 'place', ...base, geo: g.geo };
        default: {
          const never: never = g.type;
          throw new Error(`unknown entity type ${String(never)}`);
        }
      }
    })
    .sort((a, b) => b.mentionCount - a.mentionCount || (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
}
