/**
 * Times a source may claim. A clock can run a little ahead; a report dated next year, year 9999
 * or 275760 is an error (it would sort first forever, and such dates break exports), so it is
 * refused into the quarantine with the reason.
 */

/** How far ahead of the console's clock a source's time may be, by default: one day. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 3600_000;

/**
 * The longest a CAP alert may stay in force after it was sent: 31 days. An `expires` (or
 * `effective`/`onset`) further after `sent` is refused — a weather or flood warning is never
 * issued for months, and one expiring in 9999 would stay in force for good.
 */
export const MAX_ALERT_SPAN_MS = 31 * 86_400_000;

const hours = (ms: number): string => (ms % 3600_000 === 0 ? `${ms / 3600_000} h` : `${Math.round(ms / 1000)} s`);

/** Why `time` (epoch ms) of `field` is refused — more than `skewMs` after `now` — or undefined when acceptable. */
export function futureTimeProblem(field: string, time: number, now: number, skewMs = DEFAULT_MAX_FUTURE_SKEW_MS): string | undefined {
  if (time <= now + skewMs) return undefined;
  const when = Number.isFinite(new Date(time).getTime()) ? new Date(time).toISOString() : String(time);
  return `${field}: ${when} is more than ${hours(skewMs)} in the future`;
}
