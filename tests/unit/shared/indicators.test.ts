import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '@shared/domain/incident';
import { INDICATORS, comparisonRanges, computeIndicators, indicatorChange, type IndicatorInputs } from '@shared/domain/indicators';
import { addWorkingMinutes, isWorkingDay, workingMinutesBetween } from '@shared/domain/working-time';

const statusCounts = fc.dictionary(fc.constantFrom(...STATUSES), fc.nat({ max: 1_000_000 }));
const inputs: fc.Arbitrary<IndicatorInputs> = fc.record({
  byStatus: statusCounts,
  onTimeClosed: fc.nat({ max: 2_000_000 }),
  overdue: fc.nat({ max: 1000 }),
  rework: fc.nat({ max: 1000 }),
  avgStageMinutes: fc.dictionary(fc.constantFrom('reported', 'handling'), fc.double({ min: 0, max: 1e5, noNaN: true })),
});

describe('indicator catalogue', () => {
  it('every indicator has an id, Chinese and English names, a unit and a formula', () => {
    for (const d of INDICATORS) {
      expect(d.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.en.length).toBeGreaterThan(2);
      expect(d.formula.zh && d.formula.en).toBeTruthy();
    }
  });

  it('counts a case the source lists as received (Open311 open) as received: 1,878 closed of 1,964 is 95.62%', () => {
    const v = computeIndicators({ byStatus: { closed: 1878, reported: 86 }, onTimeClosed: 1800, overdue: 0, rework: 0, avgStageMinutes: {} });
    expect(v).toMatchObject({ received: 1964, closed: 1878, closureRate: 0.9562 });
  });

  it('every rate is in [0, 1], whatever the counts', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const v = computeIndicators(i);
        for (const d of INDICATORS.filter((x) => x.unit === 'ratio')) {
          expect(v[d.id]).toBeGreaterThanOrEqual(0);
          expect(v[d.id]).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('sums of parts equal the totals: received of two disjoint sets is the sum, and the stages nest', () => {
    fc.assert(
      fc.property(statusCounts, statusCounts, (a, b) => {
        const base = { onTimeClosed: 0, overdue: 0, rework: 0, avgStageMinutes: {} };
        const sum: Record<string, number> = { ...a };
        for (const [k, n] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + n;
        const [va, vb, vs] = [computeIndicators({ ...base, byStatus: a }), computeIndicators({ ...base, byStatus: b }), computeIndicators({ ...base, byStatus: sum })];
        for (const id of ['received', 'registered', 'dispatched', 'closed'] as const) expect(vs[id]).toBe(va[id] + vb[id]);
        const total = Object.values(sum).reduce((x, y) => x + y, 0);
        expect(vs.received + (sum.rejected ?? 0) + (sum.duplicate ?? 0)).toBe(total);
        expect(vs.received).toBeGreaterThanOrEqual(vs.registered);
        expect(vs.registered).toBeGreaterThanOrEqual(vs.dispatched);
        expect(vs.dispatched).toBeGreaterThanOrEqual(vs.closed);
      }),
    );
  });

  it('同比 and 环比 of identical periods are 0', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const v = computeIndicators(i);
        for (const change of Object.values(indicatorChange(v, v))) expect(change).toBe(0);
      }),
    );
  });

  it('a rate has no change against a period without cases (not "+78 points" against 0%)', () => {
    const busy = computeIndicators({ byStatus: { closed: 78, handling: 22 }, onTimeClosed: 60, overdue: 0, rework: 0, avgStageMinutes: {} });
    const empty = computeIndicators({ byStatus: {}, onTimeClosed: 0, overdue: 0, rework: 0, avgStageMinutes: {} });
    const change = indicatorChange(busy, empty);
    expect(change.closureRate).toBeNull();
    expect(change.onTimeClosureRate).toBeNull();
    expect(change.received).toBeNull();
    expect(indicatorChange(empty, busy).closureRate).toBeNull();
    // Cases in both periods: points, as before.
    const half = computeIndicators({ byStatus: { closed: 50, handling: 50 }, onTimeClosed: 50, overdue: 0, rework: 0, avgStageMinutes: {} });
    expect(indicatorChange(busy, half).closureRate).toBe(0.28);
  });

  it('环比 of a calendar month is the previous month; 同比 the same month a year before', () => {
    const from = Date.parse('2021-03-01T00:00:00+08:00');
    const to = Date.parse('2021-04-01T00:00:00+08:00');
    const r = comparisonRanges(from, to);
    expect(r.previous).toEqual({ from: Date.parse('2021-02-01T00:00:00+08:00'), to: from });
    expect(r.lastYear).toEqual({ from: Date.parse('2020-03-01T00:00:00+08:00'), to: Date.parse('2020-04-01T00:00:00+08:00') });
  });
});

describe('working-day clock', () => {
  const at = (s: string): number => Date.parse(`${s}+08:00`);
  it("knows China's public holidays and make-up working days (调休)", () => {
    const day = (s: string): number => Math.floor((Date.parse(`${s}T12:00:00+08:00`) + 8 * 3_600_000) / 86_400_000);
    expect(isWorkingDay(day('2024-10-01'))).toBe(false); // National Day
    expect(isWorkingDay(day('2024-10-12'))).toBe(true); // a Saturday worked in lieu
    expect(isWorkingDay(day('2024-10-08'))).toBe(true);
    expect(isWorkingDay(day('2024-10-13'))).toBe(false); // an ordinary Sunday
  });

  it('counts working hours only, and skips the National Day week', () => {
    expect(workingMinutesBetween(at('2024-09-30T08:30:00'), at('2024-09-30T18:00:00'))).toBe(7 * 60);
    // Monday 30 September 17:00 + 2 working hours: the next working morning is Tuesday 8 October.
    expect(addWorkingMinutes(at('2024-09-30T17:00:00'), 120)).toBe(at('2024-10-08T09:30:00'));
  });

  it('addWorkingMinutes and workingMinutesBetween agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2021-01-01T00:00:00'), max: at('2026-12-01T00:00:00') }), fc.integer({ min: 1, max: 5000 }), (from, minutes) => {
        expect(workingMinutesBetween(from, addWorkingMinutes(from, minutes))).toBeCloseTo(minutes, 6);
      }),
      { numRuns: 200 },
    );
  });
});
