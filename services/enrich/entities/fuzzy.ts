/** Lower-case, diacritics off, typographic apostrophes folded: the form names are compared in. */
export function foldName(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/\s\s|^\s|\s$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Same surname misspelled: a shared stem of four letters and at most two edits in three letters of ten. */
export function similarSurname(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || a.slice(0, 4) !== b.slice(0, 4)) return false;
  const distance = levenshtein(a, b);
  return distance <= 2 && distance / Math.max(a.length, b.length) <= 0.3;
}
