import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * Temporal aberration detection on one daily count series: CDC's EARS C1, C2 and C3 (as R's
 * `surveillance::earsC` computes them), the ESSENCE EWMA (CDC NSSP's documented algorithm) and a
 * Poisson CUSUM (log-likelihood-ratio form; with fixed rates it is R's `surveillance::algo.cusum`
 * with `trans = "none"`). Every function takes the whole series and returns one value per index:
 * `null` where the method cannot evaluate (not enough history). Pure and synchronous.
 */

/** One evaluated day of one method. */
export interface TemporalPoint {
  /** Index into the input series. */
  index: number;
  observed: number;
  /** The baseline the method compares against (mean of its reference days). */
  expected: number;
  /** The smallest count that day that would have raised an alarm (null when undefined, e.g. a zero-variance baseline). */
  upperbound: number | null;
  alarm: boolean;
  /** One-sided p-value of the day's statistic under the method's own model, when it has one. */
  pValue: number | null;
  /** The method's own statistic (the CUSUM sum S_t, in log-likelihood-ratio units), when it is not a p-value. */
  statistic?: number;
}

export type EarsMethod = 'C1' | 'C2' | 'C3';

export interface EarsOptions {
  method: EarsMethod;
  /** Reference days (R: `baseline`, default 7, at least 3). */
  baseline?: number;
  /** One-sided level (R: 0.001 for C1/C2, 0.025 for C3). */
  alpha?: number;
  /** Floor on the reference standard deviation (R: `minSigma`, default 0). */
  minSigma?: number;
}

function mean(xs: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
}

/** Sample standard deviation (n − 1), as R's `sd`. */
function sd(xs: ArrayLike<number>, from: number, to: number, m: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (to - from - 1));
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The lag between a day and the last day of its reference window: C1 uses the 7 days before, C2/C3 skip 2. */
export function earsFirstIndex(method: EarsMethod, baseline = 7): number {
  return method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
}

/**
 * EARS C1/C2/C3 exactly as `surveillance::earsC` (1.20): the upper bound of day t is the reference
 * mean + z(1−α)·max(sd, minSigma) for C1 (days t−7…t−1) and C2 (t−9…t−3); C3 adds the positive
 * parts of the two previous days' C2 statistics minus 1, so its bound is
 * x_t + max(sd, minSigma)·(z − Σ max(0, C2_{t−i} − 1)), floored at 0. Alarm: observed > bound.
 */
export function earsC(counts: ArrayLike<number>, options: EarsOptions): (TemporalPoint | null)[] {
  const method = options.method;
  const baseline = options.baseline ?? 7;
  const minSigma = options.minSigma ?? 0;
  if (baseline < 3) throw new RangeError('EARS needs a baseline of at least 3 days');
  if (minSigma < 0) throw new RangeError('minSigma must not be negative');
  const alpha = options.alpha ?? (method === 'C3' ? 0.025 : 0.001);
  const z = normalQuantile(1 - alpha, 0, 1);
  const gap = method === 'C1' ? 0 : 2;
  const first = earsFirstIndex(method, baseline);
  const ref = (t: number): { m: number; s: number } => {
    const to = t - gap;
    const m = mean(counts, to - baseline, to);
    return { m, s: Math.max(sd(counts, to - baseline, to, m), minSigma) };
  };
  const c2 = (t: number): number => {
    const { m, s } = ref(t);
    return (counts[t]! - m) / s;
  };
  const out: (TemporalPoint | null)[] = new Array<TemporalPoint | null>(counts.length).fill(null);
  for (let t = first; t < counts.length; t++) {
    const x = counts[t]!;
    const { m, s } = ref(t);
    let ub: number;
    let stat: number;
    if (method === 'C3') {
      const lag = Math.max(0, c2(t - 2) - 1) + Math.max(0, c2(t - 1) - 1);
      // R 1.20 writes the bound around the day's own count, so the alarm (x > bound) depends on
      // the two previous days' C2 statistics only; kept as is for parity.
      ub = Math.max(0, x + s * (z - lag));
      stat = lag;
    } else {
      ub = m + z * s;
      stat = (x - m) / s;
    }
    const upperbound = finite(ub);
    const p = finite(stat) === null ? null : 1 - normalCdf(stat);
    out[t] = { index: t, observed: x, expected: m, upperbound, alarm: upperbound !== null && x > upperbound, pValue: p };
  }
  return out;
}

/** Standard normal CDF via the complementary error function (Abramowitz–Stegun 7.1.26 is too coarse; use erfc series). */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erfc with relative error < 1.2e-7 (Numerical Recipes' Chebyshev fit); used only for reporting p-values. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export interface EwmaOptions {
  /** Baseline days (ESSENCE: 28; evaluation starts with 7). */
  baseline?: number;
  /** Guard band between the baseline and the tested day (ESSENCE: 2). */
  guard?: number;
  /** Smoothing for gradual rises (ESSENCE: 0.4). */
  w1?: number;
  /** Smoothing for sudden rises (ESSENCE: 0.9, close to C2). */
  w2?: number;
  /** Alarm when the smaller p-value is below this (ESSENCE red: 0.01). */
  alpha?: number;
  /** `alarms`: compute the (costly) t p-value only on alarm days; `all` (default) on every day. */
  pValues?: 'all' | 'alarms';
}

const MIN_EWMA_BASELINE = 7;

/** Student t quantiles by degrees of freedom for one probability: few distinct values, each costly. */
function quantileTable(p: number): (df: number) => number {
  const table: number[] = [];
  return (df) => (table[df] ??= tQuantile(p, df));
}
const QT_99 = quantileTable(0.99);
const QT_95 = quantileTable(0.95);
const qtByAlpha = new Map<number, (df: number) => number>();

/**
 * The ESSENCE EWMA as CDC NSSP documents it (Rnssp `alert_ewma`): two EWMAs (w1 = 0.4, w2 = 0.9)
 * of the series, each compared with the mean of a baseline of up to 28 days ending 3 days before
 * the tested day; the standard error is the baseline's sd times the EWMA variance correction plus
 * ESSENCE's small-count constant, floored; the statistic is referred to Student's t with n − 1
 * degrees of freedom; an EWMA that went beyond the alert limit is pulled back to it so one spike
 * does not mask the days after. The day's p-value is the smaller of the two.
 */
export function essenceEwma(counts: ArrayLike<number>, options: EwmaOptions = {}): (TemporalPoint | null)[] {
  const B = options.baseline ?? 28;
  const g = options.guard ?? 2;
  const ws = [options.w1 ?? 0.4, options.w2 ?? 0.9];
  const alpha = options.alpha ?? 0.01;
  if (B < MIN_EWMA_BASELINE) throw new RangeError('the EWMA baseline must be at least 7 days');
  if (g < 0) throw new RangeError('the guard band must not be negative');
  const out: (TemporalPoint | null)[] = new Array<TemporalPoint | null>(counts.length).fill(null);
  if (counts.length === 0) return out;
  let qtLimit = qtByAlpha.get(alpha);
  if (!qtLimit) qtByAlpha.set(alpha, (qtLimit = quantileTable(1 - alpha)));
  const zs = ws.map(() => counts[0]!);
  const first = MIN_EWMA_BASELINE + g; // 0-based index of the first tested day
  for (let i = 1; i < Math.min(first, counts.length); i++) {
    ws.forEach((w, k) => (zs[k] = w * counts[i]! + (1 - w) * zs[k]!));
  }
  for (let i = first; i < counts.length; i++) {
    const to = i - g; // exclusive end of the baseline
    const from = Math.max(0, to - B);
    const n = to - from;
    const df = n - 1;
    const m = mean(counts, from, to);
    const s = sd(counts, from, to, m);
    const uclAlert = Math.round(QT_99(df) * 1e5) / 1e5;
    const uclWarning = Math.round(QT_95(df) * 1e5) / 1e5;
    const limit = qtLimit(df);
    // The smaller p-value is the larger statistic's (same degrees of freedom), and the day alarms
    // when either EWMA crosses, so its bound is the smaller of the two counts that would cross.
    let stat = -Infinity;
    let ub = Infinity;
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      const correction = Math.sqrt(w / (2 - w) + 1 / n - (2 * (1 - w) ** (g + 1) * (1 - (1 - w) ** n)) / n);
      const minSigma = (w / uclWarning) * (0.01 + 0.05 * (1 - w) ** 2);
      const constant = (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(10 * 0.05)) * (w / uclWarning);
      const sigma = Math.max(minSigma, s * correction + constant);
      const prev = zs[k]!;
      let zi = w * counts[i]! + (1 - w) * prev;
      const t = (zi - m) / sigma;
      ub = Math.min(ub, (m + limit * sigma - (1 - w) * prev) / w);
      if (Math.abs(t) > uclAlert) zi = m + Math.sign(t) * uclAlert * sigma;
      zs[k] = zi;
      stat = Math.max(stat, t);
    }
    const alarm = stat > limit;
    const pValue = alarm || options.pValues !== 'alarms' ? 1 - tCdf(stat, df) : null;
    out[i] = { index: i, observed: counts[i]!, expected: m, upperbound: finite(ub), alarm, pValue };
  }
  return out;
}

export interface PoissonCusumOptions {
  /** Baseline days for the in-control rate λ0 (default 28). */
  baseline?: number;
  /** Days between the baseline and the tested day (default 2). */
  guard?: number;
  /** The shift to detect: λ1 = λ0 + max(λ0·(ratio − 1), minShift). Defaults: doubling, at least 3 a day. */
  ratio?: number;
  minShift?: number;
  /** Floor on λ0 so an empty baseline still has a rate (default 0.1 a day). */
  minRate?: number;
  /** Decision interval in log-likelihood-ratio units (default 7: about 1,100 in-control days between false alarms). */
  h?: number;
  /** A fixed in-control rate instead of the moving baseline; the chart then runs from the first day. */
  lambda0?: number;
}

/**
 * The Poisson CUSUM in log-likelihood-ratio form: S_t = max(0, S_{t−1} + x_t·ln(λ1/λ0) − (λ1 − λ0)),
 * alarm when S_t ≥ h. λ0 is the mean of a moving baseline (28 days ending 3 days before), so the
 * chart follows slow changes; λ1 is the rate it is tuned to detect. With λ0 and λ1 fixed this is
 * Lucas's Poisson CUSUM with reference value k = (λ1 − λ0)/ln(λ1/λ0) and interval h/ln(λ1/λ0) —
 * R's `algo.cusum(trans = "none")`. The upper bound is the count that would have reached h that day.
 */
export function poissonCusum(counts: ArrayLike<number>, options: PoissonCusumOptions = {}): (TemporalPoint | null)[] {
  const B = options.baseline ?? 28;
  const g = options.guard ?? 2;
  const ratio = options.ratio ?? 2;
  const minShift = options.minShift ?? 3;
  const minRate = options.minRate ?? 0.1;
  const h = options.h ?? 7;
  const out: (TemporalPoint | null)[] = new Array<TemporalPoint | null>(counts.length).fill(null);
  let S = 0;
  const first = options.lambda0 === undefined ? MIN_EWMA_BASELINE + g : 0;
  for (let i = first; i < counts.length; i++) {
    const to = i - g;
    const l0 = options.lambda0 ?? Math.max(minRate, mean(counts, Math.max(0, to - B), to));
    const l1 = l0 + Math.max(l0 * (ratio - 1), minShift);
    const r = Math.log(l1 / l0);
    const x = counts[i]!;
    const ub = (h + (l1 - l0) - S) / r;
    S = Math.max(0, S + x * r - (l1 - l0));
    out[i] = { index: i, observed: x, expected: l0, upperbound: Math.max(0, ub), alarm: S >= h, pValue: null, statistic: S };
  }
  return out;
}
