import { CLOCK_STAGES } from '@shared/domain/case-clock';
import { chinaDay } from '@shared/domain/china-time';
import type { Incident } from '@shared/domain/incident';
import { isOpen } from '@shared/domain/lifecycle';
import type Database from 'better-sqlite3';
import type { Db } from './sqlite-file';

/**
 * The time cases spent in each stage, summed per China day the stage ended (`stage_durations`,
 * migration 0002): written when a status changes (from a feed or a case action), read as the
 * average per stage.
 */
export class StageDurations {
  private add?: Database.Statement;

  constructor(private readonly db: Db) {}

  /** Adds the time a case spent in a stage to the per-day totals (open stages only). */
  record(category: string, stage: Incident['status'], enteredAt: number, leftAt: number): void {
    if (!isOpen(stage) || leftAt < enteredAt) return;
    this.add ??= this.db.prepare(`
      INSERT INTO stage_durations (day, category, stage, n, total_ms) VALUES (?, ?, ?, 1, ?)
      ON CONFLICT DO UPDATE SET n = n + 1, total_ms = total_ms + excluded.total_ms`);
    this.add.run(chinaDay(leftAt), category, stage, leftAt - enteredAt);
  }

  /**
   * Mean minutes per stage over the stages that ended on the (China time) days of the range,
   * optionally only of some categories (grids are not kept).
   */
  averageMinutes(from?: number, to?: number, categories?: readonly string[]): Record<string, number> {
    const params: unknown[] = [from === undefined ? -1e9 : chinaDay(from), to === undefined ? 1e9 : chinaDay(to - 1)];
    let sql = 'SELECT stage, sum(n) AS n, sum(total_ms) AS ms FROM stage_durations WHERE day >= ? AND day <= ?';
    if (categories?.length) {
      sql += ` AND category IN (${categories.map(() => '?').join(', ')})`;
      params.push(...categories);
    }
    const rows = this.db.prepare(`${sql} GROUP BY stage`).all(...params) as { stage: string; n: number; ms: number }[];
    const out: Record<string, number> = {};
    for (const stage of CLOCK_STAGES) {
      const r = rows.find((x) => x.stage === stage);
      if (r && r.n > 0) out[stage] = Math.round((r.ms / r.n / 60_000) * 10) / 10;
    }
    return out;
  }
}
