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
}

export const PROBLEM_BASE = 'https://storyline.dev/problems/';

export function sendProblem(reply: FastifyReply, problem: Problem, instance?: string): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: `${PROBLEM_BASE}${problem.code}`, ...problem, ...(instance ? { instance } : {}) });
}
