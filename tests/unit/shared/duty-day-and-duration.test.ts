import { describe, expect, it } from 'vitest';
import { dutyDate, dutyDayEnd, dutyDayStart, inDutyDay } from '@shared/domain/duty-day';
import { formatDuration } from '@shared/domain/duration';

/** Epoch ms of a China Standard Time wall-clock reading. */
const cst = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('the duty day (from 08:00 China time)', () => {
  it('starts at 08:00 China time: 03:00 on the 29th is still the 28th duty day', () => {
    expect(dutyDayStart(cst(2026, 11, 29, 3))).toBe(cst(2026, 11, 28, 8));
    expect(dutyDate(cst(2026, 11, 29, 3))).toMatchObject({ year: 2026, month: 11, day: 28 });
    expect(dutyDayStart(cst(2026, 11, 29, 8))).toBe(cst(2026, 11, 29, 8));
    expect(dutyDayStart(cst(2026, 11, 29, 7, 59))).toBe(cst(2026, 11, 28, 8));
    expect(dutyDayEnd(cst(2026, 11, 29, 3))).toBe(cst(2026, 11, 29, 8));
  });

  it('crosses months and years, and names the weekday of the day it began', () => {
    expect(dutyDate(cst(2026, 12, 1, 7, 59))).toEqual({ year: 2026, month: 11, day: 30, weekday: 1 });
    expect(dutyDate(cst(2027, 1, 1, 6))).toEqual({ year: 2026, month: 12, day: 31, weekday: 4 });
  });

  it('does not depend on the zone of the machine (UTC midnight is 08:00 in China)', () => {
    expect(dutyDayStart(Date.UTC(2026, 10, 29, 0, 0))).toBe(Date.UTC(2026, 10, 29, 0, 0));
    expect(dutyDayStart(Date.UTC(2026, 10, 28, 23, 59))).toBe(Date.UTC(2026, 10, 28, 0, 0));
  });

  it('tells whether a time falls in the current duty day', () => {
    const now = cst(2026, 11, 29, 3);
    expect(inDutyDay(cst(2026, 11, 28, 9), now)).toBe(true);
    expect(inDutyDay(cst(2026, 11, 28, 7, 59), now)).toBe(false);
    expect(inDutyDay(cst(2026, 11, 29, 8), now)).toBe(false);
  });
});

describe('durations in the words of the interface', () => {
  const min = 60_000;
  it('in Chinese: 天 / 小时 / 分钟, two units at most', () => {
    expect(formatDuration(29 * min, 'zh-CN')).toBe('29 分钟');
    expect(formatDuration(-(30 * 60 + 6 * 60) * min, 'zh-CN')).toBe('1 天 12 小时');
    expect(formatDuration((24 * 60 + 6 * 60 + 5) * min, 'zh-CN')).toBe('1 天 6 小时');
    expect(formatDuration(65 * min, 'zh-CN')).toBe('1 小时 5 分钟');
    expect(formatDuration(120 * min, 'zh-CN')).toBe('2 小时');
    expect(formatDuration(2 * 1440 * min, 'zh-CN')).toBe('2 天');
    expect(formatDuration(59_999, 'zh-CN')).toBe('0 分钟');
  });

  it('in English: d / h / min', () => {
    expect(formatDuration(29 * min, 'en')).toBe('29 min');
    expect(formatDuration((24 * 60 + 6 * 60) * min, 'en')).toBe('1 d 6 h');
    expect(formatDuration(-65 * min, 'en')).toBe('1 h 5 min');
  });
});
