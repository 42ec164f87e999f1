import type { IncidentPage } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';
import { searchPlan, type SearchPlan } from '@shared/domain/search-text';
import { COLUMNS, fromRow, type IncidentRow } from './incident-row';
import { pendingCount, type SearchIndexer } from './search-index';
import type { Db } from './sqlite-file';

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

/**
 * Reading incidents: one by id, pages by filter (newest first) and full-text search, which goes
 * through the index in `search.sqlite` (search-index.ts) and asks the indexer to catch up first.
 */
export class IncidentQuery {
  private readonly getStmt;
  private readonly countStmt;

  constructor(
    private readonly db: Db,
    private readonly indexer: SearchIndexer,
  ) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM incidents');
  }

  /** One incident by id, or undefined. */
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

  /** How many incidents the cache holds. */
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
        // Nothing indexable (punctuation only): a plain substring scan.
        const s = containsSql(text);
        where.push(s.where);
        params.push(...s.params);
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
}

/**
 * A LIKE pattern that matches `text` anywhere, its wildcards (`%`, `_`) and the escape character
 * itself escaped with a backslash (hence `ESCAPE '\\'` beside every use).
 */
const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE clause (on `incidents`) of "title, description or address contains `text`". */
function containsSql(text: string): { where: string; params: unknown[] } {
  const p = likeContains(text);
  return { where: "(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')", params: [p, p, p] };
}

/** The WHERE clause (on `incidents`) of a search plan: the index, then the substrings it left out. */
function searchSql(plan: SearchPlan): { where: string; params: unknown[] } {
  const parts = ['seq IN (SELECT rowid FROM search.incidents_fts WHERE incidents_fts MATCH ?)'];
  const params: unknown[] = [plan.match];
  for (const c of plan.contains) {
    const s = containsSql(c);
    parts.push(s.where);
    params.push(...s.params);
  }
  return { where: parts.join(' AND '), params };
}
