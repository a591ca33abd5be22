import { createRequire } from 'node:module';

export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although am among an and another any are aren't around as at
  be because been before being below between both but by can cannot could couldn't did didn't do does doesn't doing
  don't down during each either else ever every few for from further had hadn't has hasn't have haven't having he
  he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is
  isn't it it's its itself just least less let's like made make many may me might more most much must mustn't my
  myself neither no nor not now of off often on once one only or other others otherwise ought our ours ourselves out
  over own per perhaps put rather said same say says shall shan't she she'd she'll she's should shouldn't since so
  some still such than that that's the their theirs them themselves then there there's these they they'd they'll
  they're they've this those though through thus to too under until up upon us very via was wasn't we we'd we'll
  we're we've were weren't what what's when when's where where's whether which while who who's whom whose why why's
  will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself yourselves
  mr mrs ms also told told according two three new first last year years week weeks day days time times well back
  even get got go going just way been being take took since told like including yesterday today tomorrow monday
  tuesday wednesday thursday friday saturday sunday`.split(/\s+/).filter(Boolean),
);

// Words of saying and of the calendar that wire copy repeats in every story: never key terms.
const WIRE_WORDS: Readonly<Record<string, string>> = {
  fr: 'a dit déclaré selon lundi mardi mercredi jeudi vendredi samedi dimanche aujourd hui hier mois année ans',
  de: 'sagte teilte mit montag dienstag mittwoch donnerstag freitag samstag sonntag heute gestern jahr jahren prozent',
  es: 'dijo afirmó según lunes martes miércoles jueves viernes sábado domingo hoy ayer año años',
  it: 'ha detto ha dichiarato secondo lunedì martedì mercoledì giovedì venerdì sabato domenica oggi ieri anno anni',
  pt: 'disse afirmou segundo segunda terça quarta quinta sexta sábado domingo hoje ontem ano anos',
  nl: 'zei volgens maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vandaag gisteren jaar',
  ru: 'заявил сообщил сказал отметил понедельник вторник среду четверг пятницу субботу воскресенье сегодня вчера года году',
  uk: 'заявив повідомив сказав і й та в у на з до що це як за від про для понеділок вівторок середу четвер пʼятницю суботу неділю сьогодні року',
  el: 'δήλωσε σήμερα χθες',
  ar: 'قال وقال أعلن اليوم أمس',
};

let iso: Readonly<Record<string, readonly string[]>> | null = null;
const byLanguage = new Map<string, ReadonlySet<string>>();

/** English: the project's own list (wire words included); other languages: stopwords-iso plus wire words. */
export function stopwordsFor(language: string): ReadonlySet<string> {
  if (language === 'en' || language === 'und') return ENGLISH_STOPWORDS;
  let set = byLanguage.get(language);
  if (!set) {
    iso ??= createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
    set = new Set([...(iso[language] ?? []), ...(WIRE_WORDS[language]?.split(' ') ?? [])]);
    byLanguage.set(language, set);
  }
  return set;
}

/** Typographic apostrophe folded, possessive "'s" dropped: the form terms are counted in. */
export function foldApostrophe(word: string): string {
  const folded = word.includes('’') ? word.replace(/’/g, "'") : word;
  return folded.endsWith("'s") ? folded.slice(0, -2) : folded;
}

/** French and Italian elision: "d'un" → "un", "l'Élysée" → "élysée", "dell'Onu" → "onu". */
export function dropElision(word: string): string {
  const at = word.indexOf("'");
  if (at <= 0 || at > 5) return word;
  return /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|nell|sull|dall|all|quell|un|po)$/.test(word.slice(0, at)) ? word.slice(at + 1) : word;
}
