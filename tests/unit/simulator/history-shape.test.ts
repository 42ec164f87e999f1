import { describe, expect, it } from 'vitest';
import { historyShape } from '../../../src-main/simulator/simulator';

const at = (s: string): number => Date.parse(`${s}T12:00:00+08:00`);

describe('history at the city rate, shaped by week and season', () => {
  it('averages 1 over a year, so N days of history hold 791 × N events', () => {
    let sum = 0;
    for (let d = 0; d < 364; d++) sum += historyShape(at('2025-01-06') + d * 86_400_000);
    expect(sum / 364).toBeCloseTo(1, 1);
  });

  it('has fewer reports at the weekend and more in summer than in winter', () => {
    expect(historyShape(at('2025-07-07'))).toBeGreaterThan(historyShape(at('2025-07-12'))); // Monday vs Saturday
    expect(historyShape(at('2025-07-07'))).toBeGreaterThan(historyShape(at('2025-01-06'))); // July vs January, both Mondays
  });
});
