import type { OutboxEntry, OutboxStatus } from '@shared/domain/case';
import { transition } from '@shared/domain/lifecycle';
import type { Db } from '../store/database';
import { outboxFromRow, type OutboxRow } from '../store/case-store';
import type { IncidentStore } from '../store/incident-store';
import { backoffDelay } from '../feeds/feed-connector';
import { BackendUnavailable, type CaseBackend } from './case-backend';

export interface OutboxOptions {
  db: Db;
  incidents: IncidentStore;
  /** The backend that takes actions for a source, or undefined (actions stay local). */
  backendFor: (source: string) => CaseBackend | undefined;
  /** Whether any source has a backend (otherwise the status says `none`). */
  anyBackend: () => boolean;
  /** Outbox or backend state changed (for the `outboxChanged` event). */
  changed?: () => void;
  /** Distinguishes this console's idempotency keys from another's. */
  instance: string;
  log?: (line: string) => void;
  random?: () => number;
}

/**
 * The offline outbox: sends queued case actions to their backend strictly in the order they were
 * taken. While the backend does not answer, actions stay queued (durably: they are rows) and the
 * outbox retries with backoff. When the backend's case changed meanwhile, the entry becomes a
 * conflict for an operator to decide, and later actions on that case wait behind it; nothing is
 * overwritten silently.
 */
export class Outbox {
  private current?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private attempt = 0;
  private stopped = false;
  private online: boolean | undefined;

  constructor(private readonly o: OutboxOptions) {}

  /** Sends what is pending now (coalesces concurrent calls). Resolves when the pending work is done. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.current = undefined;
      }
    })();
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  status(): OutboxStatus {
    const pending = this.o.db.prepare("SELECT count(*) FROM case_outbox WHERE state = 'pending'").pluck().get() as number;
    const attention = (
      this.o.db.prepare("SELECT * FROM case_outbox WHERE state IN ('conflict','refused') ORDER BY id LIMIT 200").all() as OutboxRow[]
    ).map(outboxFromRow);
    const backend = this.online === undefined ? (pending > 0 ? 'offline' : 'online') : this.online ? 'online' : 'offline';
    return { backend: this.o.anyBackend() ? backend : 'none', pending, attention };
  }

  /**
   * An operator's decision on a conflict or refusal: `retry` sends the action again on top of the
   * backend's current status (if the rules allow it from there), `discard` drops it.
   */
  resolve(entryId: number, resolution: 'retry' | 'discard', now: number): OutboxEntry {
    const db = this.o.db;
    const row = db.prepare('SELECT * FROM case_outbox WHERE id = ?').get(entryId) as OutboxRow | undefined;
    if (!row) throw new OutboxDecisionRefused(`no outbox entry ${entryId}`);
    if (row.state !== 'conflict' && row.state !== 'refused') throw new OutboxDecisionRefused(`entry ${entryId} is ${row.state}`);
    if (resolution === 'discard') {
      db.prepare("UPDATE case_outbox SET state = 'discarded', updated_at = ? WHERE id = ?").run(now, entryId);
    } else {
      const from = row.backend_status ?? row.expected_status;
      const t = transition(from, row.action, row.role, { unit: row.unit, note: row.note });
      if (!t.ok) throw new OutboxDecisionRefused(`cannot retry: ${t.message}`);
      db.prepare("UPDATE case_outbox SET state = 'pending', expected_status = ?, to_status = ?, last_error = NULL, updated_at = ? WHERE id = ?").run(
        from,
        t.to,
        now,
        entryId,
      );
    }
    this.o.changed?.();
    void this.flush();
    return outboxFromRow(db.prepare('SELECT * FROM case_outbox WHERE id = ?').get(entryId) as OutboxRow);
  }

  private async round(): Promise<void> {
    const db = this.o.db;
    // Pending entries in order, except those behind an undecided conflict on the same case.
    const next = db.prepare(
      `SELECT o.*, i.source, i.source_id FROM case_outbox o JOIN incidents i ON i.id = o.incident_id
       WHERE o.state = 'pending'
         AND NOT EXISTS (SELECT 1 FROM case_outbox b WHERE b.incident_id = o.incident_id AND b.id < o.id
                         AND b.state IN ('pending','conflict','refused'))
       ORDER BY o.id LIMIT 1`,
    );
    const mark = db.prepare(
      'UPDATE case_outbox SET state = ?, attempts = attempts + 1, backend_status = ?, last_error = ?, updated_at = ? WHERE id = ?',
    );
    for (;;) {
      if (this.stopped) return;
      const row = next.get() as (OutboxRow & { source: string; source_id: string }) | undefined;
      if (!row) return;
      const backend = this.o.backendFor(row.source);
      if (!backend) {
        mark.run('local', null, null, Date.now(), row.id);
        continue;
      }
      try {
        const reply = await backend.submit({
          key: `${this.o.instance}:${row.id}`,
          sourceId: row.source_id,
          action: row.action,
          expectedStatus: row.expected_status,
          toStatus: row.to_status,
          unit: row.unit,
          note: row.note,
          actor: row.actor,
          role: row.role,
          at: row.created_at,
        });
        this.setOnline(true);
        if (reply.kind === 'accepted') mark.run('sent', reply.status, null, Date.now(), row.id);
        else if (reply.kind === 'conflict') mark.run('conflict', reply.status, `backend status is ${reply.status}`, Date.now(), row.id);
        else mark.run('refused', null, reply.message, Date.now(), row.id);
        this.o.changed?.();
      } catch (err) {
        db.prepare('UPDATE case_outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?').run(
          (err as Error).message.slice(0, 300),
          Date.now(),
          row.id,
        );
        if (!(err instanceof BackendUnavailable)) this.o.log?.(`outbox: ${(err as Error).message}`);
        this.setOnline(false);
        this.retryLater();
        return;
      }
    }
  }

  private setOnline(online: boolean): void {
    if (online) this.attempt = 0;
    if (this.online === online) return;
    this.online = online;
    this.o.changed?.();
  }

  private retryLater(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), backoffDelay(this.attempt++, 500, 15_000, this.o.random));
  }
}

export class OutboxDecisionRefused extends Error {
  override name = 'OutboxDecisionRefused';
}
