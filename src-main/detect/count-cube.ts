import type { Db } from '../store/database';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { emptyCube, type CountCube } from '@shared/detect/prospective';
import { chinaDayStart, dayFromNumber, dayNumber } from '@shared/detect/days';

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** The first and last China day with an incident in the cache, or null when it is empty. */
export function cacheDayRange(db: Db): { first: string; last: string } | null {
  const row = db.prepare('SELECT MIN(reported_at) AS lo, MAX(reported_at) AS hi FROM incidents').get() as { lo: number | null; hi: number | null };
  if (row.lo === null || row.hi === null) return null;
  return { first: dayFromNumber(Math.floor((row.lo + CST_MS) / DAY_MS)), last: dayFromNumber(Math.floor((row.hi + CST_MS) / DAY_MS)) };
}

/**
 * Daily incident counts by category and grid from the cache, days `firstDay`…`lastDay` (China
 * Standard Time), counted in SQL. Incidents outside the 39 grids are left out: every method is
 * about the grids or the grids' city.
 */
export function readCountCube(db: Db, firstDay: string, lastDay: string): CountCube {
  const days = dayNumber(lastDay) - dayNumber(firstDay) + 1;
  if (days < 1) throw new RangeError('the last day is before the first');
  const from = chinaDayStart(firstDay);
  const to = chinaDayStart(lastDay) + DAY_MS;
  const rows = db
    .prepare(
      `SELECT category, grid_id AS grid, CAST((reported_at + ?) / ? AS INTEGER) AS day, COUNT(*) AS n
         FROM incidents WHERE reported_at >= ? AND reported_at < ? AND grid_id IS NOT NULL
        GROUP BY category, grid_id, day`,
    )
    .all(CST_MS, DAY_MS, from, to) as { category: string; grid: string; day: number; n: number }[];
  const grids = LOUDI_GRIDS.map((g) => g.id);
  const gridIndex = new Map(grids.map((g, i) => [g, i]));
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  const cube = emptyCube(categories, grids, firstDay, days);
  const first = dayNumber(firstDay);
  for (const r of rows) {
    const g = gridIndex.get(r.grid);
    if (g === undefined) continue;
    cube.counts[((r.day - first) * categories.length + categoryIndex.get(r.category)!) * grids.length + g] = r.n;
  }
  return cube;
}
