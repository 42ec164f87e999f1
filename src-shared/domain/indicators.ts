import { z } from 'zod';
import { CLOCK_STAGES } from './case-clock';
import { STATUSES, type Status } from './incident';

/**
 * The indicators (指标) an analyst reads, defined once: the command line's `stats`, the exports,
 * the monthly report and the Analysis view all take their names, formulas and units from here.
 * Counts follow the city's reporting: a case a source system lists as received (Open311 `open`,
 * a grid event just reported) is received; 结案率 = closed ÷ received.
 */
export type IndicatorUnit = 'cases' | 'ratio' | 'minutes';
export type IndicatorGroup = 'volume' | 'rates' | 'timeliness' | 'stages';

export interface IndicatorDef {
  id: IndicatorId;
  zh: string;
  en: string;
  unit: IndicatorUnit;
  group: IndicatorGroup;
  /** The formula, in words (zh and en). */
  formula: { zh: string; en: string };
  /** For counts: the statuses a case in the range must be in to count. */
  statuses?: readonly Status[];
  /** For rates: the count it divides by (a period without any has no rate to compare). */
  denominator?: IndicatorId;
}

/** Received: every case except the ones found not to be cases (rejected, duplicates). */
const RECEIVED: readonly Status[] = STATUSES.filter((s) => s !== 'rejected' && s !== 'duplicate');
const REGISTERED: readonly Status[] = ['registered', 'dispatched', 'handling', 'feedback', 'closed'];
const DISPATCHED: readonly Status[] = ['dispatched', 'handling', 'feedback', 'closed'];

export const INDICATOR_IDS = ['received', 'registered', 'dispatched', 'closed', 'closureRate', 'onTimeClosed', 'onTimeClosureRate', 'overdue', 'rework'] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export const INDICATORS: readonly IndicatorDef[] = [
  { id: 'received', zh: '受理数', en: 'Received', unit: 'cases', group: 'volume', statuses: RECEIVED, formula: { zh: '范围内上报的案件，不含不予立案和重复', en: 'cases reported in the range, except rejected and duplicates' } },
  { id: 'registered', zh: '立案数', en: 'Registered', unit: 'cases', group: 'volume', statuses: REGISTERED, formula: { zh: '已立案及其后各环节的案件', en: 'cases registered or past registration' } },
  { id: 'dispatched', zh: '派遣数', en: 'Dispatched', unit: 'cases', group: 'volume', statuses: DISPATCHED, formula: { zh: '已派遣及其后各环节的案件', en: 'cases dispatched or past dispatch' } },
  { id: 'closed', zh: '结案数', en: 'Closed', unit: 'cases', group: 'volume', statuses: ['closed'], formula: { zh: '已结案的案件', en: 'closed cases' } },
  { id: 'closureRate', zh: '结案率', en: 'Closure rate', unit: 'ratio', group: 'rates', denominator: 'received', formula: { zh: '结案数 ÷ 受理数', en: 'closed ÷ received' } },
  { id: 'onTimeClosed', zh: '按期结案数', en: 'Closed on time', unit: 'cases', group: 'timeliness', statuses: ['closed'], formula: { zh: '在处置时限内（按工作日、工作时间计）结案的案件', en: 'cases closed within their limit, counted in working days and hours' } },
  { id: 'onTimeClosureRate', zh: '按期结案率', en: 'On-time closure rate', unit: 'ratio', group: 'rates', denominator: 'closed', formula: { zh: '按期结案数 ÷ 结案数', en: 'closed on time ÷ closed' } },
  { id: 'overdue', zh: '超期数', en: 'Overdue', unit: 'cases', group: 'timeliness', formula: { zh: '当前环节已超过时限的在办案件', en: 'open cases whose current stage is past its limit' } },
  { id: 'rework', zh: '返工数', en: 'Rework', unit: 'cases', group: 'timeliness', formula: { zh: '核查不通过、退回重新处置的次数', en: 'times a case was returned for rework after verification' } },
];

const byId = new Map(INDICATORS.map((d) => [d.id, d]));
/** The definition of an indicator. */
export const indicatorDef = (id: IndicatorId): IndicatorDef => byId.get(id)!;

/** Names of the average time per stage (环节平均用时), one indicator per clock stage. */
export const STAGE_NAMES: Record<(typeof CLOCK_STAGES)[number], { zh: string; en: string }> = {
  reported: { zh: '受理环节平均用时', en: 'Average time to register' },
  registered: { zh: '立案环节平均用时', en: 'Average time to dispatch' },
  dispatched: { zh: '派遣环节平均用时', en: 'Average time to start handling' },
  handling: { zh: '处置环节平均用时', en: 'Average handling time' },
  feedback: { zh: '核查环节平均用时', en: 'Average time to verify' },
};

export const IndicatorValuesSchema = z.object({
  received: z.number().int().nonnegative(),
  registered: z.number().int().nonnegative(),
  dispatched: z.number().int().nonnegative(),
  closed: z.number().int().nonnegative(),
  closureRate: z.number().min(0).max(1),
  onTimeClosed: z.number().int().nonnegative(),
  onTimeClosureRate: z.number().min(0).max(1),
  overdue: z.number().int().nonnegative(),
  rework: z.number().int().nonnegative(),
  /** Mean minutes per clock stage, over the stages that ended in the range. */
  avgStageMinutes: z.record(z.string(), z.number()),
});
export type IndicatorValues = z.infer<typeof IndicatorValuesSchema>;

/** What the indicators are computed from: counts by status of the cases reported in the range, and the rest. */
export interface IndicatorInputs {
  byStatus: Readonly<Record<string, number>>;
  onTimeClosed: number;
  overdue: number;
  rework: number;
  avgStageMinutes: Readonly<Record<string, number>>;
}

/** Rates to four decimals (95.62% = 0.9562), as the city reports them. */
export const roundRate = (x: number): number => Math.round(x * 10_000) / 10_000;

const countOf = (byStatus: Readonly<Record<string, number>>, statuses: readonly Status[]): number =>
  statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);

/** The catalogue's indicators from their inputs. */
export function computeIndicators(i: IndicatorInputs): IndicatorValues {
  const received = countOf(i.byStatus, RECEIVED);
  const closed = countOf(i.byStatus, ['closed']);
  const onTimeClosed = Math.min(i.onTimeClosed, closed);
  return {
    received,
    registered: countOf(i.byStatus, REGISTERED),
    dispatched: countOf(i.byStatus, DISPATCHED),
    closed,
    closureRate: received ? roundRate(closed / received) : 0,
    onTimeClosed,
    onTimeClosureRate: closed ? roundRate(onTimeClosed / closed) : 0,
    overdue: i.overdue,
    rework: i.rework,
    avgStageMinutes: { ...i.avgStageMinutes },
  };
}

/**
 * Change against a comparison period (同比: same period last year; 环比: the previous period):
 * counts and times as a relative change ((now − then) ÷ then), rates in points (now − then).
 * Null where the comparison period had none (a change from zero has no ratio), and for a rate
 * when either period has nothing to divide by (a period without cases has no closure rate: it is
 * not 0%, and "+78 points" against it would mislead).
 */
export type IndicatorChange = Record<IndicatorId, number | null>;

export function indicatorChange(now: IndicatorValues, then: IndicatorValues): IndicatorChange {
  const out = {} as IndicatorChange;
  for (const def of INDICATORS) {
    const a = now[def.id];
    const b = then[def.id];
    if (def.unit === 'ratio') {
      const [da, db] = def.denominator ? [now[def.denominator], then[def.denominator]] : [1, 1];
      out[def.id] = da && db ? roundRate(a - b) : !da && !db ? 0 : null;
    }
    else out[def.id] = b === 0 ? (a === 0 ? 0 : null) : roundRate((a - b) / b);
  }
  return out;
}

/**
 * The period just before [from, to) (环比) — the previous calendar month when the range is one
 * (China time), else the same length just before — and the same period a year earlier (同比).
 */
export function comparisonRanges(from: number, to: number): { previous: { from: number; to: number }; lastYear: { from: number; to: number } } {
  const TZ = 8 * 3_600_000;
  const shiftMonths = (t: number, months: number): number => {
    const d = new Date(t + TZ);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.getTime() - TZ;
  };
  const start = new Date(from + TZ);
  const isMonth = start.getUTCDate() === 1 && from % 86_400_000 === 16 * 3_600_000 && shiftMonths(from, 1) === to;
  return {
    previous: isMonth ? { from: shiftMonths(from, -1), to: from } : { from: from - (to - from), to: from },
    lastYear: { from: shiftMonths(from, -12), to: shiftMonths(to, -12) },
  };
}
