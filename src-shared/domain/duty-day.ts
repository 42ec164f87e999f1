/**
 * The duty day (值班日): the command centre's "today". A duty day runs from 08:00 China Standard
 * Time (UTC+8, no daylight saving) to 08:00 the next day, whatever the zone of the machine
 * showing it, so 03:00 on the 29th is still the 28th's night shift. Every "today" in the console
 * (the header's duty date, the list's count, the case statistics) is this one.
 */

/** The hour (China time) a duty day begins. */
export const DUTY_DAY_START_HOUR = 8;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date of a duty day, in China. */
export interface DutyDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** Epoch ms at which the duty day containing `ms` began (08:00 China time). */
export function dutyDayStart(ms: number): number {
  const shifted = ms + CHINA_OFFSET_MS - DUTY_DAY_START_HOUR * 3_600_000;
  return Math.floor(shifted / DAY_MS) * DAY_MS - CHINA_OFFSET_MS + DUTY_DAY_START_HOUR * 3_600_000;
}

/** Epoch ms at which the duty day containing `ms` ends (the next 08:00 China time, exclusive). */
export function dutyDayEnd(ms: number): number {
  return dutyDayStart(ms) + DAY_MS;
}

/** The China calendar date the duty day containing `ms` is named after (the date it began). */
export function dutyDate(ms: number): DutyDate {
  const d = new Date(dutyDayStart(ms) + CHINA_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** Whether `ms` falls in the duty day that contains `now`. */
export function inDutyDay(ms: number, now: number): boolean {
  const start = dutyDayStart(now);
  return ms >= start && ms < start + DAY_MS;
}
