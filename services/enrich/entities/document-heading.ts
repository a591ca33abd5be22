const SLUG_DASHES = new Set(['-', '–', '—']);
const MAX_SLUG_WORDS = 3;

/**
 * The topic slug that opens a wire story's first line (`SOCCER - CUP ROUND-UP FROM LISBON`, `RUGBY UNION - ...`),
 * lower-cased, or null: in a soccer story a capitalised name in a table is a club, in a tennis story a player.
 */
export function headingTopic(sentences: ReadonlyArray<readonly string[]>): string | null {
  const first = sentences[0] ?? [];
  const dash = first.findIndex((word) => SLUG_DASHES.has(word));
  if (dash < 1 || dash > MAX_SLUG_WORDS) return null;
  const slug = first.slice(0, dash);
  return slug.every((word) => /^\p{Lu}+$/u.test(word)) ? slug.join(' ').toLowerCase() : null;
}
