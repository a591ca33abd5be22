import type { PlannedSubmission } from './reuters-plan.ts';

export type SendOutcome =
  | { readonly status: 'acknowledged'; readonly submissionId: string; readonly replayed: boolean; readonly attempts: number }
  | { readonly status: 'refused'; readonly reason: string; readonly attempts: number };

/**
 * Sends one item as a careful producer does: a 10 s timeout per request, and on no answer, 503 or an
 * in-flight idempotency key, the same request again with the same key after a pause, until it is
 * acknowledged, refused for good (another 4xx), or the deadline passes.
 */
export async function sendItem(ingestUrl: string, key: string, item: PlannedSubmission, deadlineMs = 120_000): Promise<SendOutcome> {
  const deadline = Date.now() + deadlineMs;
  let lastReason: string;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${ingestUrl}/v1/items`, {
        method: 'POST',
        body: item.body,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': item.idempotencyKey },
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status === 202) return { status: 'acknowledged', submissionId: String(body.submissionId), replayed: body.replayed === true, attempts: attempt };
      lastReason = `${response.status} ${typeof body.code === 'string' ? body.code : ''}`.trim();
      const retry = response.status === 503 || response.status >= 500 || (response.status === 409 && body.code === 'idempotency_key_in_flight');
      if (!retry) return { status: 'refused', reason: lastReason, attempts: attempt };
    } catch (error) {
      lastReason = error instanceof Error ? (error.name === 'TimeoutError' ? 'timeout' : 'connection failed') : 'error';
    }
    if (Date.now() > deadline) return { status: 'refused', reason: `gave up: ${lastReason}`, attempts: attempt };
    await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** Math.min(attempt, 5))));
  }
}
