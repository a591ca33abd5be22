/**
 * A small curated list of people and organisations that news copy names often, with their canonical
 * spelling and common aliases. It fixes misspellings ("Niinister") and expands acronyms; the tagger
 * finds everyone else.
 */
export type KnownEntityType = 'person' | 'organisation';

export interface KnownEntity {
  type: KnownEntityType;
  name: string;
  aliases: readonly string[];
}

const people = (names: string): KnownEntity[] =>
  names.split('|').map((name) => ({ type: 'person' as const, name: name.trim(), aliases: [] }));

const CURATED: readonly KnownEntity[] = [
  ...people(`Joe Biden|Donald Trump|Barack Obama|Kamala Harris|Antony Blinken|Lloyd Austin|Jake Sullivan|Vladimir Putin|
    Sergey Lavrov|Dmitry Peskov|Dmitry Medvedev|Mikhail Mishustin|Volodymyr Zelenskyy|Dmytro Kuleba|Sauli Niinistö|
    Sanna Marin|Recep Tayyip Erdoğan|Mevlüt Çavuşoğlu|Olaf Scholz|Angela Merkel|Annalena Baerbock|Emmanuel Macron|
    Boris Johnson|Liz Truss|Rishi Sunak|Keir Starmer|Xi Jinping|Wang Yi|Narendra Modi|Fumio Kishida|Justin Trudeau|
    Jens Stoltenberg|Ursula von der Leyen|Charles Michel|Josep Borrell|António Guterres|Alexander Lukashenko|
    Mario Draghi|Pedro Sánchez|Mark Rutte|Benjamin Netanyahu|Naftali Bennett|Mahmoud Abbas|Ebrahim Raisi|Kim Jong Un|
    Yoon Suk Yeol|Moon Jae-in|Jair Bolsonaro|Luiz Inácio Lula da Silva|Andrés Manuel López Obrador|Pope Francis|
    Nancy Pelosi|Mitch McConnell|Chuck Schumer|Janet Yellen|Jerome Powell|Christine Lagarde|Kristalina Georgieva`),
  { type: 'person', name: 'Volodymyr Zelenskyy', aliases: ['Volodymyr Zelensky', 'Zelensky', 'Zelenskiy'] },
  { type: 'person', name: 'Recep Tayyip Erdoğan', aliases: ['Recep Tayyip Erdogan', 'Tayyip Erdogan', 'Erdogan'] },
  { type: 'organisation', name: 'NATO', aliases: ['North Atlantic Treaty Organization', 'Nato'] },
  { type: 'organisation', name: 'Organization for Security and Co-operation in Europe', aliases: ['OSCE', 'Organisation for Security and Co-operation in Europe', 'Organization for Security and Cooperation in Europe'] },
  { type: 'organisation', name: 'United States Department of State', aliases: ['State Department', 'U.S. State Department', 'US State Department', 'Department of State'] },
  { type: 'organisation', name: 'Kremlin', aliases: [] },
  { type: 'organisation', name: 'Russian Foreign Ministry', aliases: ['Russian Ministry of Foreign Affairs'] },
  { type: 'organisation', name: 'White House', aliases: [] },
  { type: 'organisation', name: 'Pentagon', aliases: ['U.S. Department of Defense', 'Department of Defense'] },
  { type: 'organisation', name: 'United Nations', aliases: ['UN', 'U.N.'] },
  { type: 'organisation', name: 'United Nations Security Council', aliases: ['Security Council', 'UN Security Council', 'U.N. Security Council'] },
  { type: 'organisation', name: 'European Union', aliases: ['EU', 'E.U.'] },
  { type: 'organisation', name: 'European Commission', aliases: [] },
  { type: 'organisation', name: 'International Monetary Fund', aliases: ['IMF'] },
  { type: 'organisation', name: 'World Bank', aliases: [] },
  { type: 'organisation', name: 'World Health Organization', aliases: ['WHO'] },
  { type: 'organisation', name: 'World Trade Organization', aliases: ['WTO'] },
  { type: 'organisation', name: 'Federal Reserve', aliases: ['Fed', 'U.S. Federal Reserve'] },
  { type: 'organisation', name: 'European Central Bank', aliases: ['ECB'] },
  { type: 'organisation', name: 'OPEC', aliases: ['Organization of the Petroleum Exporting Countries'] },
  { type: 'organisation', name: 'Group of Seven', aliases: ['G7', 'G-7'] },
  { type: 'organisation', name: 'Group of 20', aliases: ['G20', 'G-20'] },
];

/**
 * The same people and bodies as printed in other languages' copy, so that an item in Russian or French
 * about the Geneva talks names Lavrov and NATO as the English one does (one canonical name each); in
 * Chinese, Arabic and Greek too, where no tagger reads the copy and these are the only people and bodies found.
 */
const OTHER_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  'Antony Blinken': ['Энтони Блинкен', 'Блинкен', 'Ентоні Блінкен', 'Блінкен', '布林肯', 'بلينكن', 'Μπλίνκεν'],
  'Sergey Lavrov': ['Sergei Lavrov', 'Sergueï Lavrov', 'Sergej Lawrow', 'Lawrow', 'Serguéi Lavrov', 'Сергей Лавров', 'Лавров', 'Сергій Лавров', '拉夫罗夫', 'سيرغي لافروف', 'لافروف', 'Λαβρόφ'],
  'Vladimir Putin': ['Vladimir Poutine', 'Poutine', 'Wladimir Putin', 'Владимир Путин', 'Путин', 'Володимир Путін', 'Путін', '普京', 'فلاديمير بوتين', 'بوتين', 'Πούτιν'],
  'Joe Biden': ['Джо Байден', 'Байден', '拜登', 'جو بايدن', 'بايدن', 'Μπάιντεν'],
  'Volodymyr Zelenskyy': ['Volodymyr Zelensky', 'Volodymyr Zelenski', 'Wolodymyr Selenskyj', 'Selenskyj', 'Владимир Зеленский', 'Зеленский', 'Володимир Зеленський', 'Зеленський', '泽连斯基', 'زيلينسكي', 'Ζελένσκι'],
  'Dmitry Peskov': ['Dmitri Peskov', 'Dmitri Peskow', 'Дмитрий Песков', 'Песков', '佩斯科夫', 'بيسكوف'],
  'Emmanuel Macron': ['Эммануэль Макрон', 'Макрон', '马克龙', 'ماكرون', 'Μακρόν'],
  'Olaf Scholz': ['Олаф Шольц', 'Шольц', '朔尔茨', 'شولتس', 'Σολτς'],
  'Xi Jinping': ['Си Цзиньпин', '习近平', 'شي جين بينغ', 'Σι Τζινπίνγκ'],
  'António Guterres': ['Antonio Guterres', 'Антониу Гутерриш', 'Гутерриш', '古特雷斯', 'غوتيريش', 'Γκουτέρες'],
  NATO: ['OTAN', 'НАТО', '北约', 'حلف شمال الأطلسي', 'الناتو', 'ΝΑΤΟ'],
  'United Nations': ['ONU', 'UNO', 'Organisation des Nations unies', 'Vereinte Nationen', 'Naciones Unidas', 'Nazioni Unite', 'ООН', '联合国', 'الأمم المتحدة', 'ΟΗΕ'],
  'European Union': ['UE', 'Union européenne', 'Europäische Union', 'Unión Europea', 'Unione europea', 'ЕС', 'Евросоюз', 'ЄС', '欧盟', 'الاتحاد الأوروبي', 'Ευρωπαϊκή Ένωση', 'ΕΕ'],
  Kremlin: ['Kreml', 'Кремль', '克里姆林宫', 'الكرملين', 'Κρεμλίνο'],
  'Russian Foreign Ministry': ['МИД России', 'МИД РФ', '俄罗斯外交部', 'وزارة الخارجية الروسية'],
  'White House': ['白宫', 'البيت الأبيض', 'Λευκός Οίκος'],
  Pentagon: ['五角大楼', 'البنتاغون', 'Πεντάγωνο'],
  'International Monetary Fund': ['国际货币基金组织', 'صندوق النقد الدولي', 'ΔΝΤ'],
  'World Bank': ['世界银行', 'البنك الدولي', 'Παγκόσμια Τράπεζα'],
  'World Health Organization': ['世界卫生组织', 'منظمة الصحة العالمية', 'ΠΟΥ'],
  'United Nations Security Council': ['联合国安理会', '安理会', 'مجلس الأمن', 'Συμβούλιο Ασφαλείας'],
  'United States Department of State': ['Département d\'État', 'Госдепартамент', 'Госдеп', '美国国务院', 'وزارة الخارجية الأمريكية'],
};

const CYRILLIC_TITLE_CASE = /^\p{Script=Cyrillic}\p{Ll}+$/u;

/** One case ending per token, the same case for every token: "Сергей Лавров" → "Сергея Лаврова". */
function russianCase(token: string, kase: 'gen' | 'dat' | 'ins' | 'pre'): string {
  if (/[аеиоуыэюя]$/.test(token) && !token.endsWith('а')) return token; // Джо, Энтони: not declined
  if (token.endsWith('а')) return token.slice(0, -1) + { gen: 'ы', dat: 'е', ins: 'ой', pre: 'е' }[kase];
  if (token.endsWith('й') || token.endsWith('ь')) return token.slice(0, -1) + { gen: 'я', dat: 'ю', ins: 'ем', pre: 'е' }[kase];
  const instrumental = /(?:ов|ев|ин|ын)$/.test(token) ? 'ым' : 'ом';
  return token + { gen: 'а', dat: 'у', ins: instrumental, pre: 'е' }[kase];
}

/** A Cyrillic name and its genitive, dative, instrumental and prepositional forms (Путина, Путину, Путиным, Путине). */
export function russianCaseForms(name: string): string[] {
  const tokens = name.split(' ');
  if (!tokens.every((t) => CYRILLIC_TITLE_CASE.test(t))) return [name];
  return [name, ...(['gen', 'dat', 'ins', 'pre'] as const).map((kase) => tokens.map((t) => russianCase(t, kase)).join(' '))];
}

export const KNOWN_ENTITIES: readonly KnownEntity[] = CURATED.map((entity) => ({
  ...entity,
  aliases: [...entity.aliases, ...(OTHER_LANGUAGES[entity.name] ?? []).flatMap(russianCaseForms)],
}));

/** Demonyms and adjectives that name a place the copy may not otherwise spell out ("the Crimean peninsula"). */
export const PLACE_ADJECTIVES: Readonly<Record<string, string>> = {
  Crimean: 'Crimea', Finnish: 'Finland', Turkish: 'Turkey', Russian: 'Russia', Ukrainian: 'Ukraine', American: 'United States',
  British: 'United Kingdom', French: 'France', German: 'Germany', Chinese: 'China', Japanese: 'Japan', Italian: 'Italy',
  Spanish: 'Spain', Polish: 'Poland', Belarusian: 'Belarus', Georgian: 'Georgia', Iranian: 'Iran', Iraqi: 'Iraq',
  Israeli: 'Israel', Syrian: 'Syria', Afghan: 'Afghanistan', Pakistani: 'Pakistan', Indian: 'India', Brazilian: 'Brazil',
  Mexican: 'Mexico', Canadian: 'Canada', Australian: 'Australia', Swedish: 'Sweden', Norwegian: 'Norway', Danish: 'Denmark',
  Dutch: 'Netherlands', Belgian: 'Belgium', Swiss: 'Switzerland', Austrian: 'Austria', Greek: 'Greece', Egyptian: 'Egypt',
  Saudi: 'Saudi Arabia', Korean: 'South Korea', 'North Korean': 'North Korea', 'South Korean': 'South Korea',
  Venezuelan: 'Venezuela', Argentine: 'Argentina', Nigerian: 'Nigeria', Kenyan: 'Kenya', Ethiopian: 'Ethiopia',
  Lithuanian: 'Lithuania', Latvian: 'Latvia', Estonian: 'Estonia', Hungarian: 'Hungary', Romanian: 'Romania',
  Moldovan: 'Moldova', Serbian: 'Serbia', Irish: 'Ireland', Portuguese: 'Portugal', Czech: 'Czech Republic',
};
