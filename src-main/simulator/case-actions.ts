import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CaseActionSchema, CaseRoleSchema } from '@shared/domain/lifecycle';
import { StatusSchema } from '@shared/domain/incident';

/**
 * The simulator's case-action endpoint (`POST /v1/case-actions`): the demo backend that the
 * console's outbox sends operator actions to. It behaves as a real case system would: it refuses
 * an action on a case that moved on since the operator saw it (409 with its current status), and
 * applies an action it has seen before (same key) only once.
 */
export const CaseActionBodySchema = z
  .object({
    key: z.string().min(1).max(200),
    sourceId: z.string().min(1).max(200),
    action: CaseActionSchema,
    expectedStatus: StatusSchema,
    toStatus: StatusSchema,
    unit: z.string().max(200).nullable(),
    note: z.string().max(5000).nullable(),
    actor: z.string().max(200),
    role: CaseRoleSchema,
    at: z.number(),
  })
  .strict();
export type CaseActionBody = z.infer<typeof CaseActionBodySchema>;

export type CaseActionOutcome =
  | { code: 200; status: z.infer<typeof StatusSchema> }
  | { code: 409; status: z.infer<typeof StatusSchema> }
  | { code: 404 | 400; error: string };

/** Reads, validates and answers one request; `apply` changes the simulated case. */
export function serveCaseAction(req: IncomingMessage, res: ServerResponse, apply: (a: CaseActionBody) => CaseActionOutcome): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > 64 * 1024) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    const parsed = CaseActionBodySchema.safeParse(body);
    const outcome: CaseActionOutcome = parsed.success ? apply(parsed.data) : { code: 400, error: 'invalid case action' };
    const { code, ...rest } = outcome;
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(rest));
  });
}
