import type { IncidentPage } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';
import type { Db } from './database';

interface IncidentRow {
  id: string;
  source: string;
  source_id: string;
  category: string;
  severity: Incident['severity'];
  status: Incident['status'];
  title: string;
  description: string;
  lon: number;
  lat: number;
  orig_lon: number;
  orig_lat: number;
  orig_datum: Incident['original']['datum'];
  grid_id: string | null;
  address: string;
  reported_at: number;
  updated_at: number;
  unit: string | null;
}

const COLUMNS =
  'id, source, source_id, category, severity, status, title, description, lon, lat, orig_lon, orig_lat, ' +
  'orig_datum, grid_id, address, reported_at, updated_at, unit';

function fromRow(r: IncidentRow): Incident {
  return {
    id: r.id,
    source: r.source,
    sourceId: r.source_id,
    category: r.category,
    severity: r.severity,
    status: r.status,
    title: r.title,
    description: r.description,
    lon: r.lon,
    lat: r.lat,
    original: { lon: r.orig_lon, lat: r.orig_lat, datum: r.orig_datum },
    gridId: r.grid_id,
    address: r.address,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    unit: r.unit,
  };
}

/** Filters as the store understands them (the contract's query after validation). */
export interface IncidentFilter {
  categories?: string[] | undefined;
  severities?: Incident['severity'][] | undefined;
  statuses?: Incident['status'][] | undefined;
  gridIds?: string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  text?: string | undefined;
}

/** An incident on its way in, with the payload it arrived in. */
export interface IncomingIncident {
  incident: Incident;
  raw: unknown;
}

/**
 * The local incident cache. All SQL is parameterized; writes go in one transaction per batch.
 */
export class IncidentStore {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly countStmt;
  private readonly cursorGet;
  private readonly cursorSet;

  constructor(private readonly db: Db) {
    // An update only happens when something a person can see changed, so `changes` tells us
    // exactly which incidents belong in the next delta.
    this.upsertStmt = db.prepare(`
      INSERT INTO incidents (${COLUMNS}, raw)
      VALUES (@id, @source, @sourceId, @category, @severity, @status, @title, @description, @lon, @lat,
              @origLon, @origLat, @origDatum, @gridId, @address, @reportedAt, @updatedAt, @unit, @raw)
      ON CONFLICT (id) DO UPDATE SET
        category = excluded.category, severity = excluded.severity, status = excluded.status,
        title = excluded.title, description = excluded.description, lon = excluded.lon, lat = excluded.lat,
        orig_lon = excluded.orig_lon, orig_lat = excluded.orig_lat, orig_datum = excluded.orig_datum,
        grid_id = excluded.grid_id, address = excluded.address, updated_at = excluded.updated_at,
        unit = excluded.unit, raw = excluded.raw
      WHERE (incidents.category, incidents.severity, incidents.status, incidents.title, incidents.description,
             incidents.lon, incidents.lat, incidents.grid_id, incidents.address, incidents.unit)
        IS NOT (excluded.category, excluded.severity, excluded.status, excluded.title, excluded.description,
                excluded.lon, excluded.lat, excluded.grid_id, excluded.address, excluded.unit)`);
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM incidents');
    this.cursorGet = db.prepare('SELECT cursor FROM feed_cursors WHERE feed_id = ?');
    this.cursorSet = db.prepare(
      `INSERT INTO feed_cursors (feed_id, cursor, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (feed_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    );
  }

  /**
   * Stores a batch in one transaction, together with the feed cursor that covers it, so a crash
   * can never record a cursor past incidents that were not stored. Returns the incidents that were
   * inserted or visibly changed (unchanged repeats are not returned).
   */
  upsertMany(batch: readonly IncomingIncident[], cursor?: { feedId: string; value: string }): Incident[] {
    const changed: Incident[] = [];
    this.db.transaction(() => {
      for (const { incident: i, raw } of batch) {
        const info = this.upsertStmt.run({
          id: i.id,
          source: i.source,
          sourceId: i.sourceId,
          category: i.category,
          severity: i.severity,
          status: i.status,
          title: i.title,
          description: i.description,
          lon: i.lon,
          lat: i.lat,
          origLon: i.original.lon,
          origLat: i.original.lat,
          origDatum: i.original.datum,
          gridId: i.gridId,
          address: i.address,
          reportedAt: i.reportedAt,
          updatedAt: i.updatedAt,
          unit: i.unit,
          raw: raw === undefined ? null : JSON.stringify(raw),
        });
        if (info.changes > 0) changed.push(i);
      }
      if (cursor) this.cursorSet.run(cursor.feedId, cursor.value, Date.now());
    })();
    return changed;
  }

  get(id: string): Incident | undefined {
    const row = this.getStmt.get(id) as IncidentRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The raw payload an incident arrived in, parsed, or undefined. */
  raw(id: string): unknown {
    const row = this.db.prepare('SELECT raw FROM incidents WHERE id = ?').get(id) as { raw: string | null } | undefined;
    return row?.raw ? JSON.parse(row.raw) : undefined;
  }

  /** The newest report time from one source, or undefined when it has none. */
  latestReportedAt(source: string): number | undefined {
    const row = this.db.prepare('SELECT max(reported_at) AS t FROM incidents WHERE source = ?').get(source) as { t: number | null };
    return row.t ?? undefined;
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  /** Incidents matching the filter, newest first. */
  query(filter: IncidentFilter, limit: number, offset: number): IncidentPage {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: readonly string[] | undefined): void => {
      if (!values) return;
      if (values.length === 0) {
        where.push('0');
        return;
      }
      where.push(`${column} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    };
    inList('category', filter.categories);
    inList('severity', filter.severities);
    inList('status', filter.statuses);
    inList('grid_id', filter.gridIds);
    if (filter.from !== undefined) {
      where.push('reported_at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('reported_at < ?');
      params.push(filter.to);
    }
    const text = filter.text?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')");
      params.push(pattern, pattern, pattern);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM incidents ${clause} ORDER BY reported_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as IncidentRow[];
    return { total, items: rows.map(fromRow) };
  }

  cursor(feedId: string): string | undefined {
    return (this.cursorGet.get(feedId) as { cursor: string } | undefined)?.cursor;
  }
}
