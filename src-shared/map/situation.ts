import type { Severity } from '../domain/severity';
import { TERMINAL_STATUSES, type Status } from '../domain/status';
import type { IncidentPoint } from './points';

/**
 * The situation as of one instant, from one list of incident points: the filter, the per-grid
 * figures and the counters are all computed here, so the map, the list and the counters can
 * never disagree. Pure functions; the renderer calls them with its clock (now, or the replay time).
 */

/** What a person filters the situation by. `null` means "any". */
export interface SituationFilter {
  categories: readonly string[] | null;
  severities: readonly Severity[] | null;
  statuses: readonly Status[] | null;
  gridIds: readonly string[] | null;
}

export const ANY_FILTER: SituationFilter = { categories: null, severities: null, statuses: null, gridIds: null };

/** A time window of report times, [from, to). */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * The status an incident had at time `t`. The cache keeps the current status and when it was last
 * seen to change; before that moment the case is taken to be still open as first reported.
 */
export function statusAt(p: IncidentPoint, t: number): Status {
  return p.updatedAt <= t ? p.status : 'reported';
}

export function isOpenAt(p: IncidentPoint, t: number): boolean {
  return !TERMINAL_STATUSES.includes(statusAt(p, t));
}

/**
 * Time allowed to close a case, by severity, before it counts as overdue (the case clock). Red
 * incidents are expected to be handled within the hour; routine (blue) cases within three days.
 */
export const CASE_TIME_LIMIT_MS: Record<Severity, number> = {
  red: 1 * 3600_000,
  orange: 4 * 3600_000,
  yellow: 24 * 3600_000,
  blue: 72 * 3600_000,
};

export function isOverdueAt(p: IncidentPoint, t: number): boolean {
  return p.reportedAt <= t && isOpenAt(p, t) && t - p.reportedAt > CASE_TIME_LIMIT_MS[p.severity];
}

/** Does the incident belong to the situation at time `t`, within the window and the filter? */
export function matchesAt(p: IncidentPoint, filter: SituationFilter, window: TimeWindow, t: number): boolean {
  if (p.reportedAt < window.from || p.reportedAt >= window.to || p.reportedAt > t) return false;
  if (filter.severities && !filter.severities.includes(p.severity)) return false;
  if (filter.categories && !filter.categories.includes(p.category)) return false;
  if (filter.gridIds && (p.gridId === null || !filter.gridIds.includes(p.gridId))) return false;
  if (filter.statuses && !filter.statuses.includes(statusAt(p, t))) return false;
  return true;
}

/** The incidents of the situation at `t`, newest first. */
export function situationAt(points: readonly IncidentPoint[], filter: SituationFilter, window: TimeWindow, t: number): IncidentPoint[] {
  const out = points.filter((p) => matchesAt(p, filter, window, t));
  out.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return out;
}

/** Per-grid figures at one instant. */
export interface GridFigures {
  count: number;
  open: number;
  overdue: number;
  closed: number;
  /** Closed among accepted cases (rejected, duplicate and cancelled ones are not cases), 0..1; null with no case. */
  closureRate: number | null;
}

export interface SituationCounters {
  total: number;
  open: number;
  overdue: number;
  bySeverity: Record<Severity, number>;
  /** Keyed by grid id; incidents outside every grid are counted in `total` only. */
  byGrid: Map<string, GridFigures>;
}

/** Counters and per-grid figures of an already filtered situation, as of `t`. */
export function countSituation(visible: readonly IncidentPoint[], t: number): SituationCounters {
  const bySeverity: Record<Severity, number> = { red: 0, orange: 0, yellow: 0, blue: 0 };
  const byGrid = new Map<string, GridFigures & { accepted: number }>();
  let open = 0;
  let overdue = 0;
  for (const p of visible) {
    bySeverity[p.severity] += 1;
    const status = statusAt(p, t);
    const isOpen = !TERMINAL_STATUSES.includes(status);
    const late = isOpen && t - p.reportedAt > CASE_TIME_LIMIT_MS[p.severity];
    if (isOpen) open += 1;
    if (late) overdue += 1;
    if (p.gridId === null) continue;
    let g = byGrid.get(p.gridId);
    if (!g) byGrid.set(p.gridId, (g = { count: 0, open: 0, overdue: 0, closed: 0, closureRate: null, accepted: 0 }));
    g.count += 1;
    if (isOpen) g.open += 1;
    if (late) g.overdue += 1;
    if (status === 'closed') g.closed += 1;
    if (status !== 'rejected' && status !== 'duplicate' && status !== 'cancelled') g.accepted += 1;
  }
  const grids = new Map<string, GridFigures>();
  for (const [id, { accepted, ...g }] of byGrid) grids.set(id, { ...g, closureRate: accepted > 0 ? g.closed / accepted : null });
  return { total: visible.length, open, overdue, bySeverity, byGrid: grids };
}

/** What the grid situation layer shows. */
export const GRID_MEASURES = ['count', 'overdue', 'closureRate'] as const;
export type GridMeasure = (typeof GRID_MEASURES)[number];

/**
 * A grid's value for the choropleth, normalised to 0..1 against the busiest grid (counts, overdue)
 * or taken as is (closure rate); null when the grid has nothing to show.
 */
export function gridMeasureValues(byGrid: Map<string, GridFigures>, measure: GridMeasure): { values: Map<string, number | null>; max: number } {
  const values = new Map<string, number | null>();
  if (measure === 'closureRate') {
    for (const [id, g] of byGrid) values.set(id, g.closureRate);
    return { values, max: 1 };
  }
  let max = 0;
  for (const g of byGrid.values()) max = Math.max(max, g[measure]);
  for (const [id, g] of byGrid) values.set(id, max > 0 ? g[measure] / max : null);
  return { values, max };
}

/** Heatmap weight by severity: one red incident weighs as much as about seven routine ones. */
export const HEAT_WEIGHT: Record<Severity, number> = { red: 1, orange: 0.6, yellow: 0.3, blue: 0.15 };

/** Named time windows the situation can be limited to, ending at the clock. */
export const WINDOW_PRESETS = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type WindowPreset = keyof typeof WINDOW_PRESETS;
