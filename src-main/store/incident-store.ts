import type { IncidentPage } from '@shared/contract';
import type { StageLimit, StageLimits } from '@shared/domain/case-clock';
import type { Incident } from '@shared/domain/incident';
import { CaseClockLimits } from './case-clock-limits';
import { DailyCounts } from './daily-counts';
import { IncidentQuery, type IncidentFilter } from './incident-query';
import { IncidentWriter, type IncomingIncident } from './incident-writer';
import { InlineIndexer, type SearchIndexer } from './search-index';
import type { Db } from './sqlite-file';
import { StageDurations } from './stage-durations';

export type { IncidentFilter } from './incident-query';
export type { IncomingIncident } from './incident-writer';

/**
 * The local incident cache, as the services use it: one object over the parts that each own
 * their tables — IncidentWriter (the upsert path and feed cursors), IncidentQuery (filters and
 * search), CaseClockLimits, DailyCounts and StageDurations. All SQL is parameterized; writes go
 * in one transaction per batch.
 *
 * Durability: the database runs in WAL mode with `synchronous = NORMAL`. A committed batch
 * survives a crash of the process (the crash test kills a writer ten times and more); a power cut
 * can lose the last batches before a WAL checkpoint, never corrupt the file, and the feed cursor
 * that covers them is lost with them, so the feed sends them again. Case actions (CaseStore) are
 * written with `synchronous = FULL` for that one transaction, because nothing can resend them.
 */
export class IncidentStore {
  private readonly clockLimits: CaseClockLimits;
  private readonly durations: StageDurations;
  private readonly writer: IncidentWriter;
  private readonly reader: IncidentQuery;

  /**
   * `indexer` keeps the full-text index up to date from the queue this store writes; by default
   * it runs inline, before each search (see search-index.ts).
   */
  constructor(
    db: Db,
    readonly indexer: SearchIndexer = new InlineIndexer(db),
  ) {
    this.clockLimits = new CaseClockLimits(db);
    this.durations = new StageDurations(db);
    this.writer = new IncidentWriter(db, this.clockLimits, new DailyCounts(db), this.durations, indexer);
    this.reader = new IncidentQuery(db, indexer);
  }

  /** The case clock's limits in force (built-in defaults overlaid with the stored overrides). */
  get limits(): StageLimits {
    return this.clockLimits.current;
  }

  /**
   * Stores overrides of the case clock's limits and moves the deadlines of open cases to match.
   * Returns the limits now in force.
   */
  setLimits(rows: readonly StageLimit[]): StageLimits {
    return this.clockLimits.set(rows);
  }

  /** See IncidentWriter.upsertMany: one transaction per batch, with the feed cursor that covers it. */
  upsertMany(batch: readonly IncomingIncident[], cursor?: { feedId: string; value: string }): Incident[] {
    return this.writer.upsertMany(batch, cursor);
  }

  /** Adds the time a case spent in a stage to the per-day totals (open stages only). */
  recordStage(category: string, stage: Incident['status'], enteredAt: number, leftAt: number): void {
    this.durations.record(category, stage, enteredAt, leftAt);
  }

  get(id: string): Incident | undefined {
    return this.reader.get(id);
  }

  /** The raw payload an incident arrived in, parsed, or undefined. */
  raw(id: string): unknown {
    return this.reader.raw(id);
  }

  /** The newest report time from one source, or undefined when it has none. */
  latestReportedAt(source: string): number | undefined {
    return this.reader.latestReportedAt(source);
  }

  count(): number {
    return this.reader.count();
  }

  /** Incidents matching the filter, newest first. Text goes through the full-text index. */
  query(filter: IncidentFilter, limit: number, offset: number): IncidentPage {
    return this.reader.query(filter, limit, offset);
  }

  /** See IncidentQuery.search: full-text search, most recently stored first. */
  search(text: string, limit = 20, offset = 0, countUpTo = Number.MAX_SAFE_INTEGER): { total: number; hits: Incident[]; totalIsLowerBound?: boolean } {
    return this.reader.search(text, limit, offset, countUpTo);
  }

  /** Rows and changes the full-text index has not taken in yet. */
  searchPending(): number {
    return this.reader.searchPending();
  }

  /** The cursor stored with a feed's last batch, or undefined. */
  cursor(feedId: string): string | undefined {
    return this.writer.cursor(feedId);
  }
}
