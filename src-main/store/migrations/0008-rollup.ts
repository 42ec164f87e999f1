import { storedLimits } from '../case-clock-limits';
import { registerRollupFunctions, ROLLUP_MIGRATION_SQL } from '../incident-rollup';

/**
 * 0008 — the analysis roll-up (incident-rollup.ts): per China day and month × category × grid ×
 * source × severity × status, the incidents reported, their rework and how many closed on time;
 * each incident's own `rework` count and `on_time` flag; triggers that keep them on every update,
 * history entry and delete. Backfilled from the incidents and their history.
 */
export const name = 'rollup';

export const sql = '';

export function run(db: import('better-sqlite3').Database): void {
  registerRollupFunctions(db, storedLimits(db));
  db.exec(ROLLUP_MIGRATION_SQL);
}
