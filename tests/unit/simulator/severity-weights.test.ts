import { describe, expect, it } from 'vitest';
import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { GridEventGenerator, SEVERITY_WEIGHTS, TEMPLATES } from '../../../src-main/simulator/grid-events';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

/** The template title an event was made from (titles carry the community in brackets). */
const templateOf = (title: string): string => title.replace(/（[^）]*）$/, '');

describe('simulator severities follow what an event is', () => {
  it('gives every grid category a template table', () => {
    for (const c of GRID_GOVERNANCE_CATEGORIES) expect(TEMPLATES[c.code]?.length, c.code).toBeGreaterThan(0);
  });

  it('never makes a vaccination registration or a volunteer medicine delivery red or orange, over many draws', () => {
    const g = new GridEventGenerator(11, 'R');
    const profiles = new Map(Object.values(TEMPLATES).flat().map(([title, profile]) => [title, profile]));
    const byProfile = new Map<string, number[]>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const { event } = g.next(T0 + i * 1000);
      const profile = profiles.get(templateOf(event.title));
      expect(profile, event.title).toBeDefined();
      const weights = SEVERITY_WEIGHTS[profile!];
      // A level whose weight is zero in the table is never drawn.
      expect(weights[event.level - 1], `${event.title} level ${event.level}`).toBeGreaterThan(0);
      const counts = byProfile.get(profile!) ?? [0, 0, 0, 0];
      counts[event.level - 1]! += 1;
      byProfile.set(profile!, counts);
      if (event.title.startsWith('疫苗接种摸排登记') || event.title.includes('助老送药')) expect(event.level).toBeGreaterThanOrEqual(3);
    }
    // And the drawn mix follows the table's weights (routine and dispute are the big ones).
    for (const profile of ['routine', 'dispute'] as const) {
      const counts = byProfile.get(profile)!;
      const total = counts.reduce((a, b) => a + b, 0);
      const weights: readonly number[] = SEVERITY_WEIGHTS[profile];
      const wTotal = weights.reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(5000);
      counts.forEach((c, i) => expect(Math.abs(c / total - weights[i]! / wTotal), `${profile} level ${i + 1}`).toBeLessThan(0.01));
    }
  });
});
