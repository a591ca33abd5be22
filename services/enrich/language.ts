/** The language of a text as a BCP-47 primary tag, from its script, then from its commonest function words. */
export interface LanguageGuess {
  code: string;
  confidence: number;
}

const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u3040-\u30ff]/g, 'ja'],
  [/[\uac00-\ud7af]/g, 'ko'],
  [/[\u4e00-\u9fff]/g, 'zh'],
  [/[\u0600-\u06ff]/g, 'ar'],
  [/[\u0590-\u05ff]/g, 'he'],
  [/[\u0370-\u03ff]/g, 'el'],
  [/[\u0e00-\u0e7f]/g, 'th'],
  [/[\u0900-\u097f]/g, 'hi'],
  [/[\u0400-\u04ff]/g, 'ru'],
];

const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  en: 'the of and to in is that for it was on with as by he said at from his an be have are has were not this but which',
  fr: 'le la les de des du et un une est en que qui dans pour pas sur au aux par il elle ce sont avec ont été',
  de: 'der die das und ist nicht den dem des ein eine zu von mit sich auf für im sie es auch als wird wurde bei',
  es: 'el la los las de del y en que un una es por con para se no su al lo como más pero sus fue ha',
  it: 'il la le di del della e che un una è per con non si sono al dei delle gli nel alla ha anche come',
  pt: 'o a os as de do da dos das e que um uma é em no na para com não se por ao mais foi ser também',
  nl: 'de het een en van is dat op te in niet zijn met voor er aan ook als door maar bij werd heeft',
  sv: 'och att det som en är på av för med till den har inte om ett var de jag men från sig kan',
  da: 'og at det som en er på af for med til den har ikke om et var de jeg men fra sig kan blev',
  nb: 'og at det som en er på av for med til den har ikke om et var de jeg men fra seg kan ble',
  fi: 'ja on ei se että oli hän ovat mutta kun myös joka tai ole sen mukaan vuonna kanssa',
  pl: 'i w na nie z się do że jest to o jak po od za przez oraz być który',
  tr: 've bir bu da de için ile olarak çok daha olan gibi ama sonra kadar ise',
  id: 'yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke adalah',
};
const LANGUAGES = Object.keys(FUNCTION_WORDS);
// function word → the languages it belongs to (many are shared, e.g. "de", "en")
const WORD_LANGUAGES = new Map<string, number[]>();
LANGUAGES.forEach((code, k) => {
  for (const word of new Set((FUNCTION_WORDS[code] ?? '').split(' '))) WORD_LANGUAGES.set(word, [...(WORD_LANGUAGES.get(word) ?? []), k]);
});

export function detectLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, 2500);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return { code: 'und', confidence: 0 };
  const beyondLatin = (sample.match(/[^\u0020-\u024f\u2000-\u206f\s]/g) ?? []).length;
  for (const [pattern, code] of beyondLatin / letters < 0.3 ? [] : SCRIPTS) {
    const share = (sample.match(pattern) ?? []).length / letters;
    if (share > 0.3) {
      if (code === 'ru' && /[іїєґ]/i.test(sample)) return { code: 'uk', confidence: round(share) };
      return { code, confidence: round(share) };
    }
  }
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = LANGUAGES.map(() => 0);
  for (const word of words) for (const k of WORD_LANGUAGES.get(word) ?? []) counts[k] = (counts[k] ?? 0) + 1;
  const hits = LANGUAGES.map((code, k) => ({ code, hits: counts[k] ?? 0 }));
  hits.sort((a, b) => b.hits - a.hits || a.code.localeCompare(b.code));
  const best = hits[0];
  const second = hits[1];
  if (!best || best.hits === 0) return { code: 'und', confidence: 0 };
  return { code: best.code, confidence: round((best.hits - (second?.hits ?? 0) / 2) / best.hits) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
