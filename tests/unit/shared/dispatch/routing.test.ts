import { describe, expect, it } from 'vitest';
import { straightLineRouting } from '@shared/dispatch/routing';

describe('straight-line routing', () => {
  const to: [number, number] = [112.0, 27.73];
  const candidates = [
    { id: 'far', lon: 112.1, lat: 27.73, available: true },
    { id: 'busy-near', lon: 112.0005, lat: 27.73, available: false },
    { id: 'near', lon: 112.01, lat: 27.73, available: true },
    { id: 'mid', lon: 112.05, lat: 27.73, available: true },
  ];

  it('ranks the available resources nearest first and says it has no travel time', () => {
    const ranked = straightLineRouting.rank(to, candidates, 2);
    expect(straightLineRouting.basis).toBe('straight-line');
    expect(ranked.map((r) => r.id)).toEqual(['near', 'mid']);
    expect(ranked[0]!.metres).toBeGreaterThan(950);
    expect(ranked[0]!.metres).toBeLessThan(1050);
    expect(ranked.every((r) => r.etaSeconds === null)).toBe(true);
  });

  it('never offers a busy resource, however near', () => {
    expect(straightLineRouting.rank(to, candidates, 10).map((r) => r.id)).not.toContain('busy-near');
  });
});
