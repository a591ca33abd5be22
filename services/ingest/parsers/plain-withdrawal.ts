import { emptyDraft, type ArticleDraft } from './article-draft.ts';
import { success, type Outcome } from './parse-error.ts';
import { signalsFromMarkers } from './text-signals.ts';
import { foldWhitespace } from './text-normalise.ts';

/**
 * A plain-text kill carries a marker line and little else (`KILL: <headline>`, `WITHDRAWN`, with
 * the item named by `Storyline-Item-Id`): it needs neither a dateline nor a body. Null for anything
 * that is not one, which is then refused as copy without a dateline.
 */
export function plainTextWithdrawal(text: string): Outcome<ArticleDraft> | null {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n?|\n/).map(foldWhitespace).filter((line) => line !== '');
  const first = lines[0];
  if (first === undefined || !signalsFromMarkers([first]).includes('KILL')) return null;
  const draft = emptyDraft();
  draft.headlines = [{ role: 'main', contenttype: 'text/plain', value: first }];
  draft.paragraphs = lines.slice(1);
  draft.pubstatus = 'canceled';
  draft.signals = ['KILL'];
  return success(draft);
}
