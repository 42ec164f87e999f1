import type { CaseHistoryEntry, Escalation, OutboxEntry } from '@shared/domain/case';
import type { Incident, Status } from '@shared/domain/incident';
import { transition, type CaseAction, type CaseRole, type TransitionRefusal } from '@shared/domain/lifecycle';
import { TRIAGE_TABS, type TriageTab } from '@shared/domain/triage';
import { haversineMetres } from '@shared/geo/geometry';
import type { Db } from './database';
import { COLUMNS, fromRow, type IncidentRow } from './incident-row';
import type { IncidentStore } from './incident-store';

/** Who acts at this console (there is no login yet: the settings say). */
export interface Operator {
  name: string;
  role: CaseRole;
}

export interface ActionRequest {
  id: string;
  action: CaseAction;
  unit?: string | null | undefined;
  note?: string | null | undefined;
}

/** An action refused by the lifecycle rules or because the case does not exist. */
export class CaseActionRefused extends Error {
  constructor(
    readonly refusal: TransitionRefusal | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'CaseActionRefused';
  }
}

interface HistoryRow {
  id: number;
  incident_id: string;
  at: number;
  actor: string;
  role: CaseRole | null;
  action: CaseHistoryEntry['action'];
  from_status: Status | null;
  to_status: Status;
  unit: string | null;
  note: string | null;
  origin: 'console' | 'feed';
}

interface OutboxRow {
  id: number;
  incident_id: string;
  action: CaseAction;
  expected_status: Status;
  to_status: Status;
  unit: string | null;
  note: string | null;
  actor: string;
  role: CaseRole;
  created_at: number;
  state: OutboxEntry['state'];
  attempts: number;
  backend_status: Status | null;
  last_error: string | null;
}

export const outboxFromRow = (r: OutboxRow): OutboxEntry => ({
  id: r.id,
  incidentId: r.incident_id,
  action: r.action,
  expectedStatus: r.expected_status,
  toStatus: r.to_status,
  unit: r.unit,
  note: r.note,
  actor: r.actor,
  role: r.role,
  createdAt: r.created_at,
  state: r.state,
  attempts: r.attempts,
  backendStatus: r.backend_status,
  lastError: r.last_error,
});

export type { OutboxRow };

/** Each triage tab as a condition on `incidents i` (`@now`: epoch ms). */
const TRIAGE_WHERE: Readonly<Record<TriageTab, string>> = {
  register: "i.status = 'reported'",
  dispatch: "i.status = 'registered'",
  rework: `i.status = 'handling' AND (SELECT h.action FROM incident_history h
             WHERE h.incident_id = i.id AND h.from_status IS NOT h.to_status ORDER BY h.id DESC LIMIT 1) = 'returnForRework'`,
  overdue: 'i.due_at IS NOT NULL AND i.due_at < @now',
};

/**
 * Case work on the incident cache: actions by role along the lifecycle rules, the append-only
 * history, escalations of overdue stages, and the outbox rows that carry actions to the backend.
 * An action, its history entry and its outbox row are one transaction, written with
 * `synchronous = FULL`: an operator's decision must survive even a power cut.
 */
export class CaseStore {
  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentStore,
  ) {}

  /**
   * Applies an operator's action locally and queues it for the backend (`queue` false: no backend
   * takes actions for this source, the entry is recorded as local). Returns the incident after the
   * action and the outbox entry.
   */
  act(req: ActionRequest, operator: Operator, now: number, queue: boolean): { incident: Incident; entry: OutboxEntry } {
    return this.durably(this.db.transaction(() => this.actInTransaction(req, operator, now, queue)));
  }

  /** Runs a write with `synchronous = FULL`: an operator's decision must survive a power cut. */
  private durably<T>(run: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return run();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** One action along the lifecycle rules, its history entry and its outbox row; call inside a transaction. */
  private actInTransaction(req: ActionRequest, operator: Operator, now: number, queue: boolean): { incident: Incident; entry: OutboxEntry } {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(req.id) as IncidentRow | undefined;
    if (!row) throw new CaseActionRefused('NOT_FOUND', `no incident ${req.id}`);
    const t = transition(row.status, req.action, operator.role, req);
    if (!t.ok) throw new CaseActionRefused(t.refusal, t.message);
    const unit = req.unit?.trim() || row.unit;
    const note = req.note?.trim() || null;
    const statusChanged = t.to !== row.status;
    const stageEnteredAt = statusChanged ? now : row.stage_entered_at;
    const dueAt = this.incidents.limits.dueAt(row.category, t.to, stageEnteredAt);
    if (statusChanged || unit !== row.unit) {
      this.db
        .prepare('UPDATE incidents SET status = ?, unit = ?, updated_at = ?, stage_entered_at = ?, due_at = ? WHERE seq = ?')
        .run(t.to, unit, now, stageEnteredAt, dueAt, row.seq);
    }
    if (statusChanged) this.incidents.recordStage(row.category, row.status, row.stage_entered_at, now);
    this.db
      .prepare(
        `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'console')`,
      )
      .run(req.id, now, operator.name, operator.role, req.action, row.status, t.to, unit, note);
    const entryId = this.db
      .prepare(
        `INSERT INTO case_outbox (incident_id, action, expected_status, to_status, unit, note, actor, role, created_at, state, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(req.id, req.action, row.status, t.to, unit, note, operator.name, operator.role, now, queue ? 'pending' : 'local', now)
      .lastInsertRowid;
    return { incident: this.incidents.get(req.id)!, entry: this.outboxEntry(Number(entryId))! };
  }

  /**
   * Sets the local status to what the backend has (after an operator discarded a conflicting
   * action), recorded in the history as `adoptBackend` with the discarded action as its note.
   */
  adoptBackendStatus(id: string, status: Status, operator: Operator, note: string, now: number): Incident | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
      if (!row || row.status === status) return row ? fromRow(row) : undefined;
      const dueAt = this.incidents.limits.dueAt(row.category, status, now);
      this.db
        .prepare('UPDATE incidents SET status = ?, updated_at = ?, stage_entered_at = ?, due_at = ? WHERE seq = ?')
        .run(status, now, now, dueAt, row.seq);
      this.incidents.recordStage(row.category, row.status, row.stage_entered_at, now);
      this.db
        .prepare(
          `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
           VALUES (?, ?, ?, ?, 'adoptBackend', ?, ?, ?, ?, 'console')`,
        )
        .run(id, now, operator.name, operator.role, row.status, status, row.unit, note);
      return this.incidents.get(id);
    })();
  }

  /**
   * Opens a case an operator decided on (from a CAP alert): the incident is stored as reported,
   * its clock starting now, with an `openFromAlert` entry in the history naming who and when.
   * Opening the same one again changes nothing and returns the stored case (`opened: false`).
   */
  openFromAlert(
    incident: Incident,
    raw: unknown,
    operator: Operator,
    note: string,
    /** What the case was opened from: a CAP alert, a detection signal an analyst escalated, or a consultation's decision. */
    from: 'openFromAlert' | 'openFromSignal' | 'consultationDecision' = 'openFromAlert',
  ): { incident: Incident; opened: boolean } {
    return this.db.transaction(() => {
      const existing = this.incidents.get(incident.id);
      if (existing) return { incident: existing, opened: false };
      this.incidents.upsertMany([{ incident: { ...incident, status: 'reported' }, raw }]);
      this.db
        .prepare(
          `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
           VALUES (?, ?, ?, ?, ?, NULL, 'reported', ?, ?, 'console')`,
        )
        .run(incident.id, incident.reportedAt, operator.name, operator.role, from, incident.unit, note);
      return { incident: this.incidents.get(incident.id)!, opened: true };
    })();
  }

  /**
   * Records a consultation's decision on an existing case: a `consultationDecision` entry (the
   * decision as its note, the unit assigned), the status unchanged. Undefined: no such incident.
   */
  recordDecision(id: string, operator: Operator, now: number, unit: string | null, note: string): CaseHistoryEntry | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
      if (!row) return undefined;
      const entryId = Number(
        this.db
          .prepare(
            `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
             VALUES (?, ?, ?, ?, 'consultationDecision', ?, ?, ?, ?, 'console')`,
          )
          .run(id, now, operator.name, operator.role, row.status, row.status, unit, note).lastInsertRowid,
      );
      return this.history(id).find((h) => h.id === entryId);
    })();
  }

  /**
   * Records that an operator acknowledged the console's alert for an incident (`alertAck`, the
   * status stays). The first acknowledgement stands: a second one returns it unchanged. Undefined
   * for an unknown incident.
   */
  acknowledgeAlert(id: string, operator: Operator, now: number): CaseHistoryEntry | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
      if (!row) return undefined;
      const first = this.db
        .prepare("SELECT id FROM incident_history WHERE incident_id = ? AND action = 'alertAck' ORDER BY id LIMIT 1")
        .pluck()
        .get(id) as number | undefined;
      const entryId =
        first ??
        Number(
          this.db
            .prepare(
              `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
               VALUES (?, ?, ?, ?, 'alertAck', ?, ?, ?, NULL, 'console')`,
            )
            .run(id, now, operator.name, operator.role, row.status, row.status, row.unit).lastInsertRowid,
        );
      return this.history(id).find((h) => h.id === entryId);
    })();
  }

  /** The history of a case, oldest first. */
  history(id: string): CaseHistoryEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM incident_history WHERE incident_id = ? ORDER BY id')
      .all(id) as HistoryRow[];
    return rows.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      at: r.at,
      actor: r.actor,
      role: r.role,
      action: r.action,
      from: r.from_status,
      to: r.to_status,
      unit: r.unit,
      note: r.note,
      origin: r.origin,
    }));
  }

  escalations(id: string): Escalation[] {
    return (
      this.db
        .prepare('SELECT * FROM case_escalations WHERE incident_id = ? ORDER BY escalated_at')
        .all(id) as { incident_id: string; stage: Status; stage_entered_at: number; due_at: number; escalated_at: number }[]
    ).map((r) => ({ incidentId: r.incident_id, stage: r.stage, stageEnteredAt: r.stage_entered_at, dueAt: r.due_at, escalatedAt: r.escalated_at }));
  }

  /**
   * Raises every overdue stage that has not been raised yet (once per stage of a case); returns
   * the incidents newly escalated, most overdue first. Served by the open-case index.
   */
  escalateOverdue(now: number, limit = 500): Incident[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT ${COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')} FROM incidents i
           WHERE i.due_at IS NOT NULL AND i.due_at < ?
             AND NOT EXISTS (SELECT 1 FROM case_escalations e
                             WHERE e.incident_id = i.id AND e.stage = i.status AND e.stage_entered_at = i.stage_entered_at)
           ORDER BY i.due_at LIMIT ?`,
        )
        .all(now, limit) as IncidentRow[];
      const insert = this.db.prepare('INSERT INTO case_escalations VALUES (?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(r.id, r.status, r.stage_entered_at, r.due_at, now);
      return rows.map(fromRow);
    })();
  }

  /** Open cases past their stage limit at `now`, most overdue first. */
  overdue(now: number, limit: number, offset = 0): { total: number; items: Incident[] } {
    const total = this.db.prepare('SELECT count(*) FROM incidents WHERE due_at IS NOT NULL AND due_at < ?').pluck().get(now) as number;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM incidents WHERE due_at IS NOT NULL AND due_at < ? ORDER BY due_at LIMIT ? OFFSET ?`)
      .all(now, limit, offset) as IncidentRow[];
    return { total, items: rows.map(fromRow) };
  }

  /**
   * The triage queue: one tab's cases (oldest waiting first; overdue: most overdue first) and the
   * count of every tab. `rework` is a case being handled again because its last step was a failed
   * check (返工): its latest status change in the history is `returnForRework`.
   */
  triage(tab: TriageTab, now: number, limit: number, offset = 0): { total: number; items: Incident[]; counts: Record<TriageTab, number> } {
    const where = TRIAGE_WHERE;
    const counts = Object.fromEntries(
      TRIAGE_TABS.map((t) => [t, this.db.prepare(`SELECT count(*) FROM incidents i WHERE ${where[t]}`).pluck().get({ now }) as number]),
    ) as Record<TriageTab, number>;
    const order = tab === 'overdue' ? 'i.due_at' : 'i.stage_entered_at, i.reported_at';
    const rows = this.db
      .prepare(`SELECT ${COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')} FROM incidents i WHERE ${where[tab]} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ now, limit, offset }) as IncidentRow[];
    return { total: counts[tab], items: rows.map(fromRow), counts };
  }

  /**
   * Merges duplicates into the case kept, in one transaction: each duplicate goes through the case
   * flow as `markDuplicate` (history and outbox, the note naming the case kept), the kept case's
   * history gets one `merge` entry naming them, and each link is stored in `incident_links`.
   * Refused as a whole (nothing changes) when any duplicate may not be marked.
   */
  merge(keepId: string, duplicateIds: readonly string[], operator: Operator, now: number, queue: (id: string) => boolean): { kept: Incident; merged: Incident[] } {
    const run = this.db.transaction(() => {
      const kept = this.incidents.get(keepId);
      if (!kept) throw new CaseActionRefused('NOT_FOUND', `no incident ${keepId}`);
      const merged: Incident[] = [];
      const link = this.db.prepare(
        'INSERT OR REPLACE INTO incident_links (incident_id, canonical_id, distance_m, delta_ms, linked_at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const id of duplicateIds) {
        const dup = this.incidents.get(id);
        if (!dup) throw new CaseActionRefused('NOT_FOUND', `no incident ${id}`);
        const done = this.actInTransaction({ id, action: 'markDuplicate', note: `合并到 ${keepId} (merged into ${keepId})` }, operator, now, queue(id));
        link.run(id, keepId, haversineMetres([dup.lon, dup.lat], [kept.lon, kept.lat]), Math.abs(dup.reportedAt - kept.reportedAt), now);
        merged.push(done.incident);
      }
      this.db
        .prepare(
          `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
           VALUES (?, ?, ?, ?, 'merge', ?, ?, ?, ?, 'console')`,
        )
        .run(keepId, now, operator.name, operator.role, kept.status, kept.status, kept.unit, `合并重复案件 ${duplicateIds.join(', ')} (merged duplicates)`);
      return { kept: this.incidents.get(keepId)!, merged };
    });
    return this.durably(run);
  }

  outboxEntry(id: number): OutboxEntry | undefined {
    const row = this.db.prepare('SELECT * FROM case_outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row ? outboxFromRow(row) : undefined;
  }

  /** A case's outbox entries that are waiting or need a decision. */
  outboxFor(id: string): OutboxEntry[] {
    return (
      this.db
        .prepare("SELECT * FROM case_outbox WHERE incident_id = ? AND state IN ('pending','conflict','refused') ORDER BY id")
        .all(id) as OutboxRow[]
    ).map(outboxFromRow);
  }
}
