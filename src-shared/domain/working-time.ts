// A CommonJS package: Node's ESM loader sees only its default export.
import chineseDays from 'chinese-days';

const { isWorkday } = chineseDays;

/**
 * The working-day clock for 按期 (on time): limits of grid-governance and city-management cases
 * run in working hours, on China's working days — weekends and public holidays off, make-up
 * working days (调休) on — from the maintained `chinese-days` calendar, not a hand list.
 * Working hours are 08:30–12:00 and 14:30–18:00 China Standard Time (7 hours a day).
 */
export const WORKING_PERIODS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60 + 30, 18 * 60],
];
const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

const dayCache = new Map<number, boolean>();

/** Whether a China day (days since 1970-01-01, UTC+8) is a working day. */
export function isWorkingDay(chinaDay: number): boolean {
  let w = dayCache.get(chinaDay);
  if (w === undefined) {
    w = isWorkday(new Date(chinaDay * DAY).toISOString().slice(0, 10));
    dayCache.set(chinaDay, w);
  }
  return w;
}

/** Working minutes between two instants (0 when `to` ≤ `from`). */
export function workingMinutesBetween(from: number, to: number): number {
  if (!(to > from)) return 0;
  let total = 0;
  const first = Math.floor((from + OFFSET) / DAY);
  const last = Math.floor((to + OFFSET) / DAY);
  for (let d = first; d <= last; d++) {
    if (!isWorkingDay(d)) continue;
    const start = d * DAY - OFFSET;
    for (const [a, b] of WORKING_PERIODS) {
      const lo = Math.max(from, start + a * MINUTE);
      const hi = Math.min(to, start + b * MINUTE);
      if (hi > lo) total += (hi - lo) / MINUTE;
    }
  }
  return total;
}

/** The instant `minutes` working minutes after `from` (a limit's deadline). */
export function addWorkingMinutes(from: number, minutes: number): number {
  let left = minutes;
  let d = Math.floor((from + OFFSET) / DAY);
  // A limit of years would be a configuration error; stop after ten years of days.
  for (let guard = 0; guard < 3660; guard++, d++) {
    if (!isWorkingDay(d)) continue;
    const start = d * DAY - OFFSET;
    for (const [a, b] of WORKING_PERIODS) {
      const lo = Math.max(from, start + a * MINUTE);
      const hi = start + b * MINUTE;
      if (hi <= lo) continue;
      const span = (hi - lo) / MINUTE;
      if (left <= span) return lo + left * MINUTE;
      left -= span;
    }
  }
  return Number.POSITIVE_INFINITY;
}
