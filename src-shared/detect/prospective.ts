import { earsC, essenceEwma, poissonCusum, type TemporalPoint } from './temporal';
import { spaceTimePermutationScan } from './scan';
import { clusterKey, type DetectionMethod, type Signal, type TemporalMethod } from './signal';
import { dayFromNumber, dayNumber } from './days';

/**
 * Running the methods prospectively, as they would have run live: each day is judged only on the
 * days up to it. Temporal methods run per category × grid and per category city-wide; the scan runs
 * once per category and day. Alarms on consecutive days about the same thing become one signal.
 */

/** Daily counts by category and grid: `counts[(day * categories + category) * grids + grid]`. */
export interface CountCube {
  categories: readonly string[];
  grids: readonly string[];
  /** The day of index 0, `YYYY-MM-DD` (China Standard Time). */
  firstDay: string;
  days: number;
  counts: Float64Array;
}

export function emptyCube(categories: readonly string[], grids: readonly string[], firstDay: string, days: number): CountCube {
  return { categories, grids, firstDay, days, counts: new Float64Array(days * categories.length * grids.length) };
}

export interface ScanSettings {
  /**
   * Days in the scan's study period, the analysis day last (default 180). The permutation scan
   * takes a grid's expected share from this period, so a short one makes the share of a quiet grid
   * noisy and lets an outbreak inflate its own baseline: on the same simulated draws 180 days
   * detect 67.5 % of the floor set against 55.8 % for 30 days, at 9 and 10 false alarms a year
   * (docs/BENCHMARKS.md, "Detection").
   */
  studyDays: number;
  maxWindow: number;
  maxZoneSize: number;
  replicates: number;
  seed: number;
  /** A cluster is a signal when its recurrence interval is at least this many days. */
  minRecurrenceDays: number;
  minCases: number;
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = {
  studyDays: 180,
  maxWindow: 7,
  maxZoneSize: 3,
  replicates: 999,
  seed: 20050301,
  minRecurrenceDays: 500,
  minCases: 3,
};

/** One day on which one method found something unusual. */
export interface DayAlarm {
  method: DetectionMethod;
  category: string;
  /** Grid ids; empty for a city-wide series. */
  grids: string[];
  /** Cube index of the analysis day. */
  day: number;
  /** Cube index of the first day the alarm is about (the scan's window start; the day itself otherwise). */
  start: number;
  observed: number;
  expected: number;
  pValue: number | null;
}

/** Each temporal method with the parameters the console uses. */
export const TEMPORAL_RUNNERS: Record<TemporalMethod, (counts: ArrayLike<number>) => (TemporalPoint | null)[]> = {
  'ears-c1': (x) => earsC(x, { method: 'C1' }),
  'ears-c2': (x) => earsC(x, { method: 'C2' }),
  'ears-c3': (x) => earsC(x, { method: 'C3' }),
  ewma: (x) => essenceEwma(x, { pValues: 'alarms' }),
  cusum: (x) => poissonCusum(x),
};

/** The series of one category, in one grid (grid index) or city-wide (grid -1). */
export function cubeSeries(cube: CountCube, category: number, grid: number): Float64Array {
  const C = cube.categories.length;
  const G = cube.grids.length;
  const out = new Float64Array(cube.days);
  for (let d = 0; d < cube.days; d++) {
    const base = (d * C + category) * G;
    if (grid >= 0) out[d] = cube.counts[base + grid]!;
    else {
      let s = 0;
      for (let g = 0; g < G; g++) s += cube.counts[base + g]!;
      out[d] = s;
    }
  }
  return out;
}

/** Alarms of one temporal method on every series, on days `from`…`to` (cube indices, inclusive). */
export function temporalAlarms(cube: CountCube, method: TemporalMethod, from: number, to: number): DayAlarm[] {
  const run = TEMPORAL_RUNNERS[method];
  const alarms: DayAlarm[] = [];
  cube.categories.forEach((category, c) => {
    for (let g = -1; g < cube.grids.length; g++) {
      const points = run(cubeSeries(cube, c, g));
      for (let d = Math.max(0, from); d <= Math.min(to, cube.days - 1); d++) {
        const p = points[d];
        if (!p?.alarm) continue;
        alarms.push({ method, category, grids: g < 0 ? [] : [cube.grids[g]!], day: d, start: d, observed: p.observed, expected: p.expected, pValue: p.pValue });
      }
    }
  });
  return alarms;
}

/** The scan's signals-to-be: one analysis per category and day from `from` to `to`. */
export function scanAlarms(cube: CountCube, zones: readonly number[][], from: number, to: number, settings: ScanSettings = DEFAULT_SCAN_SETTINGS): DayAlarm[] {
  const C = cube.categories.length;
  const G = cube.grids.length;
  const D = settings.studyDays;
  const pThreshold = 1 / settings.minRecurrenceDays;
  // p = (k + 1) / (R + 1) ≤ pThreshold ⇔ k ≤ pThreshold·(R + 1) − 1: beyond that, stop counting.
  const maxExceed = Math.floor(pThreshold * (settings.replicates + 1) + 1e-9) - 1;
  const alarms: DayAlarm[] = [];
  const study = new Float64Array(D * G);
  for (let d = Math.max(D - 1, from); d <= Math.min(to, cube.days - 1); d++) {
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < D; k++) {
        const base = ((d - D + 1 + k) * C + c) * G;
        for (let g = 0; g < G; g++) study[k * G + g] = cube.counts[base + g]!;
      }
      if (maxExceed < 0) continue;
      const cluster = spaceTimePermutationScan({ days: D, grids: G, counts: study }, zones, {
        maxWindow: settings.maxWindow,
        maxZoneSize: settings.maxZoneSize,
        replicates: settings.replicates,
        minCases: settings.minCases,
        seed: settings.seed + d * 31 + c,
        stopAfterExceedances: maxExceed + 1,
      });
      if (!cluster || cluster.pValue > pThreshold + 1e-12) continue;
      alarms.push({
        method: 'scan',
        category: cube.categories[c]!,
        grids: cluster.grids.map((g) => cube.grids[g]!),
        day: d,
        start: d - cluster.window + 1,
        observed: cluster.observed,
        expected: cluster.expected,
        pValue: cluster.pValue,
      });
    }
  }
  return alarms;
}

interface OpenSignal {
  method: DetectionMethod;
  category: string;
  grids: Set<string>;
  start: number;
  end: number;
  days: number[];
  observed: number;
  expected: number;
  pValue: number | null;
  /** The scan keeps its strongest day's cylinder; temporal methods sum their alarm days. */
  strongest: number;
}

/**
 * Alarms to signals: a temporal method's alarms on consecutive days of the same series are one
 * signal (observed and expected summed over the alarm days); the scan's clusters of one category on
 * consecutive days that share a grid are one signal (its strongest day's cylinder).
 */
export function mergeAlarms(alarms: readonly DayAlarm[], firstDay: string): Signal[] {
  const sorted = [...alarms].sort((a, b) => a.day - b.day);
  const open: OpenSignal[] = [];
  const done: OpenSignal[] = [];
  for (const a of sorted) {
    // Signals that can no longer be extended are finished.
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.end < a.day - 1) done.push(...open.splice(i, 1));
    const match = open.find(
      (s) =>
        s.method === a.method &&
        s.category === a.category &&
        s.end >= a.day - 1 &&
        (a.method === 'scan' ? a.grids.some((g) => s.grids.has(g)) : s.grids.size === a.grids.length && a.grids.every((g) => s.grids.has(g))),
    );
    const strength = a.pValue === null ? a.observed - a.expected : 1 - a.pValue;
    if (!match) {
      open.push({ method: a.method, category: a.category, grids: new Set(a.grids), start: a.start, end: a.day, days: [a.day], observed: a.observed, expected: a.expected, pValue: a.pValue, strongest: strength });
      continue;
    }
    match.end = a.day;
    match.start = Math.min(match.start, a.start);
    if (!match.days.includes(a.day)) match.days.push(a.day);
    a.grids.forEach((g) => match.grids.add(g));
    if (a.pValue !== null) match.pValue = match.pValue === null ? a.pValue : Math.min(match.pValue, a.pValue);
    if (a.method === 'scan') {
      if (strength > match.strongest) Object.assign(match, { observed: a.observed, expected: a.expected, strongest: strength });
    } else {
      match.observed += a.observed;
      match.expected += a.expected;
    }
  }
  done.push(...open);
  const base = dayNumber(firstDay);
  return done
    .map((s): Signal => {
      const grids = [...s.grids].sort();
      const start = dayFromNumber(base + s.start);
      const key = clusterKey(s.method, s.category, grids);
      const p = s.pValue === null ? null : Math.max(s.pValue, 1e-9);
      return {
        id: `${key}:${start}`,
        clusterKey: key,
        method: s.method,
        category: s.category,
        grids,
        start,
        end: dayFromNumber(base + s.end),
        observed: s.observed,
        expected: Math.max(0, s.expected),
        recurrenceDays: p === null ? null : 1 / p,
        pValue: p,
        alarmDays: s.days.sort((x, y) => x - y).map((d) => dayFromNumber(base + d)),
      };
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}
