/** Printable ASCII with single spaces between words only: nothing to fold but the case. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    if (c === 0x20 && (i === 0 || i === text.length - 1 || text.charCodeAt(i - 1) === 0x20)) return false;
  }
  return true;
}

/** Lower-case, diacritics off, typographic apostrophes folded: the form names are compared in. */
export function foldName(text: string): string {
  if (isPlainAscii(text)) return text.toLowerCase();
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
