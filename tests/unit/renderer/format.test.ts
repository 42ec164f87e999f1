import { describe, expect, it } from 'vitest';
import { categoryLabel, dutyDayLabel, gridLabel, labelled } from '../../../src-renderer/src/format';

describe('display helpers', () => {
  it('names the duty day (from 08:00 China time) in each language', () => {
    const night = Date.UTC(2026, 10, 28, 19, 0); // 29 Nov 03:00 in China: still the 28th's duty
    expect(dutyDayLabel(night, 'zh-CN')).toBe('11月28日周六');
    expect(dutyDayLabel(night, 'en')).toBe('Sat, November 28');
    expect(dutyDayLabel(Date.UTC(2026, 10, 29, 0, 0), 'zh-CN')).toBe('11月29日周日');
  });

  it('never runs a label into its value', () => {
    expect(labelled('接收', 12, 'zh-CN')).toBe('接收：12');
    expect(labelled('Received', 12, 'en')).toBe('Received: 12');
  });

  it('labels categories and grids in the chosen language, and shows unknown codes as they are', () => {
    expect(categoryLabel('gg.drowning', 'zh-CN')).toBe('防溺水');
    expect(categoryLabel('gg.drowning', 'en')).toBe('Drowning prevention');
    expect(categoryLabel('xx.unknown', 'en')).toBe('xx.unknown');
    expect(gridLabel('431302-07', 'zh-CN')).toBe('第07网格');
    expect(gridLabel(null, 'en')).toBeUndefined();
  });
});
