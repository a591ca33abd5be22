import type { Article } from './types.generated.ts';

type DescriptiveMetadata = Pick<Article, 'byline' | 'contributors' | 'located' | 'subjects' | 'places' | 'people' | 'organisations' | 'keywords' | 'embargoed' | 'ednote' | 'associations'>;

/** An article's descriptive fields when the copy declares none: what parsers start from and what tests fill in. */
export function noDescriptiveMetadata(): DescriptiveMetadata {
  return { byline: null, contributors: [], located: null, subjects: [], places: [], people: [], organisations: [], keywords: [], embargoed: null, ednote: null, associations: [] };
}
