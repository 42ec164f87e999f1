import { describe, expect, it } from 'vitest';
import { chinaDay, chinaDayStart, chinaMonth, chinaMonthFirstDay, chinaMonthOfDay } from '../../../src-shared/domain/china-time';

describe('China Standard Time days and months', () => {
  it('starts a day at midnight in Beijing, 16:00 UTC the evening before', () => {
    const midnight = Date.parse('2026-08-01T00:00:00+08:00');
    expect(chinaDay(midnight)).toBe(chinaDay(midnight - 1) + 1);
    expect(chinaDayStart(chinaDay(midnight))).toBe(midnight);
    expect(chinaDay(Date.parse('2026-07-31T16:00:00Z'))).toBe(chinaDay(midnight));
    expect(chinaDay(Date.parse('2026-08-01T15:59:59.999Z'))).toBe(chinaDay(midnight));
  });

  it('numbers months as year × 12 + month − 1 by China time', () => {
    expect(chinaMonth(Date.parse('2026-08-01T00:00:00+08:00'))).toBe(2026 * 12 + 7);
    expect(chinaMonth(Date.parse('2026-07-31T23:59:59+08:00'))).toBe(2026 * 12 + 6);
    expect(chinaMonth(Date.parse('2026-12-31T16:00:00Z'))).toBe(2027 * 12); // already January in Beijing
  });

  it('finds the month of a day and the first day of a month, inverse of each other', () => {
    const month = 2026 * 12 + 1; // February 2026
    const first = chinaMonthFirstDay(month);
    expect(chinaDayStart(first)).toBe(Date.parse('2026-02-01T00:00:00+08:00'));
    expect(chinaMonthOfDay(first)).toBe(month);
    expect(chinaMonthOfDay(first - 1)).toBe(month - 1);
    expect(chinaMonthOfDay(first + 27)).toBe(month);
    expect(chinaMonthOfDay(first + 28)).toBe(month + 1);
  });
});
