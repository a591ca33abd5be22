const WORDS = 'the minister said on tuesday that talks with union leaders would resume next week after a breakdown over pay and pensions while markets in london and frankfurt rose on hopes of a deal shares of banks and insurers led gains'.split(' ');

/**
 * Records that compress like copy (words, not one repeated byte), seeded: gzip on `Buffer.alloc(n, 'a')`
 * would flatter both clients. The same lines feed ProducerPerformance's `--payload-file`.
 */
export function copyLikePayloads(size: number, count: number, seed = 7): Buffer[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < size) text += `${WORDS[next() % WORDS.length]} `;
    return Buffer.from(text.slice(0, size));
  });
}
