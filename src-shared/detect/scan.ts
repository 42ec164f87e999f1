import { haversineMetres, type Position } from '../geo/geometry';
import { mulberry32 } from '../prng';

/**
 * The prospective space-time permutation scan statistic (Kulldorff et al. 2005, PLoS Med 2(3):e59)
 * over the responsibility grids: every cylinder whose base is a grid and its nearest neighbours
 * (by centroid, up to `maxZoneSize` grids) and whose height is the last 1…`maxWindow` days is
 * compared with what the grid's share of the study period and the day's share of the city would
 * give; the most unlikely cylinder is the candidate cluster, and its significance comes from
 * Monte Carlo replicates in which the days of the cases are shuffled among them (seeded).
 *
 * Only case counts are needed, no population: the expected count of a cylinder is
 * μ = C_zone · C_window / C, which already absorbs purely spatial differences (busy grids) and purely
 * temporal ones (weekends, holidays, a city-wide surge), so what remains is space-time interaction.
 */

/** Case counts of one category: `counts[day * grids + grid]`, the last day being the analysis day. */
export interface ScanCounts {
  days: number;
  grids: number;
  counts: ArrayLike<number>;
}

export interface ScanOptions {
  /** Longest window in days ending on the analysis day (1…maxWindow are all tried). */
  maxWindow?: number;
  /** Grids per zone at most, the centre included (zones are nested by distance). */
  maxZoneSize?: number;
  /** Monte Carlo replicates (999 gives p down to 0.001, a recurrence interval up to 1,000 days). */
  replicates?: number;
  /** PRNG seed, so that a scan is reproducible. */
  seed?: number;
  /** A cylinder must hold at least this many cases to count as a cluster. */
  minCases?: number;
  /**
   * Stop the replicates once this many have reached the observed statistic (sequential Monte Carlo,
   * Besag & Clifford 1991): the cluster is then known to be weaker than the threshold the caller
   * cares about, and the rest would be wasted. Infinity (the default) always runs them all.
   */
  stopAfterExceedances?: number;
}

/** The most likely cluster of one analysis. */
export interface ScanCluster {
  /** Grid indices, the centre first. */
  grids: number[];
  /** Days in the window (the window ends on the analysis day). */
  window: number;
  observed: number;
  expected: number;
  /** Log-likelihood ratio. */
  llr: number;
  /** Monte Carlo p-value, (exceedances + 1) / (replicates run + 1). */
  pValue: number;
  /** 1/p in days: with one analysis a day, how often a cluster this strong would appear by chance. */
  recurrenceDays: number;
  /** Replicates actually run (fewer than asked when stopped early). */
  replicates: number;
}

/** For each grid, all grids ordered by centroid distance (itself first): the nested zones of the scan. */
export function zonesByDistance(centers: readonly Position[]): number[][] {
  return centers.map((c, i) =>
    centers
      .map((d, j) => ({ j, dist: i === j ? -1 : haversineMetres(c, d) }))
      .sort((a, b) => a.dist - b.dist || a.j - b.j)
      .map((e) => e.j),
  );
}

function llr(c: number, mu: number, total: number): number {
  if (c <= mu) return 0;
  const rest = total - c;
  const restMu = total - mu;
  return c * Math.log(c / mu) + (rest > 0 ? rest * Math.log(rest / restMu) : 0);
}

interface Best {
  llr: number;
  center: number;
  size: number;
  window: number;
  observed: number;
  expected: number;
}

/**
 * The best cylinder for recent counts `recent[w * G + g]` (cases of grid g in the last w + 1 days,
 * cumulative), with zone totals and window totals fixed by the study period.
 */
function bestCylinder(
  recent: Float64Array,
  G: number,
  zones: readonly number[][],
  maxZoneSize: number,
  maxWindow: number,
  gridTotals: Float64Array,
  windowTotals: Float64Array,
  total: number,
  minCases: number,
  acc: Float64Array,
): Best {
  const best: Best = { llr: 0, center: -1, size: 0, window: 0, observed: 0, expected: 0 };
  for (let center = 0; center < G; center++) {
    const zone = zones[center]!;
    acc.fill(0);
    let zoneTotal = 0;
    const size = Math.min(maxZoneSize, zone.length);
    for (let k = 0; k < size; k++) {
      const g = zone[k]!;
      zoneTotal += gridTotals[g]!;
      for (let w = 0; w < maxWindow; w++) {
        const c = (acc[w]! += recent[w * G + g]!);
        if (c < minCases) continue;
        const mu = (zoneTotal * windowTotals[w]!) / total;
        if (c <= mu) continue;
        const l = llr(c, mu, total);
        if (l > best.llr) {
          best.llr = l;
          best.center = center;
          best.size = k + 1;
          best.window = w + 1;
          best.observed = c;
          best.expected = mu;
        }
      }
    }
  }
  return best;
}

/**
 * One prospective analysis: the most likely cluster ending on the last day, with its Monte Carlo
 * p-value and recurrence interval, or null when no cylinder holds more cases than expected.
 */
export function spaceTimePermutationScan(input: ScanCounts, zones: readonly number[][], options: ScanOptions = {}): ScanCluster | null {
  const { days: D, grids: G, counts } = input;
  const maxWindow = Math.min(options.maxWindow ?? 7, D);
  const maxZoneSize = options.maxZoneSize ?? 7;
  const replicates = options.replicates ?? 999;
  const minCases = options.minCases ?? 3;
  const stopAfter = options.stopAfterExceedances ?? Infinity;
  if (counts.length !== D * G) throw new RangeError(`expected ${D * G} counts, got ${counts.length}`);
  if (zones.length !== G) throw new RangeError('one zone list per grid is needed');

  const gridTotals = new Float64Array(G);
  const dayTotals = new Float64Array(D);
  let total = 0;
  for (let d = 0; d < D; d++) {
    for (let g = 0; g < G; g++) {
      const c = counts[d * G + g]!;
      gridTotals[g]! += c;
      dayTotals[d]! += c;
      total += c;
    }
  }
  if (total === 0) return null;
  // windowTotals[w]: cases city-wide in the last w + 1 days.
  const windowTotals = new Float64Array(maxWindow);
  for (let w = 0; w < maxWindow; w++) windowTotals[w] = (w ? windowTotals[w - 1]! : 0) + dayTotals[D - 1 - w]!;

  const recent = new Float64Array(maxWindow * G);
  for (let w = 0; w < maxWindow; w++) {
    for (let g = 0; g < G; g++) recent[w * G + g] = (w ? recent[(w - 1) * G + g]! : 0) + counts[(D - 1 - w) * G + g]!;
  }
  const acc = new Float64Array(maxWindow);
  const observed = bestCylinder(recent, G, zones, maxZoneSize, maxWindow, gridTotals, windowTotals, total, minCases, acc);
  if (observed.center < 0) return null;

  // The grid of every case; a replicate draws which of them fall on each recent day, without
  // replacement (a partial Fisher–Yates shuffle), which is the same as shuffling all the days.
  const labels = new Int32Array(total);
  let n = 0;
  for (let g = 0; g < G; g++) for (let i = 0; i < gridTotals[g]!; i++) labels[n++] = g;
  const recentCases = windowTotals[maxWindow - 1]!;
  const rnd = mulberry32(options.seed ?? 20050301);
  const sim = new Float64Array(maxWindow * G);
  let exceed = 0;
  let ran = 0;
  for (let r = 0; r < replicates; r++) {
    sim.fill(0);
    let pos = 0;
    for (let w = 0; w < maxWindow; w++) {
      const onDay = dayTotals[D - 1 - w]!;
      for (let i = 0; i < onDay; i++, pos++) {
        const j = pos + Math.floor(rnd() * (total - pos));
        const g = labels[j]!;
        labels[j] = labels[pos]!;
        labels[pos] = g;
        sim[w * G + g]! += 1;
      }
    }
    if (pos !== recentCases) throw new Error('replicate lost cases');
    for (let w = 1; w < maxWindow; w++) for (let g = 0; g < G; g++) sim[w * G + g]! += sim[(w - 1) * G + g]!;
    ran += 1;
    if (bestCylinder(sim, G, zones, maxZoneSize, maxWindow, gridTotals, windowTotals, total, minCases, acc).llr >= observed.llr) {
      exceed += 1;
      if (exceed >= stopAfter) break;
    }
  }
  const pValue = (exceed + 1) / (ran + 1);
  return {
    grids: zones[observed.center]!.slice(0, observed.size),
    window: observed.window,
    observed: observed.observed,
    expected: observed.expected,
    llr: observed.llr,
    pValue,
    recurrenceDays: 1 / pValue,
    replicates: ran,
  };
}
