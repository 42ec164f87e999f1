import { describe, expect, it } from 'vitest';
import { bucketFor, compareRange, presetRange } from './ranges';
import { tableToCsv } from './table-export';

const at = (s: string): number => new Date(s).getTime();

describe('analysis ranges', () => {
  it('starts the duty day at 08:00 China time, yesterday before 08:00, whatever the machine zone', () => {
    expect(presetRange('duty', at('2026-03-10T10:00:00+08:00')).from).toBe(at('2026-03-10T08:00:00+08:00'));
    expect(presetRange('duty', at('2026-03-10T03:00:00+08:00')).from).toBe(at('2026-03-09T08:00:00+08:00'));
    // 23:30 UTC is 07:30 the next morning in China: still the night shift of the day before.
    expect(presetRange('duty', at('2026-03-10T23:30:00Z')).from).toBe(at('2026-03-10T08:00:00+08:00'));
  });
  it('resolves today, this month and this year from local midnight', () => {
    const now = at('2026-03-10T10:00:00');
    expect(presetRange('today', now)).toEqual({ from: at('2026-03-10T00:00:00'), to: now });
    expect(presetRange('month', now).from).toBe(at('2026-03-01T00:00:00'));
    expect(presetRange('year', now).from).toBe(at('2026-01-01T00:00:00'));
  });
  it('compares with the period just before or the same period last year', () => {
    const r = { from: at('2026-03-01T00:00:00'), to: at('2026-03-08T00:00:00') };
    expect(compareRange('previous', r)).toEqual({ from: at('2026-02-22T00:00:00'), to: r.from });
    expect(compareRange('lastYear', r)).toEqual({ from: at('2025-03-01T00:00:00'), to: at('2025-03-08T00:00:00') });
    expect(compareRange('none', r)).toBeUndefined();
  });
  it('chooses hours for a day, days for a month, weeks for a year', () => {
    expect(bucketFor({ from: 0, to: 86_400_000 })).toBe('hour');
    expect(bucketFor({ from: 0, to: 30 * 86_400_000 })).toBe('day');
    expect(bucketFor({ from: 0, to: 300 * 86_400_000 })).toBe('week');
  });
});

describe('table export', () => {
  it('writes the range and filters first, quotes cells and neutralises formulas', () => {
    const csv = tableToCsv({ meta: [['范围', '2026-03-01 — 2026-03-08'], ['筛选', '类别: 反电诈']], headers: ['类别', '受理数'], rows: [['a,"b"', 3], ['=SUM(A1)', 1]] });
    expect(csv.startsWith('\uFEFF范围,2026-03-01 — 2026-03-08\r\n筛选,类别: 反电诈\r\n\r\n类别,受理数\r\n')).toBe(true);
    expect(csv).toContain('"a,""b""",3');
    expect(csv).toContain("'=SUM(A1),1");
  });
});

describe('range in the address', () => {
  it('reads a month, a year or a span of them and refuses anything else', async () => {
    const { rangeFromParam } = await import('./ranges');
    expect(rangeFromParam('2021-07')).toEqual({ from: at('2021-07-01T00:00:00'), to: at('2021-08-01T00:00:00') });
    expect(rangeFromParam('2021')).toEqual({ from: at('2021-01-01T00:00:00'), to: at('2022-01-01T00:00:00') });
    expect(rangeFromParam('2019-01..2021-07')).toEqual({ from: at('2019-01-01T00:00:00'), to: at('2021-08-01T00:00:00') });
    expect(rangeFromParam('2019..2021')).toEqual({ from: at('2019-01-01T00:00:00'), to: at('2022-01-01T00:00:00') });
    expect(rangeFromParam('2021..2019')).toBeUndefined();
    expect(rangeFromParam('2019..2020..2021')).toBeUndefined();
    expect(rangeFromParam('2019..')).toBeUndefined();
    expect(rangeFromParam('2021-13')).toBeUndefined();
    expect(rangeFromParam('x')).toBeUndefined();
    expect(rangeFromParam(undefined)).toBeUndefined();
  });
});
