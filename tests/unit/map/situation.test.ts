import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, STATUSES } from '@shared/domain/incident';
import { decodePoints, encodePoints, mergeChanges, newestFirst, type IncidentPoint } from '@shared/map/points';
import {
  ANY_FILTER,
  CASE_TIME_LIMIT_MS,
  countSituation,
  gridMeasureValues,
  isOverdueAt,
  matchesAt,
  situationAt,
  statusAt,
} from '@shared/map/situation';

const H = 3600_000;
const T0 = 1_700_000_000_000;

function point(n: number, patch: Partial<IncidentPoint> = {}): IncidentPoint {
  return {
    id: `p:${n}`,
    title: `事件${n}`,
    lon: 112 + n * 1e-4,
    lat: 27.73,
    severity: 'blue',
    status: 'reported',
    category: 'gg.epidemic',
    gridId: '431302-01',
    reportedAt: T0 + n * 1000,
    updatedAt: T0 + n * 1000,
    ...patch,
  };
}

const everything = { from: 0, to: Number.MAX_SAFE_INTEGER };

describe('the situation at an instant', () => {
  it('takes a case as open until the moment its current status was recorded', () => {
    const p = point(1, { status: 'closed', updatedAt: T0 + 5 * H });
    expect(statusAt(p, T0 + 4 * H)).toBe('reported');
    expect(statusAt(p, T0 + 5 * H)).toBe('closed');
  });

  it('counts an open case as overdue only after its severity’s time limit', () => {
    const red = point(0, { severity: 'red' });
    expect(isOverdueAt(red, T0 + CASE_TIME_LIMIT_MS.red)).toBe(false);
    expect(isOverdueAt(red, T0 + CASE_TIME_LIMIT_MS.red + 1)).toBe(true);
    const closed = point(0, { severity: 'red', status: 'closed', updatedAt: T0 + 10 * 60_000 });
    expect(isOverdueAt(closed, T0 + 5 * H)).toBe(false);
  });

  it('leaves out incidents reported after the clock, outside the window or outside the filter', () => {
    const p = point(10, { severity: 'orange', category: 'gg.labour', gridId: '431302-07' });
    const t = p.reportedAt;
    expect(matchesAt(p, ANY_FILTER, everything, t)).toBe(true);
    expect(matchesAt(p, ANY_FILTER, everything, t - 1)).toBe(false);
    expect(matchesAt(p, ANY_FILTER, { from: t + 1, to: t + 10 }, t + 5)).toBe(false);
    expect(matchesAt(p, { ...ANY_FILTER, severities: ['red'] }, everything, t)).toBe(false);
    expect(matchesAt(p, { ...ANY_FILTER, categories: ['gg.labour'] }, everything, t)).toBe(true);
    expect(matchesAt(p, { ...ANY_FILTER, gridIds: ['431302-08'] }, everything, t)).toBe(false);
    expect(matchesAt(point(1, { gridId: null }), { ...ANY_FILTER, gridIds: ['431302-08'] }, everything, T0 + 9e9)).toBe(false);
  });

  it('filters by the status the incident had at the clock, not its status today', () => {
    const p = point(0, { status: 'closed', updatedAt: T0 + 2 * H });
    const closedOnly = { ...ANY_FILTER, statuses: ['closed' as const] };
    expect(matchesAt(p, closedOnly, everything, T0 + H)).toBe(false);
    expect(matchesAt(p, closedOnly, everything, T0 + 3 * H)).toBe(true);
  });

  it('lists the situation newest first', () => {
    const list = situationAt([point(1), point(3), point(2)], ANY_FILTER, everything, T0 + H);
    expect(list.map((p) => p.id)).toEqual(['p:3', 'p:2', 'p:1']);
  });

  it('computes counts, overdue and closure rate per grid from the same points', () => {
    const t = T0 + 100 * H;
    const pts = [
      point(1, { gridId: 'A', status: 'closed' }),
      point(2, { gridId: 'A', status: 'closed' }),
      point(3, { gridId: 'A', status: 'handling' }), // blue, 100 h old: overdue
      point(4, { gridId: 'A', status: 'duplicate' }), // not a case
      point(5, { gridId: 'B', severity: 'red', status: 'closed' }),
      point(6, { gridId: null }),
    ];
    const c = countSituation(pts, t);
    expect(c.total).toBe(6);
    expect(c.bySeverity).toEqual({ red: 1, orange: 0, yellow: 0, blue: 5 });
    expect(c.byGrid.get('A')).toEqual({ count: 4, open: 1, overdue: 1, closed: 2, closureRate: 2 / 3 });
    expect(c.byGrid.get('B')?.closureRate).toBe(1);
    expect(c.overdue).toBe(2); // grid A's handling case and the ungridded one
    const counts = gridMeasureValues(c.byGrid, 'count');
    expect(counts.max).toBe(4);
    expect(counts.values.get('A')).toBe(1);
    expect(counts.values.get('B')).toBe(0.25);
    expect(gridMeasureValues(c.byGrid, 'closureRate').values.get('A')).toBeCloseTo(2 / 3);
  });

  it('agrees with itself: per-grid counts sum to the counted total of gridded incidents (property)', () => {
    const arb = fc.array(
      fc.record({
        sev: fc.integer({ min: 0, max: 3 }),
        st: fc.integer({ min: 0, max: 8 }),
        grid: fc.integer({ min: -1, max: 5 }),
        at: fc.integer({ min: 0, max: 200 }),
        upd: fc.integer({ min: 0, max: 300 }),
      }),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 400 }), (rows, clock) => {
        const pts = rows.map((r, i) =>
          point(i, {
            severity: SEVERITIES[r.sev]!,
            status: STATUSES[r.st]!,
            gridId: r.grid < 0 ? null : `G${r.grid}`,
            reportedAt: T0 + r.at * 60_000,
            updatedAt: T0 + Math.max(r.at, r.upd) * 60_000,
          }),
        );
        const t = T0 + clock * 60_000;
        const visible = situationAt(pts, ANY_FILTER, everything, t);
        const c = countSituation(visible, t);
        const gridded = visible.filter((p) => p.gridId !== null).length;
        const sum = [...c.byGrid.values()].reduce((s, g) => s + g.count, 0);
        expect(sum).toBe(gridded);
        expect(Object.values(c.bySeverity).reduce((a, b) => a + b, 0)).toBe(c.total);
        expect(c.overdue).toBe(visible.filter((p) => isOverdueAt(p, t)).length);
      }),
    );
  });
});

describe('incident point columns', () => {
  it('round-trip through the compact wire form', () => {
    const pts = [point(1), point(2, { gridId: null, severity: 'red', status: 'closed', category: 'gg.other' }), point(3, { gridId: '431302-09' })];
    const cols = encodePoints(pts, { total: 3, truncated: false, cacheFirst: T0, cacheLast: T0 + 3000 });
    expect(cols.categories).toEqual(['gg.epidemic', 'gg.other']);
    expect(cols.grid).toEqual([0, -1, 1]);
    expect(decodePoints(cols)).toEqual(pts);
  });

  it('drops rows whose codes point outside the dictionaries', () => {
    const cols = encodePoints([point(1), point(2)], { total: 2, truncated: false, cacheFirst: null, cacheLast: null });
    cols.severity[0] = 9;
    cols.category[1] = 5;
    expect(decodePoints(cols)).toEqual([]);
  });
});

describe('live changes merged into the ordered points', () => {
  it('equals replacing by id and sorting everything again, for any points and any batch', () => {
    const at = fc.integer({ min: 0, max: 20 }).map((h) => T0 + h * H);
    const ids = fc.integer({ min: 0, max: 40 }).map((n) => `p:${n}`);
    const pts = fc.uniqueArray(fc.record({ id: ids, reportedAt: at }), { selector: (p) => p.id, maxLength: 30 });
    fc.assert(
      fc.property(pts, pts, (before, batch) => {
        const points = before.map((p) => point(0, p)).sort(newestFirst);
        const changed = batch.map((p) => point(0, { ...p, title: `changed ${p.id}` }));
        const byId = new Map(points.map((p) => [p.id, p] as const));
        for (const c of changed) byId.set(c.id, c);
        expect(mergeChanges(points, changed)).toEqual([...byId.values()].sort(newestFirst));
      }),
      { numRuns: 300 },
    );
  });
});
