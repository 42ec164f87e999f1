import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES, GRID_GOVERNANCE_CATEGORIES, RECORDED_TOTAL, categoryInfo } from '@shared/domain/categories';
import { severityRank } from '@shared/domain/incident';

describe('grid-governance categories', () => {
  it('carries the 11 categories with the city figures that add up to 217,396 events', () => {
    expect(GRID_GOVERNANCE_CATEGORIES).toHaveLength(11);
    expect(RECORDED_TOTAL).toBe(217_396);
    expect(categoryInfo('gg.epidemic')?.recorded).toBe(88_905);
    expect(new Set(CATEGORY_CODES).size).toBe(11);
  });

  it('returns undefined for an unknown code rather than guessing', () => {
    expect(categoryInfo('gg.nonsense')).toBeUndefined();
  });

  it('ranks red as the most severe', () => {
    expect(severityRank('red')).toBeLessThan(severityRank('orange'));
    expect(severityRank('yellow')).toBeLessThan(severityRank('blue'));
  });
});
