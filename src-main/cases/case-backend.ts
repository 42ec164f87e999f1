import type { CaseAction, CaseRole } from '@shared/domain/lifecycle';
import type { Status } from '@shared/domain/incident';
import { StatusSchema } from '@shared/domain/incident';

/**
 * Where case actions go: the backend system that owns the case (for the demo, the simulator that
 * reported it). The console applies an action locally at once and queues it; the outbox sends it
 * here in order when the backend answers.
 */
export interface CaseBackendAction {
  /** Idempotency key: the same action sent twice (a crash after sending) is applied once. */
  key: string;
  /** The case's id at the source. */
  sourceId: string;
  action: CaseAction;
  /** What the operator saw; a backend whose case is elsewhere now answers with a conflict. */
  expectedStatus: Status;
  toStatus: Status;
  unit: string | null;
  note: string | null;
  actor: string;
  role: CaseRole;
  at: number;
}

export type CaseBackendReply =
  | { kind: 'accepted'; status: Status }
  | { kind: 'conflict'; status: Status }
  | { kind: 'refused'; message: string };

/** The backend did not answer (network down, timeout, 5xx): try again later. */
export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

export interface CaseBackend {
  submit(action: CaseBackendAction): Promise<CaseBackendReply>;
}

/**
 * The case-action endpoint over HTTP: `POST <url>` with the action as JSON. 200 `{status}` =
 * accepted, 409 `{status}` = conflict, other 4xx = refused, anything else = unavailable. Replies
 * are treated as hostile: size-capped and validated.
 */
export class HttpCaseBackend implements CaseBackend {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async submit(action: CaseBackendAction): Promise<CaseBackendReply> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(action),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new BackendUnavailable((err as Error).message);
    }
    const text = (await res.text()).slice(0, 10_000);
    if (res.status >= 500) throw new BackendUnavailable(`HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const status = StatusSchema.safeParse((body as { status?: unknown } | undefined)?.status);
    if (res.status === 200 && status.success) return { kind: 'accepted', status: status.data };
    if (res.status === 409 && status.success) return { kind: 'conflict', status: status.data };
    const message = (body as { error?: unknown } | undefined)?.error;
    return { kind: 'refused', message: typeof message === 'string' ? message.slice(0, 300) : `HTTP ${res.status}` };
  }
}
