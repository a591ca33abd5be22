import { MEDIA_TOPICS, MEDIA_TOPIC_URI_BASE, type MediaTopicCode } from './iptc-media-topics.ts';
import type { Subject } from './subjects.ts';

/**
 * Cue words for the top-level topics that the BBC training classes do not cover. A topic is assigned when
 * its cues are dense in the text (at least three distinct cues and one hit per hundred words).
 */
const CUES: Partial<Record<MediaTopicCode, string>> = {
  'medtop:02000000': `police arrested arrest court trial judge jury prosecutor prosecutors convicted sentenced murder crime criminal charged lawsuit fraud prison jail
    police policier arrêté tribunal procès juge procureur condamné meurtre crime prison polizei festgenommen gericht prozess richter staatsanwaltschaft verurteilt mord haft
    policía detenido tribunal juicio juez fiscal condenado asesinato cárcel polizia arrestato processo giudice procura condannato omicidio carcere polícia detido julgamento juiz preso
    полиция задержан суд приговор убийство прокуратура уголовное поліція затримано суд вирок вбивство прокуратура αστυνομία δικαστήριο συνελήφθη الشرطة محكمة اعتقال`,
  'medtop:03000000': `earthquake flood floods flooding hurricane wildfire fire crash collapsed explosion disaster victims rescue injured killed evacuated tsunami
    séisme tremblement inondations ouragan incendie explosion victimes secours blessés erdbeben überschwemmung hochwasser brand explosion opfer verletzte rettungskräfte
    terremoto sismo inundaciones huracán incendio explosión víctimas heridos rescate alluvione incendio vittime feriti soccorsi sismo inundações incêndio vítimas feridos
    землетрясение наводнение пожар взрыв жертвы пострадавшие погибли землетрус повінь пожежа вибух загиблі σεισμός πυρκαγιά πλημμύρες زلزال فيضانات حريق 地震 洪水 火灾`,
  'medtop:05000000': 'school schools pupils students teachers university universities education curriculum exam exams tuition école élèves enseignants schule schüler lehrer escuela alumnos scuola studenti escola alunos школа школы студенты освіта школи',
  'medtop:06000000': `climate emissions pollution environmental carbon biodiversity wildlife conservation deforestation renewable climat émissions pollution klima emissionen umwelt clima emisiones contaminación
    inquinamento emissioni poluição климат выбросы экология клімат викиди κλίμα εκπομπές المناخ الانبعاثات 气候 排放`,
  'medtop:07000000': `health hospital hospitals patients disease virus vaccine vaccines doctors medical pandemic infection cancer santé hôpital patients maladie vaccin médecins gesundheit krankenhaus patienten impfstoff ärzte
    salud hospital pacientes enfermedad vacuna médicos sanità ospedale pazienti vaccino medici saúde hospital doentes vacina здравоохранение больница пациенты вакцина врачи лікарня пацієнти вакцина νοσοκομείο εμβόλιο مستشفى لقاح 医院 疫苗`,
  'medtop:09000000': 'strike strikes union unions workers wages employment unemployment jobs labour labor grève syndicats salariés streik gewerkschaft beschäftigte huelga sindicatos trabajadores sciopero sindacati lavoratori greve sindicatos забастовка профсоюз страйк απεργία إضراب',
  'medtop:11000000': `talks diplomats diplomatic diplomacy minister ministers foreign summit negotiations negotiators sanctions treaty ambassador envoy kremlin nato government parliament election elections president
    diplomatie diplomatique ministre entretiens négociations sommet sanctions ambassadeur gouvernement élections président diplomatie gespräche verhandlungen gipfel sanktionen botschafter regierung wahl wahlen außenminister präsident bundeskanzler
    diplomacia conversaciones negociaciones cumbre sanciones embajador gobierno elecciones presidente ministro diplomazia colloqui negoziati vertice sanzioni ambasciatore governo elezioni
    diplomacia conversações negociações cimeira sanções embaixador governo eleições переговоры дипломатии министр саммит санкции посол правительство выборы президент переговори дипломатії міністр саміт санкції уряд вибори
    διαπραγματεύσεις υπουργός σύνοδος κυρώσεις πρέσβης κυβέρνηση εκλογές πρόεδρος مفاوضات وزير قمة عقوبات سفير الحكومة انتخابات الرئيس 会谈 外交 总统 政府 总理`,
  'medtop:12000000': 'church religious religion pope mosque muslim christian bishop faith clergy église pape kirche papst iglesia papa chiesa igreja церковь патриарх церква εκκλησία كنيسة مسجد',
  'medtop:13000000': 'scientists researchers research study telescope space astronomers physicists discovery laboratory nasa scientifiques chercheurs wissenschaftler forscher científicos investigadores scienziati ricercatori cientistas учёные ученые исследователи вчені επιστήμονες علماء 科学家',
  'medtop:16000000': `war troops military invasion invade invaded soldiers soldier weapons army aggression incursion conflict ceasefire separatist separatists missile missiles attack attacks militants insurgents shelling
    guerre troupes militaire soldats armée invasion cessez missiles krieg truppen soldaten armee waffenruhe raketen angriff guerra tropas militares soldados ejército misiles ataque
    truppe soldati esercito attacco tropas exército ataque война войска военные солдаты армия обстрел ракеты війна війська військові армія обстріл ракети πόλεμος στρατός στρατιώτες حرب القوات الجيش 战争 军队`,
  'medtop:17000000': 'weather forecast rain snow storm storms temperatures heatwave drought wind winds météo pluie neige tempête canicule wetter regen schnee sturm hitze tiempo lluvia nieve tormenta meteo pioggia neve tempesta chuva neve tempestade погода дождь снег шторм жара погода дощ сніг καιρός βροχή χιόνι طقس أمطار 天气 暴雨',
};
const TOPICS = Object.keys(CUES) as MediaTopicCode[];
// cue word → the topics it is a cue for (a word may cue several)
const CUE_TOPICS = new Map<string, number[]>();
TOPICS.forEach((code, k) => {
  for (const word of new Set((CUES[code] ?? '').split(/\s+/).filter(Boolean))) CUE_TOPICS.set(word, [...(CUE_TOPICS.get(word) ?? []), k]);
});

export function cueSubjects(text: string): Subject[] {
  const words = text.toLowerCase().match(/\p{Script=Han}{2}|\p{L}+/gu) ?? [];
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
