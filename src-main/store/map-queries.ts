import { encodePoints, type IncidentPoint, type IncidentPointColumns } from '@shared/map/points';
import type { Incident } from '@shared/domain/incident';
import type { Db } from './database';

interface PointRow {
  id: string;
  title: string;
  lon: number;
  lat: number;
  severity: Incident['severity'];
  status: Incident['status'];
  category: string;
  grid_id: string | null;
  reported_at: number;
  updated_at: number;
}

/**
 * Reads for the situation map and replay: compact points of a time window of the cache, newest
 * first, in one indexed range scan (`incidents_reported`). Filters by category, severity, status
 * and grid are applied by the renderer with the shared situation functions, so that the map, the
 * list and the counters share one computation and a filter change needs no round trip.
 */
export class MapQueries {
  private readonly rangeStmt;

  constructor(private readonly db: Db) {
    this.rangeStmt = db.prepare('SELECT min(reported_at) AS first, max(reported_at) AS last FROM incidents');
  }

  incidentPoints(q: { from?: number | undefined; to?: number | undefined; limit: number }): IncidentPointColumns {
    const where: string[] = [];
    const params: number[] = [];
    if (q.from !== undefined) {
      where.push('reported_at >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('reported_at < ?');
      params.push(q.to);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT id, title, lon, lat, severity, status, category, grid_id, reported_at, updated_at
         FROM incidents ${clause} ORDER BY reported_at DESC LIMIT ?`,
      )
      .all(...params, q.limit) as PointRow[];
    const range = this.rangeStmt.get() as { first: number | null; last: number | null };
    const points: IncidentPoint[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      lon: r.lon,
      lat: r.lat,
      severity: r.severity,
      status: r.status,
      category: r.category,
      gridId: r.grid_id,
      reportedAt: r.reported_at,
      updatedAt: r.updated_at,
    }));
    return encodePoints(points, { total, truncated: total > rows.length, cacheFirst: range.first, cacheLast: range.last });
  }
}
