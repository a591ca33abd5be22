/** Deterministic, so a re-appended or redelivered event is recognisable by every consumer. */
export function storyEventId(storyId: string, sequence: number): string {
  return `${storyId}:${sequence}`;
}

export function parseStoryEventId(eventId: string): { storyId: string; sequence: number } | null {
  const at = eventId.lastIndexOf(':');
  if (at <= 0) return null;
  const sequence = Number(eventId.slice(at + 1));
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { storyId: eventId.slice(0, at), sequence };
}
