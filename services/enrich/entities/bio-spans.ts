/** Entity spans read from BIO tags: an I-X without a B-X before it opens a span. */
export interface Span {
  type: string;
  start: number;
  /** exclusive token index */
  end: number;
}

export function spansFromBio(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  tags.forEach((tag, i) => {
    if (tag.startsWith('I-') && open && open.type === tag.slice(2)) {
      open.end = i + 1;
      return;
    }
    if (open) spans.push(open);
    open = tag === 'O' ? null : { type: tag.slice(2), start: i, end: i + 1 };
  });
  if (open) spans.push(open);
  return spans;
}
