/** Calendar days as `YYYY-MM-DD` in China Standard Time (UTC+8, no daylight saving), the city's day. */

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** The China day of an instant. */
export function chinaDay(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`; throws a RangeError on anything else. */
export function dayNumber(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
  const t = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new RangeError(`"${day}" is not a calendar day`);
  return Math.round(t / DAY_MS);
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a China day starts. */
export function chinaDayStart(day: string): number {
  return dayNumber(day) * DAY_MS - CST_MS;
}
