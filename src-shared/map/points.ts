import type { Incident } from '../domain/incident';
import { SEVERITIES, type Severity } from '../domain/severity';
import { STATUSES, type Status } from '../domain/status';
import type { IncidentPointColumns } from './point-schemas';

/**
 * Compact incident points for the map and replay: what the situation view needs of each incident
 * (no description, no raw payload), sent as columns so 100,000+ rows stay a few megabytes.
 */

export type { IncidentPointColumns } from './point-schemas';


/** One incident as the map, list and counters of the situation view see it. */
export interface IncidentPoint {
  id: string;
  title: string;
  lon: number;
  lat: number;
  severity: Severity;
  status: Status;
  category: string;
  gridId: string | null;
  reportedAt: number;
  /** When its current status was last seen to change (the console's receipt time). */
  updatedAt: number;
}

export function pointFromIncident(i: Incident): IncidentPoint {
  return {
    id: i.id,
    title: i.title,
    lon: i.lon,
    lat: i.lat,
    severity: i.severity,
    status: i.status,
    category: i.category,
    gridId: i.gridId,
    reportedAt: i.reportedAt,
    updatedAt: i.updatedAt,
  };
}

/** Builds the wire columns from rows (main side). */
export function encodePoints(
  rows: readonly IncidentPoint[],
  meta: { total: number; truncated: boolean; cacheFirst: number | null; cacheLast: number | null },
): IncidentPointColumns {
  const categories: string[] = [];
  const grids: string[] = [];
  const catIndex = new Map<string, number>();
  const gridIndex = new Map<string, number>();
  const intern = (dict: string[], index: Map<string, number>, v: string): number => {
    let n = index.get(v);
    if (n === undefined) {
      n = dict.length;
      dict.push(v);
      index.set(v, n);
    }
    return n;
  };
  const out: IncidentPointColumns = {
    ...meta,
    categories,
    grids,
    id: [],
    title: [],
    lon: [],
    lat: [],
    severity: [],
    status: [],
    category: [],
    grid: [],
    reportedAt: [],
    updatedAt: [],
  };
  for (const r of rows) {
    out.id.push(r.id);
    out.title.push(r.title);
    out.lon.push(r.lon);
    out.lat.push(r.lat);
    out.severity.push(SEVERITIES.indexOf(r.severity));
    out.status.push(STATUSES.indexOf(r.status));
    out.category.push(intern(categories, catIndex, r.category));
    out.grid.push(r.gridId === null ? -1 : intern(grids, gridIndex, r.gridId));
    out.reportedAt.push(r.reportedAt);
    out.updatedAt.push(r.updatedAt);
  }
  return out;
}

/** Rows from the wire columns (renderer side). Rows with out-of-range codes are dropped. */
export function decodePoints(c: IncidentPointColumns): IncidentPoint[] {
  const rows: IncidentPoint[] = [];
  for (let i = 0; i < c.id.length; i++) {
    const severity = SEVERITIES[c.severity[i]!];
    const status = STATUSES[c.status[i]!];
    const category = c.categories[c.category[i]!];
    const g = c.grid[i]!;
    if (!severity || !status || category === undefined) continue;
    rows.push({
      id: c.id[i]!,
      title: c.title[i] ?? '',
      lon: c.lon[i]!,
      lat: c.lat[i]!,
      severity,
      status,
      category,
      gridId: g < 0 ? null : (c.grids[g] ?? null),
      reportedAt: c.reportedAt[i]!,
      updatedAt: c.updatedAt[i]!,
    });
  }
  return rows;
}

/** Newest report first; ties by id, descending (the order of the situation store and the list). */
export const newestFirst = (a: IncidentPoint, b: IncidentPoint): number =>
  b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * `points` (in `newestFirst` order) with `changed` applied: a point with a known id is replaced,
 * an unknown id is added; the result is in the same order. A live batch touches a few hundred of
 * a hundred thousand points, so the unchanged run is kept in place and only the points that move
 * are sorted and merged in (linear), rather than sorting everything again.
 */
export function mergeChanges(points: readonly IncidentPoint[], changed: readonly IncidentPoint[]): IncidentPoint[] {
  const incoming = new Map(changed.map((p) => [p.id, p] as const));
  const kept: IncidentPoint[] = [];
  const moved: IncidentPoint[] = [];
  for (const p of points) {
    const next = incoming.get(p.id);
    if (!next) kept.push(p);
    else {
      incoming.delete(p.id);
      // Same report time and id: the same place in the order.
      if (next.reportedAt === p.reportedAt) kept.push(next);
      else moved.push(next);
    }
  }
  moved.push(...incoming.values());
  if (moved.length === 0) return kept;
  moved.sort(newestFirst);
  const out: IncidentPoint[] = new Array(kept.length + moved.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < moved.length) out[k++] = newestFirst(kept[i]!, moved[j]!) <= 0 ? kept[i++]! : moved[j++]!;
  while (i < kept.length) out[k++] = kept[i++]!;
  while (j < moved.length) out[k++] = moved[j++]!;
  return out;
}
