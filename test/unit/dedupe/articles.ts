import type { DedupeArticle } from '../../../services/dedupe/fingerprint.ts';

/** Small articles written for these tests (no corpus text). */
export function article(providerId: string, itemId: string, headline: string, body: string, day = '2024-03-04'): DedupeArticle {
  return {
    headlines: headline ? [{ role: 'main', contenttype: 'text/plain', value: headline }] : [],
    bodies: [{ role: 'main', contenttype: 'text/plain', charcount: body.length, wordcount: null, value: body }],
    provider: { id: providerId, name: null, credit: null },
    providerItemId: itemId,
    providerVersion: 1,
    versioncreated: Date.parse(`${day}T10:00:00Z`),
    located: null,
  };
}

export const quakeChile = article(
  'wire-a',
  'a-1',
  'Strong earthquake shakes northern Chile',
  'A magnitude 6.8 earthquake struck near the port city of Iquique in northern Chile on Monday, the ' +
    'Chilean emergency office Onemi said. Residents of Iquique and Arica fled to higher ground after a ' +
    'tsunami warning. Onemi reported two deaths and damage to roads around Iquique. President Gabriel ' +
    'Boric said rescue teams were flying north. The quake was felt as far away as La Paz in Bolivia.',
);

export const quakeChileResend = article(
  'wire-a',
  'a-2',
  'Strong earthquake shakes northern Chile',
  'A magnitude 6.8 earthquake struck near the port city of Iquique in northern Chile on Monday, the ' +
    'Chilean emergency office Onemi said. Residents of Iquique and Arica fled to higher ground after a ' +
    'tsunami warning. Onemi reported two deaths and damage to roads around Iquique. President Gabriel ' +
    'Boric said rescue teams were flying north. The quake was felt as far away as La Paz in Bolivia. ' +
    'The tsunami warning was lifted two hours later.',
);

export const quakeChileRewrite = article(
  'wire-b',
  'b-7',
  'Deadly quake hits Iquique, tsunami alert lifted',
  'Two people died when a 6.8-magnitude quake rocked Iquique in Chile, emergency agency Onemi said on ' +
    'Monday. Boric sent rescue teams to Iquique and Arica, where thousands had fled the coast after a ' +
    'tsunami alert. Roads near Iquique were damaged and the shaking reached La Paz in Bolivia, Onemi said.',
);

export const quakeChileThird = article(
  'wire-c',
  'c-3',
  'Iquique counts damage after quake',
  'Emergency office Onemi said two people were killed in Iquique, Chile, by the 6.8 quake on Monday; ' +
    'Boric flew rescue teams north to Iquique and Arica and a tsunami warning sent residents inland.',
);

export const quakeJapan = article(
  'wire-b',
  'b-9',
  'Strong earthquake shakes northern Japan',
  'A magnitude 6.1 earthquake struck off the coast of Aomori in northern Japan on Monday, the Japan ' +
    'Meteorological Agency said. Residents of Hachinohe fled to higher ground after a tsunami advisory. ' +
    'The agency reported minor damage to roads around Hachinohe. Prime Minister Fumio Kishida said the ' +
    'government was gathering information. The quake was felt as far away as Sendai.',
);
