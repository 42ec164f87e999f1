import type { IncidentPage } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';
import { StageLimits, type StageLimit } from '@shared/domain/case-clock';
import { isOpen } from '@shared/domain/lifecycle';
import { searchPlan, type SearchPlan } from '@shared/domain/search-text';
import type { Db } from './database';
import { InlineIndexer, REINDEX_SQL, pendingCount, trimQueue, type SearchIndexer } from './search-index';

interface IncidentRow {
  seq: number;
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
  stage_entered_at: number;
  due_at: number | null;
  attachments: string | null;
}

export const COLUMNS =
  'seq, id, source, source_id, category, severity, status, title, description, lon, lat, orig_lon, orig_lat, ' +
  'orig_datum, grid_id, address, reported_at, updated_at, unit, stage_entered_at, due_at, attachments';

export function fromRow(r: IncidentRow): Incident {
  const incident: Incident = {
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
    stageEnteredAt: r.stage_entered_at,
    dueAt: r.due_at,
  };
  if (r.attachments) incident.attachments = JSON.parse(r.attachments) as Incident['attachments'];
  return incident;
}

export type { IncidentRow };

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

interface PriorRow {
  seq: number;
  status: Incident['status'];
  category: string;
  stage_entered_at: number;
  title: string;
  description: string;
  address: string;
}

/** China Standard Time day number of an instant (the unit of the daily counts). */
export const chinaDay = (ms: number): number => Math.floor((ms + 8 * 3_600_000) / 86_400_000);

/** China Standard Time month number of an instant: year × 12 + month − 1 (the unit of the monthly counts). */
export function chinaMonth(ms: number): number {
  const d = new Date(ms + 8 * 3_600_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * The local incident cache. All SQL is parameterized; writes go in one transaction per batch.
 *
 * Durability: the database runs in WAL mode with `synchronous = NORMAL`. A committed batch
 * survives a crash of the process (the crash test kills a writer ten times and more); a power cut
 * can lose the last batches before a WAL checkpoint, never corrupt the file, and the feed cursor
 * that covers them is lost with them, so the feed sends them again. Case actions (CaseStore) are
 * written with `synchronous = FULL` for that one transaction, because nothing can resend them.
 */
export class IncidentStore {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly priorStmt;
  private readonly getStmt;
  private readonly countStmt;
  private readonly cursorGet;
  private readonly cursorSet;
  private readonly enqueueSearch;
  private batches = 0;
  private readonly historyInsert;
  private readonly durationAdd;
  private readonly countAdd;
  /** New incidents in the current batch per (day, category, grid, severity, status) (see migration 0004). */
  private readonly pendingCounts = new Map<string, { day: number; category: string; grid: string; severity: string; status: string; n: number }>();
  /** China-time month of a China-time day, remembered: a batch spans few days. */
  private readonly monthOfDay = new Map<number, number>();
  private stageLimits: StageLimits;

  /**
   * `indexer` keeps the full-text index up to date from the queue this store writes; by default
   * it runs inline, before each search (see search-index.ts).
   */
  constructor(
    private readonly db: Db,
    readonly indexer: SearchIndexer = new InlineIndexer(db),
  ) {
    // New rows go in first and the id's unique index tells whether the incident was known: most of
    // a feed's messages are new, and then no separate lookup is made.
    this.insertStmt = db.prepare(`
      INSERT INTO incidents (id, source, source_id, category, severity, status, title, description, lon, lat,
        orig_lon, orig_lat, orig_datum, grid_id, address, reported_at, updated_at, unit, raw, stage_entered_at, due_at, attachments)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`);
    // An update only happens when something a person can see changed, so `changes` tells us
    // exactly which incidents belong in the next delta.
    this.updateStmt = db.prepare(`
      UPDATE incidents SET
        category = @category, severity = @severity, status = @status, title = @title, description = @description,
        lon = @lon, lat = @lat, orig_lon = @origLon, orig_lat = @origLat, orig_datum = @origDatum, grid_id = @gridId,
        address = @address, updated_at = @updatedAt, unit = @unit, raw = @raw, stage_entered_at = @stageEnteredAt,
        due_at = @dueAt, attachments = coalesce(@attachments, attachments)
      WHERE seq = @seq AND (category, severity, status, title, description, lon, lat, grid_id, address, unit,
                            coalesce(@attachments, attachments))
        IS NOT (@category, @severity, @status, @title, @description, @lon, @lat, @gridId, @address, @unit, attachments)`);
    this.priorStmt = db.prepare('SELECT seq, status, category, stage_entered_at, title, description, address FROM incidents WHERE id = ?');
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM incidents');
    this.cursorGet = db.prepare('SELECT cursor FROM feed_cursors WHERE feed_id = ?');
    this.cursorSet = db.prepare(
      `INSERT INTO feed_cursors (feed_id, cursor, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (feed_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    );
    this.enqueueSearch = db.prepare(REINDEX_SQL);
    this.historyInsert = db.prepare(`
      INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.durationAdd = db.prepare(`
      INSERT INTO stage_durations (day, category, stage, n, total_ms) VALUES (?, ?, ?, 1, ?)
      ON CONFLICT DO UPDATE SET n = n + 1, total_ms = total_ms + excluded.total_ms`);
    this.countAdd = db.prepare('INSERT INTO incident_day_counts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n');
    this.stageLimits = this.loadLimits();
  }

  /** The case clock's limits in force (built-in defaults overlaid with the stored overrides). */
  get limits(): StageLimits {
    return this.stageLimits;
  }

  private loadLimits(): StageLimits {
    const rows = this.db.prepare('SELECT category, stage, minutes FROM case_clock_limits').all() as StageLimit[];
    return new StageLimits(rows);
  }

  /**
   * Stores overrides of the case clock's limits and moves the deadlines of open cases to match.
   * Returns the limits now in force.
   */
  setLimits(rows: readonly StageLimit[]): StageLimits {
    const put = this.db.prepare(
      'INSERT INTO case_clock_limits (category, stage, minutes) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET minutes = excluded.minutes',
    );
    const open = this.db.prepare('SELECT seq, category, status, stage_entered_at FROM incidents WHERE due_at IS NOT NULL');
    const due = this.db.prepare('UPDATE incidents SET due_at = ? WHERE seq = ?');
    this.db.transaction(() => {
      for (const r of rows) put.run(r.category, r.stage, r.minutes);
      this.stageLimits = this.loadLimits();
      for (const r of open.all() as { seq: number; category: string; status: Incident['status']; stage_entered_at: number }[]) {
        due.run(this.stageLimits.dueAt(r.category, r.status, r.stage_entered_at), r.seq);
      }
    })();
    return this.stageLimits;
  }

  /**
   * Stores a batch in one transaction, together with the feed cursor that covers it, so a crash
   * can never record a cursor past incidents that were not stored. A status the feed changed is
   * appended to the case history. Returns the incidents that were inserted or visibly changed
   * (unchanged repeats are not returned), with their case clock; a new incident is the incoming
   * object itself, its case clock filled in.
   */
  upsertMany(batch: readonly IncomingIncident[], cursor?: { feedId: string; value: string }): Incident[] {
    const changed: Incident[] = [];
    this.db.transaction(() => {
      this.pendingCounts.clear();
      for (const item of batch) {
        const stored = this.upsertOne(item);
        if (stored) changed.push(stored);
      }
      this.flushCounts();
      if (cursor) this.cursorSet.run(cursor.feedId, cursor.value, Date.now());
      if (++this.batches % 16 === 0) trimQueue(this.db);
    })();
    if (changed.length) this.indexer.notify();
    return changed;
  }

  /** Adds the batch's new incidents to the daily and monthly counts, one upsert per key. */
  private flushCounts(): void {
    const sums = new Map<string, { dim: string; period: number; key: string; status: string; n: number }>();
    const add = (dim: string, period: number, key: string, status: string, n: number): void => {
      const k = `${dim}\u0000${period}\u0000${key}\u0000${status}`;
      const row = sums.get(k);
      if (row) row.n += n;
      else sums.set(k, { dim, period, key, status, n });
    };
    for (const c of this.pendingCounts.values()) {
      let month = this.monthOfDay.get(c.day);
      if (month === undefined) {
        month = chinaMonth(c.day * 86_400_000 - 8 * 3_600_000); // the day's first China-time instant
        this.monthOfDay.set(c.day, month);
      }
      add('c', c.day, c.category, c.status, c.n);
      add('g', c.day, c.grid, c.status, c.n);
      add('s', c.day, c.severity, c.status, c.n);
      add('C', month, c.category, c.status, c.n);
      add('G', month, c.grid, c.status, c.n);
      add('S', month, c.severity, c.status, c.n);
    }
    for (const r of sums.values()) this.countAdd.run(r.dim, r.period, r.key, r.status, r.n);
    this.pendingCounts.clear();
  }

  private upsertOne({ incident: i, raw }: IncomingIncident): Incident | undefined {
    const rawText = raw === undefined ? null : JSON.stringify(raw);
    const attachments = i.attachments ? JSON.stringify(i.attachments) : null;
    const enteredIfNew = i.status === 'reported' ? i.reportedAt : i.updatedAt;
    const dueIfNew = this.stageLimits.dueAt(i.category, i.status, enteredIfNew);
    const inserted = this.insertStmt.run(
      i.id, i.source, i.sourceId, i.category, i.severity, i.status, i.title, i.description, i.lon, i.lat,
      i.original.lon, i.original.lat, i.original.datum, i.gridId, i.address, i.reportedAt, i.updatedAt, i.unit,
      rawText, enteredIfNew, dueIfNew, attachments,
    );
    if (inserted.changes === 1) {
      const day = chinaDay(i.reportedAt);
      const grid = i.gridId ?? '';
      const key = `${day}\u0000${i.category}\u0000${grid}\u0000${i.severity}\u0000${i.status}`;
      const pending = this.pendingCounts.get(key);
      if (pending) pending.n++;
      else this.pendingCounts.set(key, { day, category: i.category, grid, severity: i.severity, status: i.status, n: 1 });
      if (i.status !== 'reported') {
        this.historyInsert.run(i.id, i.updatedAt, `feed:${i.source}`, null, null, null, i.status, i.unit, null, 'feed');
      }
      // The incoming object is completed in place (a copy of its twenty fields per row measured
      // 3 µs of the 23 the store spends on a new row, most of it in the garbage collector).
      i.stageEnteredAt = enteredIfNew;
      i.dueAt = dueIfNew;
      return i;
    }
    const prior = this.priorStmt.get(i.id) as PriorRow;
    const statusChanged = prior.status !== i.status;
    const stageEnteredAt = statusChanged ? i.updatedAt : prior.stage_entered_at;
    const dueAt = this.stageLimits.dueAt(i.category, i.status, stageEnteredAt);
    const changed = this.updateStmt.run({
      seq: prior.seq,
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
      updatedAt: i.updatedAt,
      unit: i.unit,
      raw: rawText,
      stageEnteredAt,
      dueAt,
      attachments,
    });
    if (changed.changes === 0) return undefined;
    if (prior.title !== i.title || prior.description !== i.description || prior.address !== i.address) {
      this.enqueueSearch.run(prior.seq);
    }
    if (statusChanged) {
      this.historyInsert.run(i.id, i.updatedAt, `feed:${i.source}`, null, null, prior.status, i.status, i.unit, null, 'feed');
      this.recordStage(prior.category, prior.status, prior.stage_entered_at, i.updatedAt);
    }
    return { ...i, stageEnteredAt, dueAt };
  }

  /** Adds the time a case spent in a stage to the per-day totals (open stages only). */
  recordStage(category: string, stage: Incident['status'], enteredAt: number, leftAt: number): void {
    if (!isOpen(stage) || leftAt < enteredAt) return;
    this.durationAdd.run(chinaDay(leftAt), category, stage, leftAt - enteredAt);
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

  /** Incidents matching the filter, newest first. Text goes through the full-text index. */
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
      const plan = searchPlan(text);
      if (plan) {
        this.indexer.beforeSearch();
        const s = searchSql(plan);
        where.push(s.where);
        params.push(...s.params);
      } else {
        // Nothing indexable (punctuation only): a plain substring scan, wildcards escaped.
        const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push("(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')");
        params.push(pattern, pattern, pattern);
      }
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM incidents ${clause} ORDER BY reported_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as IncidentRow[];
    return { total, items: rows.map(fromRow) };
  }

  /**
   * Full-text search: every incident whose title, description or address contains the text
   * (Chinese or not), most recently stored first. `total` counts every hit, or stops at
   * `countUpTo` (then `totalIsLowerBound` is true): counting 150,000 hits of a common word costs
   * more than showing "10,000+" is worth on screen.
   */
  search(text: string, limit = 20, offset = 0, countUpTo = Number.MAX_SAFE_INTEGER): { total: number; hits: Incident[]; totalIsLowerBound?: boolean } {
    const plan = searchPlan(text);
    if (!plan) return { total: 0, hits: [] };
    this.indexer.beforeSearch();
    if (plan.contains.length === 0) {
      const total = this.db
        .prepare('SELECT count(*) FROM (SELECT rowid FROM search.incidents_fts WHERE incidents_fts MATCH ? LIMIT ?)')
        .pluck()
        .get(plan.match, countUpTo) as number;
      const rows = this.db
        .prepare(
          `SELECT ${COLUMNS} FROM incidents WHERE seq IN (
             SELECT rowid FROM search.incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?)
           ORDER BY seq DESC`,
        )
        .all(plan.match, limit, offset) as IncidentRow[];
      return total >= countUpTo ? { total, hits: rows.map(fromRow), totalIsLowerBound: true } : { total, hits: rows.map(fromRow) };
    }
    // Substrings to check: the index narrows to a few rows; one pass collects the matching keys.
    const s = searchSql(plan);
    const seqs = this.db
      .prepare(`SELECT seq FROM incidents WHERE ${s.where} ORDER BY seq DESC LIMIT ?`)
      .pluck()
      .all(...s.params, countUpTo) as number[];
    const page = seqs.slice(offset, offset + limit);
    const rows = page.length
      ? (this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE seq IN (${page.map(() => '?').join(',')}) ORDER BY seq DESC`).all(...page) as IncidentRow[])
      : [];
    const total = seqs.length;
    return total >= countUpTo ? { total, hits: rows.map(fromRow), totalIsLowerBound: true } : { total, hits: rows.map(fromRow) };
  }

  /** Rows and changes the full-text index has not taken in yet. */
  searchPending(): number {
    return pendingCount(this.db);
  }

  cursor(feedId: string): string | undefined {
    return (this.cursorGet.get(feedId) as { cursor: string } | undefined)?.cursor;
  }
}

const likeEscape = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE clause (on `incidents`) of a search plan: the index, then the substrings it left out. */
function searchSql(plan: SearchPlan): { where: string; params: unknown[] } {
  const parts = ['seq IN (SELECT rowid FROM search.incidents_fts WHERE incidents_fts MATCH ?)'];
  const params: unknown[] = [plan.match];
  for (const c of plan.contains) {
    parts.push("(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')");
    const p = likeEscape(c);
    params.push(p, p, p);
  }
  return { where: parts.join(' AND '), params };
}
