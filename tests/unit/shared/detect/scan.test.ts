import { describe, expect, it } from 'vitest';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { mulberry32, poisson } from '@shared/prng';
import { spaceTimePermutationScan, zonesByDistance } from '@shared/detect/scan';

const G = LOUDI_GRIDS.length;
const zones = zonesByDistance(LOUDI_GRIDS.map((g) => g.center));

function background(seed: number, days: number, perGrid: number): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: days * G }, () => poisson(rnd, perGrid));
}

describe('space-time permutation scan', () => {
  it('zones start with their centre and grow by distance to neighbouring grids', () => {
    const zone = zones[10]!;
    expect(zone[0]).toBe(10);
    expect(zone).toHaveLength(G);
    const d = (j: number): number => Math.hypot(LOUDI_GRIDS[j]!.center[0] - LOUDI_GRIDS[10]!.center[0], LOUDI_GRIDS[j]!.center[1] - LOUDI_GRIDS[10]!.center[1]);
    expect(d(zone[1]!)).toBeLessThanOrEqual(d(zone[6]!));
  });

  it('finds a planted two-day cluster in one grid, with a recurrence interval of 1,000 days', () => {
    const counts = background(7, 30, 1);
    for (const day of [28, 29]) counts[day * G + 17]! += 8;
    const cluster = spaceTimePermutationScan({ days: 30, grids: G, counts }, zones, { seed: 1 })!;
    expect(cluster.grids).toContain(17);
    expect(cluster.window).toBeLessThanOrEqual(3);
    expect(cluster.observed).toBeGreaterThan(cluster.expected * 2);
    expect(cluster.pValue).toBe(1 / 1000);
    expect(cluster.recurrenceDays).toBe(1000);
  });

  it('on history with nothing planted the best cluster is not significant', () => {
    const significant = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => {
      const c = spaceTimePermutationScan({ days: 30, grids: G, counts: background(seed * 101, 30, 2) }, zones, { seed, replicates: 199 });
      return c !== null && c.pValue <= 0.01;
    });
    expect(significant.length).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed, and stops early once the cluster is known to be weak', () => {
    const input = { days: 30, grids: G, counts: background(3, 30, 1) };
    const a = spaceTimePermutationScan(input, zones, { seed: 5, replicates: 299 });
    const b = spaceTimePermutationScan(input, zones, { seed: 5, replicates: 299 });
    expect(a).toEqual(b);
    const quick = spaceTimePermutationScan(input, zones, { seed: 5, replicates: 999, stopAfterExceedances: 5 })!;
    expect(quick.replicates).toBeLessThan(999);
    expect(quick.pValue).toBeGreaterThan(0.001);
  });

  it('refuses counts that do not fit the grid and day dimensions', () => {
    expect(() => spaceTimePermutationScan({ days: 2, grids: G, counts: [1, 2] }, zones)).toThrow(RangeError);
  });
});
