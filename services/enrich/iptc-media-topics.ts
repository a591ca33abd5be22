/** IPTC Media Topics, top level (cv.iptc.org/newscodes/mediatopic), English labels. */
export const MEDIA_TOPICS = {
  'medtop:01000000': 'arts, culture, entertainment and media',
  'medtop:02000000': 'crime, law and justice',
  'medtop:03000000': 'disaster, accident and emergency incident',
  'medtop:04000000': 'economy, business and finance',
  'medtop:05000000': 'education',
  'medtop:06000000': 'environment',
  'medtop:07000000': 'health',
  'medtop:08000000': 'human interest',
  'medtop:09000000': 'labour',
  'medtop:10000000': 'lifestyle and leisure',
  'medtop:11000000': 'politics',
  'medtop:12000000': 'religion',
  'medtop:13000000': 'science and technology',
  'medtop:14000000': 'society',
  'medtop:15000000': 'sport',
  'medtop:16000000': 'conflict, war and peace',
  'medtop:17000000': 'weather',
} as const;

export type MediaTopicCode = keyof typeof MEDIA_TOPICS;

export const MEDIA_TOPIC_URI_BASE = 'http://cv.iptc.org/newscodes/mediatopic/';

export function isMediaTopicCode(code: string): code is MediaTopicCode {
  return Object.hasOwn(MEDIA_TOPICS, code);
}

/** The BBC News classes (Greene & Cunningham 2006) on the Media Topics top level. */
export const BBC_CLASS_TO_MEDIA_TOPIC: Readonly<Record<string, MediaTopicCode>> = {
  business: 'medtop:04000000',
  entertainment: 'medtop:01000000',
  politics: 'medtop:11000000',
  sport: 'medtop:15000000',
  tech: 'medtop:13000000',
};
