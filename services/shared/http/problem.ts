import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, with a stable machine-readable `code` and, where known, the field or line at fault. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  /** Byte offset in the request body (invalid UTF-8). */
  readonly offset?: number;
  /** The media types a resource can be had in (406). */
  readonly available?: readonly string[];
  /** Sent as the `Retry-After` header (429, 503). */
  readonly retryAfterSeconds?: number;
}

export const PROBLEM_BASE = 'https://storyline.dev/problems/';

export function sendProblem(reply: FastifyReply, { retryAfterSeconds, ...problem }: Problem, instance?: string): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: `${PROBLEM_BASE}${problem.code}`, ...problem, ...(instance ? { instance } : {}) });
}
