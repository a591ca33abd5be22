import type { Signal } from '../../contracts/types.generated.ts';

// Upper-case markers as agencies print them ("UPDATE 2-", "CORRECTED-", "KILL"), or any case when
// followed by a colon ("Correction: ..."), so an ordinary headline such as "Updated rules ..." is no signal.
const MARKERS: ReadonlyArray<{ pattern: RegExp; signal: Signal }> = [
  { pattern: /^\W{0,3}(?:CORRECTION|CORRECTED|CORRECTS|CORRECTIVE)\b/, signal: 'CORRECTION' },
  { pattern: /^\W{0,3}correct(?:ion|ed)\s*:/i, signal: 'CORRECTION' },
  { pattern: /^\W{0,3}(?:UPDATE|UPDATED|REFILE|WRITETHRU|WRITE-THRU|\d+(?:ST|ND|RD|TH)\s+LEAD|NEW\s+LEAD)\b/, signal: 'UPDATE' },
  { pattern: /^\W{0,3}(?:update[ds]?|refile)\s*\d*\s*:/i, signal: 'UPDATE' },
  { pattern: /\bWrite-?thru\b/i, signal: 'UPDATE' },
  { pattern: /^\W{0,3}(?:(?:MANDATORY|URGENT)\s+)?(?:KILL|KILLED|WITHDRAWN|WITHDRAWAL|WITHDRAW|ELIMINATION|ELIMINATE)\b/, signal: 'KILL' },
  { pattern: /^\W{0,3}(?:kill|withdrawn|withdrawal)\s*:/i, signal: 'KILL' },
];

/**
 * Signals carried as words in the copy: a headline or first line opening with CORRECTION, UPDATE n,
 * REFILE, KILL / WITHDRAWN, or a "Writethru" anywhere in it (AP's write-thru slug).
 */
export function signalsFromMarkers(lines: readonly (string | null)[]): Signal[] {
  const found = new Set<Signal>();
  for (const line of lines) {
    if (line === null) continue;
    for (const { pattern, signal } of MARKERS) if (pattern.test(line)) found.add(signal);
  }
  return [...found];
}

export function mergeSignals(...groups: ReadonlyArray<readonly Signal[]>): Signal[] {
  return [...new Set(groups.flat())];
}
