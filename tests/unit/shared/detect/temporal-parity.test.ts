import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earsC, essenceEwma, poissonCusum, type EarsMethod } from '@shared/detect/temporal';

/** Fixtures made by tests/fixtures/detect/make-ears.R (surveillance::earsC, algo.cusum; the documented ESSENCE EWMA). */
interface Reference {
  series: {
    name: string;
    counts: number[];
    ears: { method: EarsMethod; alpha: number | null; minSigma: number; baseline: number; firstIndex: number; upperbound: (number | null)[]; alarm: (boolean | null)[] }[];
    cusum: { lambda0: number; lambda1: number; h: number; cusum: number[]; alarm: boolean[] }[];
    ewma: { expected: (number | null)[]; pValue: (number | null)[]; alarm: (boolean | null)[] };
  }[];
}

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/detect/reference.json'), 'utf8')) as Reference;

describe('temporal methods match R on the committed fixtures', () => {
  for (const s of reference.series) {
    for (const run of s.ears) {
      it(`EARS ${run.method} (α ${run.alpha ?? 'default'}, minSigma ${run.minSigma}, baseline ${run.baseline}) on "${s.name}": bounds to 1e-6, same alarms`, () => {
        const points = earsC(s.counts, { method: run.method, baseline: run.baseline, minSigma: run.minSigma, ...(run.alpha === null ? {} : { alpha: run.alpha }) });
        expect(points.findIndex((p) => p !== null)).toBe(run.firstIndex);
        run.upperbound.forEach((ub, i) => {
          const p = points[run.firstIndex + i]!;
          if (ub === null) expect(p.upperbound).toBeNull();
          else expect(Math.abs(p.upperbound! - ub)).toBeLessThan(1e-6);
          expect(p.alarm).toBe(run.alarm[i] ?? false);
        });
      });
    }
    for (const run of s.cusum) {
      it(`Poisson CUSUM (λ0 ${run.lambda0.toFixed(2)} → λ1 ${run.lambda1.toFixed(2)}, h ${run.h}) on "${s.name}" equals algo.cusum(trans = "none")`, () => {
        const points = poissonCusum(s.counts, { lambda0: run.lambda0, ratio: run.lambda1 / run.lambda0, minShift: 0, h: run.h });
        const scale = Math.log(run.lambda1 / run.lambda0);
        run.cusum.forEach((c, i) => {
          expect(Math.abs(points[i]!.statistic! / scale - c)).toBeLessThan(1e-6);
          expect(points[i]!.alarm).toBe(run.alarm[i]);
        });
      });
    }
    it(`ESSENCE EWMA on "${s.name}": expected and p-values to 1e-6, same alarms`, () => {
      const points = essenceEwma(s.counts);
      s.ewma.expected.forEach((e, i) => {
        const p = points[i];
        if (e === null) return expect(p).toBeNull();
        expect(Math.abs(p!.expected - e)).toBeLessThan(1e-6);
        expect(Math.abs(p!.pValue! - s.ewma.pValue[i]!)).toBeLessThan(1e-6);
        expect(p!.alarm).toBe(s.ewma.alarm[i]);
      });
    });
  }
});

describe('temporal methods', () => {
  it('EARS C1 raises an alarm on a day far above its week, and its bound is what the alarm compares', () => {
    const counts = [5, 6, 4, 5, 7, 5, 6, 20];
    const p = earsC(counts, { method: 'C1' })[7]!;
    expect(p.alarm).toBe(true);
    expect(p.expected).toBeCloseTo(38 / 7, 9);
    expect(p.observed).toBeGreaterThan(p.upperbound!);
  });

  it('refuses a baseline shorter than 3 days', () => {
    expect(() => earsC([1, 2, 3, 4], { method: 'C1', baseline: 2 })).toThrow(RangeError);
  });

  it('the EWMA upper bound is the count at which the day would alarm', () => {
    const counts = Array.from({ length: 40 }, (_, i) => 5 + (i % 3));
    const points = essenceEwma(counts);
    const last = points[39]!;
    const bumped = essenceEwma([...counts.slice(0, 39), Math.ceil(last.upperbound! + 1e-9)])[39]!;
    const below = essenceEwma([...counts.slice(0, 39), Math.floor(last.upperbound! - 1e-9)])[39]!;
    expect(bumped.alarm).toBe(true);
    expect(below.alarm).toBe(false);
  });

  it('the Poisson CUSUM alarms on a sustained doubling and not on the flat series before it', () => {
    const flat = Array.from({ length: 40 }, (_, i) => [4, 5, 6, 5][i % 4]!);
    const points = poissonCusum([...flat, 12, 12, 13, 12]);
    expect(points.slice(0, 40).some((p) => p?.alarm)).toBe(false);
    expect(points.slice(40).some((p) => p?.alarm)).toBe(true);
  });
});
