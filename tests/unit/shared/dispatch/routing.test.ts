import { describe, expect, it } from 'vitest';
import type { Position } from '@shared/geo/geometry';
import { DEFAULT_STRAIGHT_LINE, ResourceRanker, straightLineEstimator, type TravelEstimator } from '@shared/dispatch/routing';

describe('dispatch ranking', () => {
  const to: Position = [112.0, 27.73];
  const candidates = [
    { id: 'far', lon: 112.1, lat: 27.73, available: true },
    { id: 'busy-near', lon: 112.0005, lat: 27.73, available: false },
    { id: 'near', lon: 112.01, lat: 27.73, available: true },
    { id: 'mid', lon: 112.05, lat: 27.73, available: true },
  ];

  it('ranks the available resources nearest first, with a travel time from the straight line × detour at the urban speed', () => {
    const ranked = new ResourceRanker(candidates).rank(to, 2);
    expect(ranked.map((r) => r.id)).toEqual(['near', 'mid']);
    const near = ranked[0]!;
    expect(near.metres).toBeGreaterThan(950);
    expect(near.metres).toBeLessThan(1050);
    expect(near.roadMetres).toBe(Math.round(near.metres * DEFAULT_STRAIGHT_LINE.detourFactor));
    // 1.4 × ~986 m at 25 km/h ≈ 199 s.
    expect(near.seconds).toBeGreaterThan(190);
    expect(near.seconds).toBeLessThan(210);
  });

  it('never offers a busy resource, however near', () => {
    expect(new ResourceRanker(candidates).rank(to, 10).map((r) => r.id)).not.toContain('busy-near');
  });

  it('leaves out resources beyond the search radius', () => {
    expect(new ResourceRanker(candidates).rank(to, 10, { maxKm: 6 }).map((r) => r.id)).toEqual(['near', 'mid']);
  });

  it('lets another estimator (a road graph) reorder the nearest candidates by its travel time', () => {
    // A river between the case and `near`: the road graph sends it the long way round.
    const roads: TravelEstimator = {
      basis: 'road-graph',
      assumption: null,
      estimate(from, dest) {
        const s = straightLineEstimator().estimate(from, dest);
        return from[0] === 112.01 ? { ...s, roadMetres: 20_000, seconds: 2400 } : s;
      },
    };
    const ranked = new ResourceRanker(candidates, roads).rank(to, 2);
    expect(ranked.map((r) => r.id)).toEqual(['mid', 'far']);
  });

  it('states its assumption so the screen can show it', () => {
    const e = straightLineEstimator({ detourFactor: 1.3, speedKmh: 30 });
    expect(e.basis).toBe('straight-line');
    expect(e.assumption).toEqual({ detourFactor: 1.3, speedKmh: 30 });
    expect(new ResourceRanker([], e).rank(to, 3)).toEqual([]);
  });
});
