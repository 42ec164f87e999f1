import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALL_CATEGORIES,
  ALL_CATEGORY_CODES,
  CATEGORY_CODES,
  categoryInfo,
  categorySystem,
  cityManagementGroup,
} from '@shared/domain/categories';
import { DEFAULT_STAGE_LIMITS, StageLimits, readClock } from '@shared/domain/case-clock';
import { STATUSES, type Status } from '@shared/domain/incident';
import { CASE_ACTIONS, CASE_ROLES, availableActions, transition } from '@shared/domain/lifecycle';
import { indexText, matchExpression, searchPlan } from '@shared/domain/search-text';
import { severityFromCap, severityToCap } from '@shared/domain/severity';

describe('categories', () => {
  it('knows the agreed grid-governance, city-management and emergency codes, each once', () => {
    expect(ALL_CATEGORIES).toHaveLength(11 + 12 + 10);
    expect(new Set(ALL_CATEGORY_CODES).size).toBe(ALL_CATEGORY_CODES.length);
    expect(CATEGORY_CODES).toHaveLength(11); // the grid-governance list keeps its meaning
    expect(categoryInfo('cm.manhole')?.zh).toBe('井盖破损/缺失');
    expect(categoryInfo('em.coal-mine')?.en).toBe('Coal-mine safety');
    expect(cityManagementGroup('cm.manhole')).toBe('component');
    expect(cityManagementGroup('cm.parking')).toBe('event');
    expect(cityManagementGroup('gg.other')).toBeUndefined();
    expect(categorySystem('em.flood')).toBe('em');
    expect(categorySystem('xx.flood')).toBeUndefined();
  });
});

describe('severity and CAP', () => {
  it('maps CAP severities onto the four warning colours, Unknown and garbage to blue', () => {
    expect(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'].map(severityFromCap)).toEqual(['red', 'orange', 'yellow', 'blue', 'blue']);
    expect(severityFromCap(' extreme ')).toBe('red');
    expect(severityFromCap('<script>')).toBe('blue');
    for (const s of ['red', 'orange', 'yellow', 'blue'] as const) expect(severityFromCap(severityToCap(s))).toBe(s);
  });
});

describe('case lifecycle', () => {
  it('walks the closed loop reported → registered → dispatched → handling → feedback → closed', () => {
    let s: Status = 'reported';
    const steps = [
      ['acknowledge', 'duty', {}],
      ['dispatch', 'duty', { unit: '娄星区城管局' }],
      ['startHandling', 'unit', {}],
      ['feedback', 'unit', { note: '已修复' }],
      ['verifyClose', 'leader', {}],
    ] as const;
    for (const [action, role, input] of steps) {
      const t = transition(s, action, role, input);
      expect(t.ok).toBe(true);
      if (t.ok) s = t.to;
    }
    expect(s).toBe('closed');
    expect(transition('closed', 'reopen', 'duty', { note: '群众再次反映' })).toEqual({ ok: true, to: 'registered' });
  });

  it('refuses by role, by status, and without the unit or note an action needs', () => {
    expect(transition('reported', 'acknowledge', 'analyst')).toMatchObject({ ok: false, refusal: 'ROLE' });
    expect(transition('closed', 'dispatch', 'duty', { unit: 'x' })).toMatchObject({ ok: false, refusal: 'WRONG_STATUS' });
    expect(transition('registered', 'dispatch', 'duty', { unit: '  ' })).toMatchObject({ ok: false, refusal: 'UNIT_REQUIRED' });
    expect(transition('handling', 'feedback', 'unit')).toMatchObject({ ok: false, refusal: 'NOTE_REQUIRED' });
    expect(transition('feedback', 'returnForRework', 'duty', { note: '未修复' })).toEqual({ ok: true, to: 'handling' });
    expect(transition('registered', 'comment', 'analyst', { note: '与上周同一地点' })).toEqual({ ok: true, to: 'registered' });
  });

  it('offers exactly the actions the rules allow, for every status and role', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...CASE_ROLES), (status, role) => {
        const offered = availableActions(status, role);
        for (const a of CASE_ACTIONS) {
          const t = transition(status, a, role, { unit: 'u', note: 'n' });
          expect(offered.includes(a)).toBe(t.ok);
        }
      }),
    );
    expect(availableActions('reported', 'analyst')).toEqual(['markDuplicate', 'comment']);
    expect(availableActions('dispatched', 'unit')).toEqual(['startHandling', 'comment']);
  });
});

describe('case clock', () => {
  it('looks limits up by code, then system, then default', () => {
    const limits = new StageLimits([{ category: 'cm.manhole', stage: 'handling', minutes: 120 }]);
    expect(limits.minutes('cm.manhole', 'handling')).toBe(120);
    expect(limits.minutes('cm.garbage', 'handling')).toBe(24 * 60);
    expect(limits.minutes('em.fire', 'reported')).toBe(5);
    expect(limits.minutes('gg.labour', 'handling')).toBe(48 * 60);
    expect(limits.dueAt('em.fire', 'reported', 1000)).toBe(1000 + 5 * 60_000);
    expect(limits.dueAt('em.fire', 'closed', 1000)).toBeNull();
    expect(new StageLimits().rows()).toHaveLength(DEFAULT_STAGE_LIMITS.length);
  });

  it('reads overdue once the limit has passed', () => {
    expect(readClock(0, 60_000, 30_000)).toMatchObject({ overdue: false, remainingMs: 30_000, used: 0.5 });
    expect(readClock(0, 60_000, 90_000)).toMatchObject({ overdue: true, remainingMs: -30_000 });
  });
});

describe('search text', () => {
  it('indexes Chinese as character pairs and words as words', () => {
    expect(indexText('井盖缺失', 'Road 5')).toBe('井盖 盖缺 缺失 失 road 5');
    expect(indexText('乐坪大道12号A栋', 'Ｃａｆé·路', '')).toBe('乐坪 坪大 大道 道 12 号 a 栋 café 路');
    expect(indexText('', '  ', '—')).toBe('');
  });

  it('indexes any text as the runs-and-pairs definition says (one-pass scan against a plain reference)', () => {
    // The definition, written the slow and obvious way.
    const cjk = /[\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]/u;
    const reference = (...parts: string[]): string =>
      parts
        .flatMap((part) => {
          const text = part.normalize('NFKC').toLowerCase();
          const runs = text.match(new RegExp(`${cjk.source}+|(?:(?!${cjk.source})[\\p{L}\\p{N}])+`, 'gu')) ?? [];
          return runs.flatMap((run) => {
            const chars = [...run];
            if (!cjk.test(chars[0]!)) return [run];
            return [...chars.slice(0, -1).map((c, i) => c + chars[i + 1]!), chars[chars.length - 1]!];
          });
        })
        .join(' ');
    const alphabet = fc.constantFrom(...'井盖缺失乐坪大道号𠀀あア한abcXYZ019éＡ１ -·,./\n\t\'"'.split(''), '𠀀');
    const text = fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (parts) => {
      expect(indexText(...parts)).toBe(reference(...parts));
    }), { numRuns: 500 });
  });

  it('builds a query that cannot be read as FTS syntax', () => {
    expect(matchExpression('井盖')).toBe('"井盖"');
    expect(matchExpression('井')).toBe('"井"*');
    expect(matchExpression('井盖缺失')).toBe('"井盖 盖缺 缺失"');
    expect(matchExpression('乐坪大道1号')).toBe('"乐坪 坪大 大道 道 1"');
    expect(searchPlan('乐坪大道1号')).toEqual({ match: '"乐坪 坪大 大道 道 1"', contains: ['乐坪大道1号'] });
    expect(searchPlan("失1 O'Brien 井盖")).toEqual({ match: '"失 1"* AND "o brien"* AND "井盖"', contains: ['失1', "O'Brien"] });
    expect(matchExpression('a" OR b NEAR(')).toBe('"a"* AND "or"* AND "b"* AND "near"*');
    expect(matchExpression(' %%% ')).toBeUndefined();
  });
});
