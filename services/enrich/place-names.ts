/**
 * Place names in the languages of the world's wires, so that copy in any of them meets at one gazetteer
 * entry (Женева = Genève = Ginevra = Geneva: one place, one id). Country names come from the CLDR data
 * built into Node (`Intl.DisplayNames`); city exonyms, which CLDR does not carry, from the table below.
 */
export const WIRE_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'ru', 'uk', 'el', 'ar', 'zh'] as const;

/** English gazetteer name → its names in other languages (only where they differ). */
export const CITY_EXONYMS: Readonly<Record<string, string>> = {
  Geneva: 'Genève Genf Ginebra Ginevra Genebra Genève Женева Женева Γενεύη جنيف 日内瓦 GENÈVE',
  Moscow: 'Moscou Moskau Moscú Mosca Moscovo Moskou Москва Москва Μόσχα موسكو 莫斯科',
  Kyiv: 'Kiev Kiew Kiev Kiev Kiev Kiev Киев Київ Κίεβο كييف 基辅',
  Beijing: 'Pékin Peking Pekín Pechino Pequim Peking Пекин Пекін Πεκίνο بكين 北京',
  Shanghai: 'Changhaï Schanghai Shanghái Sciangai Xangai Шанхай Шанхай Σαγκάη شنغهاي 上海',
  London: 'Londres Londra Londen Лондон Лондон Λονδίνο لندن 伦敦',
  Paris: 'Parigi Parijs Париж Париж Παρίσι باريس 巴黎',
  Berlin: 'Berlín Berlino Berlim Берлин Берлін Βερολίνο برلين 柏林',
  Rome: 'Rom Roma Rome Рим Рим Ρώμη روما 罗马',
  Madrid: 'Мадрид Мадрид Μαδρίτη مدريد 马德里',
  Lisbon: 'Lisbonne Lissabon Lisboa Lisbona Lissabon Лиссабон Лісабон Λισαβόνα لشبونة 里斯本',
  Athens: 'Athènes Athen Atenas Atene Atenas Athene Афины Афіни Αθήνα أثينا 雅典',
  Brussels: 'Bruxelles Brüssel Bruselas Bruxelas Brussel Брюссель Брюссель Βρυξέλλες بروكسل 布鲁塞尔',
  Vienna: 'Vienne Wien Viena Wenen Вена Відень Βιέννη فيينا 维也纳',
  Warsaw: 'Varsovie Warschau Varsovia Varsavia Varsóvia Warschau Варшава Варшава Βαρσοβία وارسو 华沙',
  Cairo: 'Le Caire Kairo El Cairo Il Cairo Cairo Caïro Каир Каїр Κάιρο القاهرة 开罗',
  Washington: 'Washington Вашингтон Вашингтон Ουάσιγκτον واشنطن 华盛顿',
  'New York': 'Nueva York Nova Iorque Nova York Нью-Йорк Нью-Йорк Νέα Υόρκη نيويورك 纽约',
  Tokyo: 'Tokio Tóquio Токио Токіо Τόκιο طوكيو 东京',
  Istanbul: 'Estambul Istambul Istanboel Стамбул Стамбул Κωνσταντινούπολη إسطنبول 伊斯坦布尔',
  Ankara: 'Анкара Άγκυρα أنقرة 安卡拉',
  Jerusalem: 'Jérusalem Jerusalén Gerusalemme Jerusalém Иерусалим Єрусалим Ιερουσαλήμ القدس 耶路撒冷',
  Tehran: 'Téhéran Teheran Teherán Teerã Тегеран Тегеран Τεχεράνη طهران 德黑兰',
  Baghdad: 'Bagdad Bagdá Багдад Багдад Βαγδάτη بغداد 巴格达',
  Damascus: 'Damas Damaskus Damasco Damascus Дамаск Дамаск Δαμασκός دمشق 大马士革',
  Beirut: 'Beyrouth Beirut Beirute Бейрут Бейрут Βηρυτός بيروت 贝鲁特',
  Riyadh: 'Riyad Riad Riade Эр-Рияд Ер-Ріяд Ριάντ الرياض 利雅得',
  Dubai: 'Dubaï Dubái Дубай Дубай Ντουμπάι دبي 迪拜',
  Minsk: 'Минск Мінськ Μινσκ مينسك 明斯克',
  Lviv: 'Lvov Lemberg Leópolis Leopoli Львов Львів Λβιβ لفيف 利沃夫',
  Kharkiv: 'Kharkov Charkiw Járkov Charkiv Харьков Харків Χάρκοβο خاركيف 哈尔科夫',
  Odesa: 'Odessa Odesa Одесса Одеса Οδησσός أوديسا 敖德萨',
  'Saint Petersburg': 'Saint-Pétersbourg Sankt Petersburg San Petersburgo San Pietroburgo São Petersburgo Sint-Petersburg Санкт-Петербург Санкт-Петербург Αγία Πετρούπολη سانت بطرسبرغ 圣彼得堡',
  Munich: 'München Múnich Monaco di Baviera Munique Мюнхен Мюнхен Μόναχο ميونخ 慕尼黑',
  Cologne: 'Köln Colonia Colônia Keulen Кёльн Кельн Κολωνία كولونيا 科隆',
  Hamburg: 'Hambourg Hamburgo Amburgo Гамбург Гамбург Αμβούργο هامبورغ 汉堡',
  Frankfurt: 'Francfort Fráncfort Francoforte Франкфурт Франкфурт Φρανκφούρτη فرانكفورت 法兰克福',
  Milan: 'Mailand Milán Milano Milão Милан Мілан Μιλάνο ميلانو 米兰',
  Naples: 'Neapel Nápoles Napoli Napels Неаполь Неаполь Νάπολη نابولي 那不勒斯',
  Venice: 'Venise Venedig Venecia Venezia Veneza Venetië Венеция Венеція Βενετία البندقية 威尼斯',
  Florence: 'Florenz Florencia Firenze Florença Florence Флоренция Флоренція Φλωρεντία فلورنسا 佛罗伦萨',
  Barcelona: 'Barcelone Барселона Барселона Βαρκελώνη برشلونة 巴塞罗那',
  Seville: 'Séville Sevilla Siviglia Sevilha Севилья Севілья Σεβίλλη إشبيلية 塞维利亚',
  Porto: 'Oporto Порту Порту Πόρτο بورتو 波尔图',
  'The Hague': 'La Haye Den Haag La Haya L’Aia Haia Den Haag Гаага Гаага Χάγη لاهاي 海牙',
  Amsterdam: 'Ámsterdam Амстердам Амстердам Άμστερνταμ أمستردام 阿姆斯特丹',
  Copenhagen: 'Copenhague Kopenhagen Copenaghen Copenhaga Kopenhagen Копенгаген Копенгаген Κοπεγχάγη كوبنهاغن 哥本哈根',
  Stockholm: 'Estocolmo Stoccolma Стокгольм Стокгольм Στοκχόλμη ستوكهولم 斯德哥尔摩',
  Prague: 'Prag Praga Praag Прага Прага Πράγα براغ 布拉格',
  Budapest: 'Budapeste Будапешт Будапешт Βουδαπέστη بودابست 布达佩斯',
  Bucharest: 'Bucarest Bukarest Bucarest Bucareste Boekarest Бухарест Бухарест Βουκουρέστι بوخارست 布加勒斯特',
  Belgrade: 'Belgrad Belgrado Belgrado Belgrado Belgrado Белград Белград Βελιγράδι بلغراد 贝尔格莱德',
  Nicosia: 'Nicosie Nikosia Nicosia Nicósia Никосия Нікосія Λευκωσία نيقوسيا 尼科西亚',
  Thessaloniki: 'Thessalonique Thessaloniki Salónica Salonicco Tessalónica Салоники Салоніки Θεσσαλονίκη سالونيك 塞萨洛尼基',
  Alexandria: 'Alexandrie Alexandria Alejandría Alessandria Alexandria Александрия Александрія Αλεξάνδρεια الإسكندرية 亚历山大',
  Algiers: 'Alger Algier Argel Algeri Algiers Алжир Алжир Αλγέρι الجزائر 阿尔及尔',
  Tunis: 'Túnez Tunisi Тунис Туніс Τύνιδα تونس 突尼斯',
  Rabat: 'Рабат Рабат Ραμπάτ الرباط 拉巴特',
  Amman: 'Amán Амман Амман Αμμάν عمان 安曼',
  Doha: 'Доха Доха Ντόχα الدوحة 多哈',
  Khartoum: 'Khartoum Khartum Jartum Cartum Хартум Хартум Χαρτούμ الخرطوم 喀土穆',
  Gaza: 'Газа Газа Γάζα غزة 加沙',
  'Tel Aviv': 'Tel-Aviv Тель-Авив Тель-Авів Τελ Αβίβ تل أبيب 特拉维夫',
  'Mexico City': 'Mexico Mexiko-Stadt Ciudad de México Città del Messico Cidade do México Mexico-Stad Мехико Мехіко Πόλη του Μεξικού مكسيكو سيتي 墨西哥城',
  'Buenos Aires': 'Буэнос-Айрес Буенос-Айрес Μπουένος Άιρες بوينس آيرس 布宜诺斯艾利斯',
  Lima: 'Лима Ліма Λίμα ليما 利马',
  Bogota: 'Bogotá Bogota Богота Богота Μπογκοτά بوغوتا 波哥大',
  Santiago: 'Santiago de Chile Сантьяго Сантьяго Σαντιάγο سانتياغو 圣地亚哥',
  Caracas: 'Каракас Каракас Καράκας كاراكاس 加拉加斯',
  Havana: 'La Havane Havanna La Habana L’Avana Havana Havana Гавана Гавана Αβάνα هافانا 哈瓦那',
  'Sao Paulo': 'São Paulo San Pablo San Paolo Сан-Паулу Сан-Паулу Σάο Πάολο ساو باولو 圣保罗',
  'Rio de Janeiro': 'Río de Janeiro Рио-де-Жанейро Ріо-де-Жанейро Ρίο ντε Τζανέιρο ريو دي جانيرو 里约热内卢',
  Brasilia: 'Brasília Brasilia Бразилиа Бразиліа Μπραζίλια برازيليا 巴西利亚',
  'New Delhi': 'New Delhi Neu-Delhi Nueva Delhi Nuova Delhi Nova Deli Нью-Дели Нью-Делі Νέο Δελχί نيودلهي 新德里',
  Seoul: 'Séoul Seúl Seul Сеул Сеул Σεούλ سيول 首尔',
  Pyongyang: 'Pjöngjang Pionyang Pyongyang Пхеньян Пхеньян Πιονγκγιάνγκ بيونغ يانغ 平壤',
  'Hong Kong': 'Hongkong Hong-Kong Гонконг Гонконг Χονγκ Κονγκ هونغ كونغ 香港',
  Taipei: 'Taïpei Taipeh Taipéi Taipé Тайбэй Тайбей Ταϊπέι تايبيه 台北',
  Singapore: 'Singapour Singapur Singapura Сингапур Сінгапур Σιγκαπούρη سنغافورة 新加坡',
  Bangkok: 'Bangkok Bangkok Banguecoque Бангкок Бангкок Μπανγκόκ بانكوك 曼谷',
  Jakarta: 'Djakarta Yakarta Giacarta Jacarta Джакарта Джакарта Τζακάρτα جاكرتا 雅加达',
  Manila: 'Manille Manila Manila Manila Manila Манила Маніла Μανίλα مانيلا 马尼拉',
  Sydney: 'Сидней Сідней Σίδνεϊ سيدني 悉尼',
  'Cape Town': 'Le Cap Kapstadt Ciudad del Cabo Città del Capo Cidade do Cabo Kaapstad Кейптаун Кейптаун Κέιπ Τάουν كيب تاون 开普敦',
  Nairobi: 'Найроби Найробі Ναϊρόμπι نيروبي 内罗毕',
  Lagos: 'Лагос Лагос Λάγκος لاغوس 拉各斯',
  Addis: 'Addis-Abeba Addis Abeba Адис-Абеба Аддіс-Абеба Αντίς Αμπέμπα أديس أبابا 亚的斯亚贝巴',
  Kabul: 'Kaboul Kabul Cabul Кабул Кабул Καμπούλ كابول 喀布尔',
  Islamabad: 'Исламабад Ісламабад Ισλαμαμπάντ إسلام آباد 伊斯兰堡',
  Ottawa: 'Оттава Оттава Οτάβα أوتاوا 渥太华',
  Montreal: 'Montréal Монреаль Монреаль Μόντρεαλ مونتريال 蒙特利尔',
  Strasbourg: 'Straßburg Estrasburgo Strasburgo Straatsburg Страсбург Страсбург Στρασβούργο ستراسبورغ 斯特拉斯堡',
  Luxembourg: 'Luxemburg Luxemburgo Lussemburgo Luxemburgo Люксембург Люксембург Λουξεμβούργο لوكسمبورغ 卢森堡',
  Zurich: 'Zürich Zúrich Zurigo Zurique Цюрих Цюрих Ζυρίχη زيورخ 苏黎世',
  Bern: 'Berne Berna Берн Берн Βέρνη برن 伯尔尼',
  Davos: 'Давос Давос Νταβός دافوس 达沃斯',
  Vilnius: 'Vilnius Wilna Вильнюс Вільнюс Βίλνιους فيلنيوس 维尔纽斯',
  Riga: 'Рига Рига Ρίγα ريغا 里加',
  Tallinn: 'Таллин Таллінн Ταλίν تالين 塔林',
  Helsinki: 'Helsingfors Хельсинки Гельсінкі Ελσίνκι هلسنكي 赫尔辛基',
  Oslo: 'Осло Осло Όσλο أوسلو 奥斯陆',
  Dublin: 'Dublín Dublino Дублин Дублін Δουβλίνο دبلن 都柏林',
  Edinburgh: 'Édimbourg Edimburgo Эдинбург Единбург Εδιμβούργο إدنبرة 爱丁堡',
  Chisinau: 'Chișinău Kischinau Chisináu Кишинёв Кишинів Κισινάου كيشيناو 基希讷乌',
  Tbilisi: 'Tbilissi Tiflis Тбилиси Тбілісі Τιφλίδα تبليسي 第比利斯',
  Yerevan: 'Erevan Eriwan Ereván Erevan Ierevan Jerevan Ереван Єреван Ερεβάν يريفان 埃里温',
  Baku: 'Bakou Bakú Баку Баку Μπακού باكو 巴库',
  Astana: 'Астана Астана Αστανά أستانا 阿斯塔纳',
  Donetsk: 'Donezk Donetsk Донецк Донецьк Ντονέτσκ دونيتسك 顿涅茨克',
  Mariupol: 'Marioupol Mariúpol Мариуполь Маріуполь Μαριούπολη ماريوبول 马里乌波尔',
  Zaporizhzhia: 'Zaporijia Saporischschja Zaporiyia Zaporizhzhia Запорожье Запоріжжя Ζαπορίζια زابوريجيا 扎波罗热',
  Dnipro: 'Dnipro Днепр Дніпро Ντνίπρο دنيبرو 第聂伯',
  Kherson: 'Cherson Jersón Херсон Херсон Χερσώνα خيرسون 赫尔松',
  Kursk: 'Курск Курськ Κουρσκ كورسك 库尔斯克',
  Belgorod: 'Белгород Бєлгород Μπέλγκοροντ بيلغورود 别尔哥罗德',
  Vladivostok: 'Владивосток Владивосток Βλαδιβοστόκ فلاديفوستوك 符拉迪沃斯托克',
  Novosibirsk: 'Новосибирск Новосибірськ Νοβοσιμπίρσκ نوفوسيبيرسك 新西伯利亚',
  Guangzhou: 'Canton Kanton Cantón Cantão Гуанчжоу Гуанчжоу Γκουανγκζού قوانغتشو 广州',
  Wuhan: 'Ухань Ухань Γουχάν ووهان 武汉',
  Shenzhen: 'Шэньчжэнь Шеньчжень Σεντζέν شنتشن 深圳',
};

let countryNameTables: Array<{ of: (code: string) => string | undefined }> | null = null;

/** The country's names in the wire languages, from CLDR (e.g. CH → Suisse, Schweiz, Suiza, Швейцария, 瑞士). */
export function countryNames(code: string): string[] {
  countryNameTables ??= WIRE_LANGUAGES.map((language) => new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
  const names = new Set<string>();
  for (const table of countryNameTables) {
    const name = table.of(code);
    if (name && name !== code) names.add(name);
  }
  return [...names];
}

/** Exonyms of a city: each entry may be several words, so the table lists them split on the known names. */
export function cityExonyms(): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const [english, list] of Object.entries(CITY_EXONYMS)) {
    for (const name of splitNames(list)) if (name !== english) pairs.push([name, english]);
  }
  return pairs;
}

// Most exonyms are one word; the multi-word ones are joined by these particles or are known compounds.
const MULTI_WORD = /^(?:Le Caire|El Cairo|Il Cairo|La Haye|Den Haag|La Haya|Nueva York|Nova Iorque|Nova York|Ciudad de México|Città del Messico|Cidade do México|Buenos Aires|Río de Janeiro|Rio de Janeiro|Santiago de Chile|La Havane|La Habana|New Delhi|Nueva Delhi|Nuova Delhi|Nova Deli|Sankt Petersburg|San Petersburgo|San Pietroburgo|São Petersburgo|São Paulo|San Pablo|San Paolo|Le Cap|Ciudad del Cabo|Città del Capo|Cidade do Cabo|Addis Abeba|Monaco di Baviera|Tel Aviv|Cape Town|Mexico City|New York|Hong Kong|Νέα Υόρκη|Πόλη του Μεξικού|Μπουένος Άιρες|Ρίο ντε Τζανέιρο|Νέο Δελχί|Χονγκ Κονγκ|Κέιπ Τάουν|Αντίς Αμπέμπα|Αγία Πετρούπολη|Τελ Αβίβ|Σάο Πάολο|بيونغ يانغ|سانت بطرسبرغ|تل أبيب|مكسيكو سيتي|بوينس آيرس|ريو دي جانيرو|هونغ كونغ|كيب تاون|أديس أبابا|إسلام آباد|ساو باولو)/u;

function splitNames(list: string): string[] {
  const out: string[] = [];
  let rest = list.trim();
  while (rest !== '') {
    const multi = MULTI_WORD.exec(rest)?.[0];
    const word = multi ?? rest.split(' ')[0] ?? '';
    out.push(word);
    rest = rest.slice(word.length).trim();
  }
  return out;
}
