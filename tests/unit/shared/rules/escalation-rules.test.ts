import { describe, expect, it } from 'vitest';
import { EscalationRuleSchema, EscalationRulesSchema, evaluateRules, firingKey, type EscalationRule, type RuleIncident } from '@shared/rules/escalation-rules';

const MIN = 60_000;
const NOW = Date.UTC(2026, 6, 1, 6, 0);
const rule = (over: Partial<EscalationRule> = {}): EscalationRule =>
  EscalationRuleSchema.parse({ id: 'drown', name: '溺水聚集', categories: ['gg.drowning'], minSeverity: 'yellow', count: 3, windowMinutes: 60, level: 'red', notify: ['duty', 'leader'], ...over });
const inc = (id: string, minutesAgo: number, over: Partial<RuleIncident> = {}): RuleIncident => ({
  id,
  category: 'gg.drowning',
  severity: 'orange',
  gridId: '431302-05',
  reportedAt: NOW - minutesAgo * MIN,
  ...over,
});

describe('escalation rule validation', () => {
  it('fills defaults and accepts category families', () => {
    const r = EscalationRuleSchema.parse({ id: 'r1', name: 'x', categories: ['cm.*'], count: 2, windowMinutes: 30, level: 'orange', notify: ['duty'] });
    expect(r).toMatchObject({ enabled: true, minSeverity: 'blue', grids: [], scope: 'grid' });
  });

  it('refuses a rule with no one to notify, a zero count, a bad grid code or a window over a week, saying which field', () => {
    const bad = EscalationRuleSchema.safeParse({ id: 'r1', name: 'x', grids: ['G5'], count: 0, windowMinutes: 20_000, level: 'red', notify: [] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['grids.0', 'count', 'windowMinutes', 'notify']));
  });

  it('refuses two rules with the same id in one set', () => {
    const r = { name: 'x', count: 1, windowMinutes: 5, level: 'red', notify: ['duty'] };
    const res = EscalationRulesSchema.safeParse([{ id: 'a', ...r }, { id: 'a', ...r }]);
    expect(res.success).toBe(false);
    expect(res.error!.issues[0]!.message).toMatch(/used twice/);
  });
});

describe('escalation rule evaluation', () => {
  it('fires when the count in the window is reached in the arriving incident’s grid', () => {
    const recent = [inc('a', 50), inc('b', 20), inc('c', 1)];
    const f = evaluateRules([rule()], 4, [recent[2]!], recent, NOW);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ruleId: 'drown', version: 4, level: 'red', notify: ['duty', 'leader'], gridId: '431302-05', count: 3, threshold: 3 });
    expect(f[0]!.incidentIds).toEqual(['c', 'b', 'a']);
  });

  it('does not count incidents outside the window, below the severity, of another category or another grid', () => {
    const recent = [inc('old', 61), inc('blue', 5, { severity: 'blue' }), inc('other', 5, { category: 'gg.neighbour' }), inc('elsewhere', 5, { gridId: '431302-06' }), inc('b', 2), inc('c', 1)];
    expect(evaluateRules([rule()], 1, [recent[5]!], recent, NOW)).toEqual([]);
  });

  it('counts across the rule’s grids with the area scope', () => {
    const grids = ['431302-05', '431302-06'];
    const recent = [inc('a', 5), inc('b', 4, { gridId: '431302-06' }), inc('c', 3, { gridId: '431302-06' }), inc('x', 3, { gridId: '431302-07' })];
    const f = evaluateRules([rule({ scope: 'area', grids })], 1, [recent[2]!], recent, NOW);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ gridId: null, count: 3 });
  });

  it('fires once per grid within a window, and again after it', () => {
    const recent = [inc('a', 3), inc('b', 2), inc('c', 1)];
    const fired = new Map([[firingKey('drown', '431302-05'), NOW - 30 * MIN]]);
    expect(evaluateRules([rule()], 1, [recent[2]!], recent, NOW, fired)).toEqual([]);
    const longAgo = new Map([[firingKey('drown', '431302-05'), NOW - 90 * MIN]]);
    expect(evaluateRules([rule()], 1, [recent[2]!], recent, NOW, longAgo)).toHaveLength(1);
  });

  it('ignores disabled rules and arrivals that are history (older than the window)', () => {
    const recent = [inc('a', 3), inc('b', 2), inc('c', 1)];
    expect(evaluateRules([rule({ enabled: false })], 1, recent, recent, NOW)).toEqual([]);
    expect(evaluateRules([rule()], 1, [inc('late', 120)], recent, NOW)).toEqual([]);
  });

  it('matches a category family', () => {
    const recent = [inc('a', 3, { category: 'em.flood' }), inc('b', 2, { category: 'em.waterlogging' })];
    expect(evaluateRules([rule({ categories: ['em.*'], count: 2 })], 1, [recent[1]!], recent, NOW)).toHaveLength(1);
  });
});
