import Negotiator from 'negotiator';
import { NEWSML_G2_MEDIA_TYPE, toNewsmlG2 } from '../publish/standards/newsml-g2-document.ts';
import { NINJS_MEDIA_TYPE, toNinjs } from '../publish/standards/ninjs-document.ts';
import type { StoryDocument } from '../publish/standards/story-document.ts';

/** What a story version can be served as: Storyline's JSON, IPTC ninjs 3.1, a NewsML-G2 newsItem. */
export const STORY_MEDIA_TYPES = ['application/json', NINJS_MEDIA_TYPE, NEWSML_G2_MEDIA_TYPE] as const;
export type StoryMediaType = (typeof STORY_MEDIA_TYPES)[number];
export type StandardMediaType = Exclude<StoryMediaType, 'application/json'>;

/**
 * The representation the `Accept` header prefers among those offered (quality values and wildcards
 * honoured, RFC 9110 §12.5.1, by the jshttp negotiator); null when none is acceptable. No header = JSON.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly T[]): T | null {
  const chosen = new Negotiator({ headers: { accept: accept ?? '*/*' } }).mediaType([...offered]);
  return (offered.find((type) => type === chosen) ?? null);
}

export function isStandard(type: StoryMediaType): type is StandardMediaType {
  return type !== 'application/json';
}

/** The document's bytes in a standard, with the Content-Type to send them under. */
export function renderStandard(type: StandardMediaType, document: StoryDocument): { contentType: string; body: string } {
  switch (type) {
    case NINJS_MEDIA_TYPE:
      return { contentType: `${NINJS_MEDIA_TYPE}; charset=utf-8`, body: JSON.stringify(toNinjs(document)) };
    case NEWSML_G2_MEDIA_TYPE:
      return { contentType: `${NEWSML_G2_MEDIA_TYPE}; charset=utf-8`, body: toNewsmlG2(document) };
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
