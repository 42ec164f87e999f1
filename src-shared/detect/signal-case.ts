import { ALL_CATEGORIES } from '../domain/categories';
import type { Incident } from '../domain/incident';
import { CITY_CENTER, gridInfo } from '../geo/grids';
import { isStrongSignal, type Signal } from './signal';

/** The source of cases opened from detection signals. */
export const SIGNAL_CASE_SOURCE = 'signal';

/** The id of the case a signal is escalated into (one case per signal). */
export const signalCaseId = (signalId: string): string => `${SIGNAL_CASE_SOURCE}:${signalId}`.slice(0, 300);

/**
 * The case an analyst opens from a signal: at the centre of its grids (or the city's centre for a
 * city-wide signal), in its category, orange when the signal is strong and yellow otherwise; the
 * title and description say what was detected (the record, in the city's language, like the
 * feeds' own titles).
 */
export function signalCase(s: Signal, reason: string, now: number): Incident {
  const centres = s.grids.map((g) => gridInfo(g)?.center).filter((c): c is [number, number] => !!c);
  const [lon, lat] = centres.length
    ? [centres.reduce((a, c) => a + c[0], 0) / centres.length, centres.reduce((a, c) => a + c[1], 0) / centres.length]
    : CITY_CENTER;
  const category = ALL_CATEGORIES.find((c) => c.code === s.category)?.zh ?? s.category;
  const where = s.grids.length ? s.grids.map((g) => gridInfo(g)?.zh ?? g).join('、') : '全市';
  const ratio = `${s.observed} / ${s.expected.toFixed(1)}`;
  return {
    id: signalCaseId(s.id),
    source: SIGNAL_CASE_SOURCE,
    sourceId: s.id.slice(0, 200),
    category: s.category,
    severity: isStrongSignal(s) ? 'orange' : 'yellow',
    status: 'reported',
    title: `研判信号：${where}${category}异常（${s.start}…${s.end}）`.slice(0, 500),
    description: [
      `方法 ${s.method}；观测/期望 ${ratio}${s.recurrenceDays !== null ? `；重现间隔 ${Math.round(s.recurrenceDays)} 天` : ''}。`,
      reason ? `升级理由：${reason}` : '',
    ]
      .filter(Boolean)
      .join('\n')
      .slice(0, 20_000),
    lon,
    lat,
    original: { lon, lat, datum: 'WGS84' },
    gridId: s.grids[0] ?? null,
    address: where.slice(0, 500),
    reportedAt: now,
    updatedAt: now,
    unit: null,
  };
}
