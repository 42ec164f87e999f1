import { AlertSchema, type Alert } from '@shared/domain/alert';
import { severityRank } from '@shared/domain/incident';
import type { Db } from '../store/database';

/**
 * CAP alerts (tables `cap_alerts`, `cap_alert_refs`, migration 0011) with CAP's semantics:
 * identity is (sender, identifier); an Update supersedes and a Cancel cancels the alerts it
 * references, whichever arrives first; Exercise, Test, System and Draft alerts are kept but are
 * never "in force"; an alert past its `expires` is no longer in force.
 */
export class AlertStore {
  constructor(private readonly db: Db) {}

  /** Stores alerts in one transaction (nested in the caller's, if any); returns those that were new. */
  addMany(alerts: readonly Alert[]): Alert[] {
    const added: Alert[] = [];
    const insert = this.db.prepare(
      `INSERT INTO cap_alerts (sender, identifier, sent, msg_type, status, severity, category, expires, source, received_at, doc)
       VALUES (@sender, @identifier, @sent, @msgType, @status, @severity, @category, @expires, @source, @receivedAt, @doc)
       ON CONFLICT (sender, identifier) DO NOTHING`,
    );
    const addRef = this.db.prepare(
      'INSERT OR IGNORE INTO cap_alert_refs (sender, identifier, ref_sender, ref_identifier) VALUES (?, ?, ?, ?)',
    );
    const mark = (column: 'superseded_by' | 'cancelled_by') =>
      this.db.prepare(`UPDATE cap_alerts SET ${column} = ? WHERE sender = ? AND identifier = ? AND ${column} IS NULL`);
    const supersede = mark('superseded_by');
    const cancel = mark('cancelled_by');
    // Someone already referred to this alert (its Update or Cancel came first).
    const referrers = this.db.prepare(
      `SELECT a.msg_type AS msgType, a.sender, a.identifier FROM cap_alert_refs r
       JOIN cap_alerts a ON a.sender = r.sender AND a.identifier = r.identifier
       WHERE r.ref_sender = ? AND r.ref_identifier = ? ORDER BY a.sent`,
    );
    this.db.transaction(() => {
      for (const a of alerts) {
        const info = insert.run({
          sender: a.sender,
          identifier: a.identifier,
          sent: a.sent,
          msgType: a.msgType,
          status: a.status,
          severity: a.severity,
          category: a.category,
          expires: a.expires,
          source: a.source,
          receivedAt: a.receivedAt,
          doc: JSON.stringify(a),
        });
        if (info.changes === 0) continue;
        added.push(a);
        const self = `${a.sender},${a.identifier}`;
        for (const ref of a.references) {
          const [rs, ri] = ref.split(',') as [string, string];
          addRef.run(a.sender, a.identifier, rs, ri);
          if (a.msgType === 'Cancel') cancel.run(self, rs, ri);
          else if (a.msgType === 'Update') supersede.run(self, rs, ri);
        }
        for (const r of referrers.all(a.sender, a.identifier) as { msgType: string; sender: string; identifier: string }[]) {
          if (r.msgType === 'Cancel') cancel.run(`${r.sender},${r.identifier}`, a.sender, a.identifier);
          else if (r.msgType === 'Update') supersede.run(`${r.sender},${r.identifier}`, a.sender, a.identifier);
        }
      }
    })();
    return added;
  }

  /** Alerts in force at `now`: Actual, an Alert or Update, not superseded, cancelled or expired. Worst first. */
  inForce(now = Date.now()): Alert[] {
    const rows = this.db
      .prepare(
        `SELECT doc FROM cap_alerts
         WHERE status = 'Actual' AND msg_type IN ('Alert','Update') AND superseded_by IS NULL AND cancelled_by IS NULL
           AND (expires IS NULL OR expires > ?)
         ORDER BY sent DESC LIMIT 500`,
      )
      .all(now) as { doc: string }[];
    return this.decode(rows).sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.sent - a.sent);
  }

  /** Every stored alert, newest first (exercises and tests included), with what became of it. */
  all(limit = 1000): (Alert & { supersededBy: string | null; cancelledBy: string | null })[] {
    const rows = this.db
      .prepare('SELECT doc, superseded_by, cancelled_by FROM cap_alerts ORDER BY sent DESC LIMIT ?')
      .all(limit) as { doc: string; superseded_by: string | null; cancelled_by: string | null }[];
    return rows.flatMap((r) => this.decode([r]).map((a) => ({ ...a, supersededBy: r.superseded_by, cancelledBy: r.cancelled_by })));
  }

  /** One stored alert by its CAP identity. */
  find(sender: string, identifier: string): Alert | undefined {
    const row = this.db.prepare('SELECT doc FROM cap_alerts WHERE sender = ? AND identifier = ?').get(sender, identifier) as { doc: string } | undefined;
    return row ? this.decode([row])[0] : undefined;
  }

  /** The next time an alert in force expires (to refresh the list then), or undefined. */
  nextExpiry(now = Date.now()): number | undefined {
    const row = this.db
      .prepare(
        `SELECT min(expires) AS t FROM cap_alerts WHERE status = 'Actual' AND superseded_by IS NULL AND cancelled_by IS NULL AND expires > ?`,
      )
      .get(now) as { t: number | null };
    return row.t ?? undefined;
  }

  private decode(rows: { doc: string }[]): Alert[] {
    return rows.flatMap((r) => {
      const parsed = AlertSchema.safeParse(JSON.parse(r.doc));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
