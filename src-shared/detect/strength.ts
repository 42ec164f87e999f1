import type { Signal } from './signal';

// Apart from the signal schemas (re-exported there) so the renderer's shell loads no zod.

/**
 * A signal strong enough to raise the console's alert: a recurrence interval of a year or more, or
 * (methods without a p-value) at least three times the expected count.
 */
export function isStrongSignal(s: Pick<Signal, 'recurrenceDays' | 'observed' | 'expected'>): boolean {
  if (s.recurrenceDays !== null) return s.recurrenceDays >= 365;
  return s.observed >= 3 * Math.max(s.expected, 1);
}

/** Strongest first: strong signals, then by recurrence interval, then by observed ÷ expected. */
export function compareSignalStrength(a: Pick<Signal, 'recurrenceDays' | 'observed' | 'expected'>, b: Pick<Signal, 'recurrenceDays' | 'observed' | 'expected'>): number {
  const strong = Number(isStrongSignal(b)) - Number(isStrongSignal(a));
  if (strong) return strong;
  const r = (b.recurrenceDays ?? 0) - (a.recurrenceDays ?? 0);
  if (r) return r;
  return b.observed / Math.max(b.expected, 0.5) - a.observed / Math.max(a.expected, 0.5);
}
