// Case endings of Russian and Ukrainian names and the nominative endings they may stand for, longest
// first: России → Россия, Женеве → Женева, Киеве → Киев, Украины → Украина, Москву → Москва, Кремля → Кремль.
const CASE_ENDINGS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ии', ['ия']], ['ью', ['ь']], ['ой', ['а', 'ая']], ['ом', ['']], ['ем', ['ь', 'й', '']], ['ою', ['а']],
  ['е', ['а', '', 'ь', 'я']], ['і', ['а', '', 'ь', 'я']], ['ы', ['а']], ['и', ['а', 'ь', 'я']], ['у', ['а', '']], ['ю', ['я', 'ь']], ['а', ['', 'ь']], ['я', ['ь', 'й']],
];

const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The nominative forms a declined Cyrillic name may have, every word declined alike ("Южной Корее"). */
export function nominativeForms(name: string): string[] {
  if (!CYRILLIC.test(name)) return [];
  const forms: string[] = [];
  const words = name.split(' ');
  for (const [ending, nominatives] of CASE_ENDINGS) {
    if (!words.every((w) => w.length > ending.length + 2 && w.endsWith(ending))) continue;
    for (const nominative of nominatives) forms.push(words.map((w) => w.slice(0, -ending.length) + nominative).join(' '));
  }
  return forms;
}
