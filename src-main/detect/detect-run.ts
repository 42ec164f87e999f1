import { LOUDI_GRIDS } from '@shared/geo/grids';
import { zonesByDistance } from '@shared/detect/scan';
import { DEFAULT_SCAN_SETTINGS, mergeAlarms, scanAlarms, temporalAlarms, type DayAlarm } from '@shared/detect/prospective';
import { TEMPORAL_METHODS, type Signal } from '@shared/detect/signal';
import { chinaDay, dayFromNumber, dayNumber } from '@shared/detect/days';
import type { Db } from '../store/database';
import { cacheDayRange, readCountCube } from './count-cube';

/** A category's series is judged once the cache has held it this many days (EARS C1's baseline, the shortest). */
export const MIN_HISTORY_DAYS = 7;

/** Days of history before the first analysed day, so that every method has its baseline. */
export const WARMUP_DAYS = Math.max(40, DEFAULT_SCAN_SETTINGS.studyDays + 1);

/**
 * Every method run prospectively over the cache's days `from`…`to` (each day judged only on the
 * days up to it), alarms merged into signals. The command line's `signals` and the console's
 * signal thread both run this.
 */
export function detectSignals(db: Db, from?: string, to?: string): { from: string; to: string; signals: Signal[] } | null {
  const range = cacheDayRange(db);
  if (!range) return null;
  const last = to ?? range.last;
  const first = from ?? range.first;
  if (dayNumber(last) < dayNumber(first)) throw new RangeError('the last day is before the first');
  const firstDay = dayFromNumber(dayNumber(first) - WARMUP_DAYS);
  const cube = readCountCube(db, firstDay, last);
  const zones = zonesByDistance(LOUDI_GRIDS.map((g) => g.center));
  const alarms: DayAlarm[] = [];
  for (const method of TEMPORAL_METHODS) alarms.push(...temporalAlarms(cube, method, WARMUP_DAYS, cube.days - 1));
  alarms.push(...scanAlarms(cube, zones, WARMUP_DAYS, cube.days - 1));
  // A category the cache has only just begun to receive (a new feed, a console's first day) has
  // no baseline yet: zeros before its first incident are not a quiet past, and every method would
  // call its arrival an outbreak.
  const since = new Map(
    (db.prepare('SELECT category, MIN(reported_at) AS first FROM incidents GROUP BY category').all() as { category: string; first: number }[]).map((r) => [
      r.category,
      dayNumber(chinaDay(r.first)) + MIN_HISTORY_DAYS,
    ]),
  );
  const signals = mergeAlarms(alarms, cube.firstDay).filter((s) => dayNumber(s.start) >= (since.get(s.category) ?? Infinity));
  return { from: first, to: last, signals };
}
