// Seeded, dependency-free hashes. No node:crypto so the dedupe core stays importable from
// deterministic (workflow) code; these are identifiers for dedupe, not security primitives.

export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 (x86, 32-bit) over the UTF-16 code units of `text`. */
export function murmur32(text: string, seed: number): number {
  let h = seed >>> 0;
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    let k = (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  if (i < length) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length;
  return fmix32(h);
}

const HASH128_SEEDS = [0x9e3779b9, 0x7f4a7c15, 0x94d049bb, 0xbf58476d] as const;

/** 128-bit hex digest made of four independently seeded 32-bit hashes. */
export function hash128Hex(text: string): string {
  return HASH128_SEEDS.map((seed) => murmur32(text, seed).toString(16).padStart(8, '0')).join('');
}
