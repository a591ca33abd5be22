/**
 * IPTC controlled-vocabulary codes in the two spellings the standards use: a QCode (`medtop:15000000`,
 * NewsML-G2) and the URI it stands for (`http://cv.iptc.org/newscodes/mediatopic/15000000`, ninjs).
 * Only the schemes declared in the IPTC catalogue that the NewsML-G2 output references are mapped.
 */
const SCHEMES: ReadonlyArray<{ readonly alias: string; readonly uri: string }> = [
  { alias: 'medtop', uri: 'http://cv.iptc.org/newscodes/mediatopic/' },
  { alias: 'subj', uri: 'http://cv.iptc.org/newscodes/subjectcode/' },
  { alias: 'genre', uri: 'http://cv.iptc.org/newscodes/genre/' },
];

/** The QCode of an IPTC code given as a QCode or as its URI; null when it is neither. */
export function iptcQcode(code: string): string | null {
  for (const { alias, uri } of SCHEMES) {
    if (code.startsWith(`${alias}:`)) return code;
    if (code.startsWith(uri) && code.length > uri.length) return `${alias}:${code.slice(uri.length)}`;
  }
  return null;
}

/** The URI of an IPTC QCode (or URI); null when the code is in no mapped scheme. */
export function iptcUri(code: string): string | null {
  const qcode = iptcQcode(code);
  if (qcode === null) return null;
  const colon = qcode.indexOf(':');
  const scheme = SCHEMES.find((entry) => entry.alias === qcode.slice(0, colon));
  return scheme ? `${scheme.uri}${qcode.slice(colon + 1)}` : null;
}

/**
 * A string made safe as a URI (RFC 3986) without changing one that already is: characters outside
 * the URI set are percent-encoded; a second `#` too. Item ids are the provider's and may hold anything.
 */
export function asUri(value: string): string {
  const encoded = encodeURI(value.replace(/\p{Cs}/gu, '\uFFFD'));
  const hash = encoded.indexOf('#');
  return hash < 0 ? encoded : `${encoded.slice(0, hash + 1)}${encoded.slice(hash + 1).replace(/#/g, '%23')}`;
}

/** A value with a scheme (`scheme:…`), which is what the ninjs schema's `format: uri` asks for. */
export function hasUriScheme(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S/i.test(value);
}

/** The identity of a Storyline story as a news object: stable across its versions. */
export function storyUri(storyId: string): string {
  return asUri(`storyline:story:${storyId}`);
}
