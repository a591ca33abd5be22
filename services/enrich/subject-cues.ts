import { MEDIA_TOPICS, MEDIA_TOPIC_URI_BASE, type MediaTopicCode } from './iptc-media-topics.ts';
import type { Subject } from './subjects.ts';

/**
 * Cue words for the top-level topics that the BBC training classes do not cover. A topic is assigned when
 * its cues are dense in the text (at least three distinct cues and one hit per hundred words).
 */
const CUES: Partial<Record<MediaTopicCode, string>> = {
  'medtop:02000000': 'police arrested arrest court trial judge jury prosecutor prosecutors convicted sentenced murder crime criminal charged lawsuit fraud prison jail',
  'medtop:03000000': 'earthquake flood floods flooding hurricane wildfire fire crash collapsed explosion disaster victims rescue injured killed evacuated tsunami',
  'medtop:05000000': 'school schools pupils students teachers university universities education curriculum exam exams tuition',
  'medtop:06000000': 'climate emissions pollution environmental carbon biodiversity wildlife conservation deforestation renewable',
  'medtop:07000000': 'health hospital hospitals patients disease virus vaccine vaccines doctors medical pandemic infection cancer',
  'medtop:09000000': 'strike strikes union unions workers wages employment unemployment jobs labour labor',
  'medtop:12000000': 'church religious religion pope mosque muslim christian bishop faith clergy',
  'medtop:16000000': 'war troops military invasion invade invaded soldiers soldier weapons army aggression incursion conflict ceasefire separatist separatists missile missiles attack attacks militants insurgents shelling',
  'medtop:17000000': 'weather forecast rain snow storm storms temperatures heatwave drought wind winds',
};
const TOPICS = Object.keys(CUES) as MediaTopicCode[];
// cue word → the topics it is a cue for (a word may cue several)
const CUE_TOPICS = new Map<string, number[]>();
TOPICS.forEach((code, k) => {
  for (const word of new Set((CUES[code] ?? '').split(' '))) CUE_TOPICS.set(word, [...(CUE_TOPICS.get(word) ?? []), k]);
});

export function cueSubjects(text: string): Subject[] {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return [];
  const hitCounts = TOPICS.map(() => 0);
  const distinctHits = TOPICS.map(() => new Set<string>());
  for (const word of words) {
    for (const k of CUE_TOPICS.get(word) ?? []) {
      hitCounts[k] = (hitCounts[k] ?? 0) + 1;
      distinctHits[k]?.add(word);
    }
  }
  const subjects: Subject[] = [];
  for (const [k, code] of TOPICS.entries()) {
    const distinct = distinctHits[k]?.size ?? 0;
    const per100 = ((hitCounts[k] ?? 0) / words.length) * 100;
    if (distinct < 3 || per100 < 1) continue;
    subjects.push({ code, uri: `${MEDIA_TOPIC_URI_BASE}${code.slice('medtop:'.length)}`, label: MEDIA_TOPICS[code], confidence: Math.round(Math.min(0.85, 0.15 * per100) * 1000) / 1000 });
  }
  return subjects;
}
