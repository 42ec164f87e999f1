import { StageLimits, type StageLimit } from '@shared/domain/case-clock';
import type { Incident } from '@shared/domain/incident';
import { limitsChanged } from './incident-rollup';
import type { Db } from './sqlite-file';

/** The limits stored in a database (the built-in defaults where it has no limits table yet). */
export function storedLimits(db: Db): StageLimits {
  const present = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'case_clock_limits'").get();
  return new StageLimits(present ? (db.prepare('SELECT category, stage, minutes FROM case_clock_limits').all() as StageLimit[]) : []);
}

/**
 * The case clock's limits in force: the built-in defaults (src-shared/domain/case-clock.ts)
 * overlaid with the overrides stored in `case_clock_limits`. Every writer of a case's stage reads
 * its deadline from here.
 */
export class CaseClockLimits {
  private limits: StageLimits;

  constructor(private readonly db: Db) {
    this.limits = this.load();
  }

  /** The limits in force. */
  get current(): StageLimits {
    return this.limits;
  }

  private load(): StageLimits {
    const rows = this.db.prepare('SELECT category, stage, minutes FROM case_clock_limits').all() as StageLimit[];
    return new StageLimits(rows);
  }

  /**
   * Stores overrides of the limits and moves the deadlines of open cases and the on-time flags
   * of closed ones to match, in one transaction. Returns the limits now in force.
   */
  set(rows: readonly StageLimit[]): StageLimits {
    const put = this.db.prepare(
      'INSERT INTO case_clock_limits (category, stage, minutes) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET minutes = excluded.minutes',
    );
    const open = this.db.prepare('SELECT seq, category, status, stage_entered_at FROM incidents WHERE due_at IS NOT NULL');
    const due = this.db.prepare('UPDATE incidents SET due_at = ? WHERE seq = ?');
    this.db.transaction(() => {
      for (const r of rows) put.run(r.category, r.stage, r.minutes);
      this.limits = this.load();
      for (const r of open.all() as { seq: number; category: string; status: Incident['status']; stage_entered_at: number }[]) {
        due.run(this.limits.dueAt(r.category, r.status, r.stage_entered_at), r.seq);
      }
      // Whether a closed case was on time is measured against the limits too.
      limitsChanged(this.db, this.limits);
    })();
    return this.limits;
  }
}
