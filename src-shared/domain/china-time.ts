/**
 * China Standard Time (UTC+8 all year, no daylight saving): the days and months the city counts
 * by. A China day is numbered from 1970-01-01 (China time); a China month is year × 12 + month − 1.
 */

const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** China Standard Time's offset from UTC. */
export const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** The China day of an instant. */
export const chinaDay = (ms: number): number => Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);

/** The first instant (China midnight) of a China day. */
export const chinaDayStart = (day: number): number => day * DAY_MS - CHINA_OFFSET_MS;

/** The China month of an instant. */
export function chinaMonth(ms: number): number {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The China month a China day falls in. */
export const chinaMonthOfDay = (day: number): number => chinaMonth(chinaDayStart(day));

/** The first China day of a China month. */
export const chinaMonthFirstDay = (month: number): number => Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 in China Standard Time (+08:00), as the city's systems write it. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
  );
}
