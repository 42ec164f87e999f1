import type { Db } from './database';
import { SignalDismissRequestSchema, type Signal, type SignalAction, type SignalState, type SignalView } from '@shared/detect/signal';

interface SignalRow {
  id: string;
  cluster_key: string;
  method: Signal['method'];
  category: string;
  grids: string;
  start_day: string;
  end_day: string;
  observed: number;
  expected: number;
  recurrence_days: number | null;
  p_value: number | null;
  alarm_days: string;
  state: SignalState;
  case_id: string | null;
}

/** A signal that does not exist, or an action it cannot take. */
export class SignalActionError extends Error {
  override name = 'SignalActionError';
}

/**
 * Signals as the detection run found them and what analysts did about them (migration 0040).
 * Recording a run never reopens a signal someone acted on and never brings back a dismissed cluster.
 */
export class SignalStore {
  constructor(private readonly db: Db) {}

  /** Stores (or extends) the signals of a run; returns those that are new or changed and not dismissed. */
  record(signals: readonly Signal[], now: number): Signal[] {
    const dismissed = this.db.prepare('SELECT 1 FROM dismissed_clusters WHERE cluster_key = ?');
    const upsert = this.db.prepare(
      `INSERT INTO signals (id, cluster_key, method, category, grids, start_day, end_day, observed, expected, recurrence_days, p_value, alarm_days, first_seen_at, updated_at)
       VALUES (@id, @clusterKey, @method, @category, @grids, @start, @end, @observed, @expected, @recurrenceDays, @pValue, @alarmDays, @now, @now)
       ON CONFLICT (id) DO UPDATE SET end_day = excluded.end_day, observed = excluded.observed, expected = excluded.expected,
         recurrence_days = excluded.recurrence_days, p_value = excluded.p_value, alarm_days = excluded.alarm_days, updated_at = excluded.updated_at
       WHERE signals.end_day <> excluded.end_day OR signals.observed <> excluded.observed`,
    );
    const kept: Signal[] = [];
    this.db.transaction(() => {
      for (const s of signals) {
        if (dismissed.get(s.clusterKey)) continue;
        const r = upsert.run({ ...s, grids: JSON.stringify(s.grids), alarmDays: JSON.stringify(s.alarmDays), now });
        if (r.changes) kept.push(s);
      }
    })();
    return kept;
  }

  /** Signals whose days overlap `from`…`to`, strongest first, with their history. */
  list(query: { from?: string; to?: string; states?: readonly SignalState[] } = {}): SignalView[] {
    const rows = this.db
      .prepare('SELECT * FROM signals WHERE end_day >= ? AND start_day <= ? ORDER BY COALESCE(recurrence_days, 0) DESC, end_day DESC, id')
      .all(query.from ?? '0000-01-01', query.to ?? '9999-12-31') as SignalRow[];
    const history = this.db.prepare('SELECT signal_id AS signalId, action, actor, reason, at FROM signal_actions WHERE signal_id = ? ORDER BY seq');
    return rows
      .filter((r) => !query.states || query.states.includes(r.state))
      .map((r) => ({
        id: r.id,
        clusterKey: r.cluster_key,
        method: r.method,
        category: r.category,
        grids: JSON.parse(r.grids) as string[],
        start: r.start_day,
        end: r.end_day,
        observed: r.observed,
        expected: r.expected,
        recurrenceDays: r.recurrence_days,
        pValue: r.p_value,
        alarmDays: JSON.parse(r.alarm_days) as string[],
        state: r.state,
        caseId: r.case_id,
        history: history.all(r.id) as SignalAction[],
      }));
  }

  acknowledge(signalId: string, actor: string, at: number): void {
    this.act(signalId, 'acknowledge', actor, '', at, 'acknowledged');
  }

  /** Escalates a signal into a case (recorded with who, when and why, and linked to the case). */
  escalate(signalId: string, actor: string, reason: string, at: number, caseId: string | null = null): void {
    this.db.transaction(() => {
      this.act(signalId, 'escalate', actor, reason, at, 'escalated');
      if (caseId) this.db.prepare('UPDATE signals SET case_id = ? WHERE id = ?').run(caseId, signalId);
    })();
  }

  /** One signal with its history, or undefined. */
  get(signalId: string): SignalView | undefined {
    const row = this.db.prepare('SELECT start_day, end_day FROM signals WHERE id = ?').get(signalId) as { start_day: string; end_day: string } | undefined;
    if (!row) return undefined;
    return this.list({ from: row.start_day, to: row.end_day }).find((s) => s.id === signalId);
  }

  /** Dismisses a signal with a reason; its cluster will not be raised again by the same method. */
  dismiss(signalId: string, actor: string, reason: string, at: number): void {
    const req = SignalDismissRequestSchema.parse({ signalId, actor, reason });
    this.db.transaction(() => {
      const row = this.act(req.signalId, 'dismiss', req.actor, req.reason, at, 'dismissed');
      this.db
        .prepare('INSERT OR IGNORE INTO dismissed_clusters (cluster_key, signal_id, actor, reason, at) VALUES (?, ?, ?, ?, ?)')
        .run(row.cluster_key, req.signalId, req.actor, req.reason, at);
    })();
  }

  private act(signalId: string, action: SignalAction['action'], actor: string, reason: string, at: number, state: SignalState): SignalRow {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM signals WHERE id = ?').get(signalId) as SignalRow | undefined;
      if (!row) throw new SignalActionError(`no signal ${signalId}`);
      if (row.state === 'dismissed') throw new SignalActionError(`signal ${signalId} was dismissed`);
      this.db.prepare('INSERT INTO signal_actions (signal_id, action, actor, reason, at) VALUES (?, ?, ?, ?, ?)').run(signalId, action, actor, reason, at);
      this.db.prepare('UPDATE signals SET state = ?, updated_at = ? WHERE id = ?').run(state, at, signalId);
      return row;
    })();
  }
}
