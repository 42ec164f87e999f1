import { describe, expect, it } from 'vitest';
import { categoryLabel, dutyDate, gridLabel } from '../../../src-renderer/src/format';

describe('display helpers', () => {
  it('counts the night shift to the day the shift started (08:00 to 08:00)', () => {
    expect(dutyDate(new Date(2026, 10, 29, 3, 0)).getDate()).toBe(28);
    expect(dutyDate(new Date(2026, 10, 29, 8, 0)).getDate()).toBe(29);
    expect(dutyDate(new Date(2026, 11, 1, 7, 59)).getMonth()).toBe(10); // 1 Dec 07:59 is still 30 Nov's duty
  });

  it('labels categories and grids in the chosen language, and shows unknown codes as they are', () => {
    expect(categoryLabel('gg.drowning', 'zh-CN')).toBe('防溺水');
    expect(categoryLabel('gg.drowning', 'en')).toBe('Drowning prevention');
    expect(categoryLabel('xx.unknown', 'en')).toBe('xx.unknown');
    expect(gridLabel('431302-07', 'zh-CN')).toBe('第07网格');
    expect(gridLabel(null, 'en')).toBeUndefined();
  });
});
