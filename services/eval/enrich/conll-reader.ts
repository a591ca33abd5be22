/** One CoNLL-2003 document: sentences of tokens with BIO tags (converted from the file's IOB1). */
export interface ConllDocument {
  sentences: Array<{ tokens: string[]; tags: string[] }>;
}

export function toBio(iob1: readonly string[]): string[] {
  return iob1.map((tag, i) => {
    if (tag === 'O' || tag.startsWith('B-')) return tag;
    const type = tag.slice(2);
    const prev = iob1[i - 1] ?? 'O';
    return prev.slice(2) === type ? `I-${type}` : `B-${type}`;
  });
}

export function parseConll(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument = { sentences: [] };
  let tokens: string[] = [];
  let tags: string[] = [];
  const endSentence = (): void => {
    if (tokens.length > 0) doc.sentences.push({ tokens, tags: toBio(tags) });
    tokens = [];
    tags = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === '-DOCSTART-') {
      endSentence();
      if (doc.sentences.length > 0) docs.push(doc);
      doc = { sentences: [] };
    } else if (!line.trim()) {
      endSentence();
    } else {
      tokens.push(parts[0] ?? '');
      tags.push(parts[parts.length - 1] ?? 'O');
    }
  }
  endSentence();
  if (doc.sentences.length > 0) docs.push(doc);
  return docs;
}
