import { ALL_CATEGORY_CODES } from '@shared/domain/categories';
import { INDICATORS, STAGE_NAMES, type IndicatorUnit } from '@shared/domain/indicators';
import type { Db } from '../../store/database';
import { openCache } from '../open-cache';
import { IndicatorQueries, type IndicatorFilter, type IndicatorRange } from '../../store/indicator-queries';
import { StatsStore } from '../../store/stats-store';
import { CliUsageError, type CliCommand } from '../command';

/** An ISO 8601 time flag as epoch ms, or undefined; a usage error on garbage. */
export function timeFlag(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(String(value));
  if (!Number.isFinite(t)) throw new CliUsageError(`--${name} must be an ISO 8601 time, got "${String(value)}"`);
  return t;
}

/** One indicator as the command line and the exports give it: the catalogue's id, names, unit, value and changes. */
export interface IndicatorEntry {
  id: string;
  zh: string;
  en: string;
  unit: IndicatorUnit;
  formula: string;
  value: number;
  /** 环比 and 同比 (src-shared/domain/indicators.ts, indicatorChange), when the range is bounded. */
  mom?: number | null;
  yoy?: number | null;
}

/** The catalogue's indicators for a range, each stage's average time as its own entry. */
export function indicatorTable(db: Db, range: IndicatorRange, now: number, withChanges: boolean, filter: IndicatorFilter = {}): IndicatorEntry[] {
  const q = new IndicatorQueries(db);
  const report = withChanges ? q.report(range, filter, now) : undefined;
  const values = report?.current ?? q.indicators(range, filter, now);
  const out: IndicatorEntry[] = INDICATORS.map((d) => ({
    id: d.id,
    zh: d.zh,
    en: d.en,
    unit: d.unit,
    formula: d.formula.zh,
    value: values[d.id],
    ...(report ? { mom: report.mom[d.id], yoy: report.yoy[d.id] } : {}),
  }));
  for (const [stage, names] of Object.entries(STAGE_NAMES)) {
    const v = values.avgStageMinutes[stage];
    if (v === undefined) continue;
    const then = (x: Record<string, number> | undefined): number | null | undefined => {
      if (!report) return undefined;
      const b = x?.[stage];
      return b ? Math.round(((v - b) / b) * 10_000) / 10_000 : null;
    };
    out.push({
      id: `avgStageMinutes.${stage}`,
      zh: names.zh,
      en: names.en,
      unit: 'minutes',
      formula: '该环节结束于范围内的平均用时',
      value: v,
      ...(report ? { mom: then(report.previous.avgStageMinutes), yoy: then(report.lastYear.avgStageMinutes) } : {}),
    });
  }
  return out;
}

/** `--category gg.labour,cm.*`: codes, a system's wildcard expanded to its codes. */
export function categoryFlag(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const out: string[] = [];
  for (const part of String(value).split(',').map((p) => p.trim()).filter(Boolean)) {
    if (/^(gg|cm|em)\.\*$/.test(part)) out.push(...ALL_CATEGORY_CODES.filter((c) => c.startsWith(part.slice(0, 3))));
    else if (ALL_CATEGORY_CODES.includes(part)) out.push(part);
    else throw new CliUsageError(`--category: unknown category "${part}" (codes such as gg.labour, or gg.*, cm.*, em.*)`);
  }
  if (!out.length) throw new CliUsageError('--category: name at least one category');
  return out;
}

export function formatIndicator(value: number, unit: IndicatorUnit): string {
  if (unit === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'minutes') return `${value} min`;
  return String(value);
}

/** `stats`: counts by category and status, closure rate, overdue and stage times, from SQL. */
export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'counts by category, status, severity and grid; closure rate; overdue; stage times',
  usage: 'stats [--from ISO] [--to ISO] [--bucket hour|day|week] [--category CODE,…|cm.*] [--data-dir DIR] [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, bucket: { type: 'string' }, category: { type: 'string' } },
  run(ctx, values) {
    const from = timeFlag(values.from, 'from');
    const to = timeFlag(values.to, 'to');
    const bucket = values.bucket as string | undefined;
    if (bucket !== undefined && !['hour', 'day', 'week'].includes(bucket)) throw new CliUsageError('--bucket must be hour, day or week');
    const db = openCache(ctx);
    try {
      let stats;
      try {
        stats = new StatsStore(db).stats({ from, to, bucket: bucket as 'hour' | 'day' | 'week' | undefined }, Date.now());
      } catch (err) {
        if (err instanceof RangeError) throw new CliUsageError(err.message);
        throw err;
      }
      const now = Date.now();
      const categories = categoryFlag(values.category);
      const filter = categories ? { categories } : {};
      const indicators = indicatorTable(db, { from: from ?? 0, to: to ?? Number.MAX_SAFE_INTEGER }, now, from !== undefined && to !== undefined, filter);
      if (!ctx.json) {
        ctx.say(`incidents ${stats.total}, received ${stats.accepted}, closed ${stats.closed}, closure rate ${(stats.closureRate * 100).toFixed(2)}%, overdue ${stats.overdue}`);
        for (const i of indicators) ctx.say(`  ${i.zh} ${i.en}: ${formatIndicator(i.value, i.unit)}`);
      }
      // The counts are over every category; the catalogue's indicators over the --category filter.
      ctx.result({ ...stats, received: stats.accepted, indicators, indicatorFilter: filter });
      return 0;
    } finally {
      db.close();
    }
  },
};
