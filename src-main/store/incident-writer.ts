import type { Incident } from '@shared/domain/incident';
import type { CaseClockLimits } from './case-clock-limits';
import type { DailyCounts } from './daily-counts';
import { onTimeFlag } from './incident-rollup';
import { REINDEX_SQL, trimQueue, type SearchIndexer } from './search-index';
import type { Db } from './sqlite-file';
import type { StageDurations } from './stage-durations';

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

/**
 * The one path incidents from the feeds take into the cache: insert or update, the case clock's
 * deadline, the feed's status changes into the history, the stage durations, the daily counts,
 * the search queue and the feed cursor, all in one transaction per batch.
 */
export class IncidentWriter {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly priorStmt;
  private readonly cursorGet;
  private readonly cursorSet;
  private readonly enqueueSearch;
  private readonly historyInsert;
  private readonly sourceClosedAt;
  private batches = 0;

  constructor(
    private readonly db: Db,
    private readonly limits: CaseClockLimits,
    private readonly counts: DailyCounts,
    private readonly durations: StageDurations,
    private readonly indexer: SearchIndexer,
  ) {
    // New rows go in first and the id's unique index tells whether the incident was known: most of
    // a feed's messages are new, and then no separate lookup is made.
    this.insertStmt = db.prepare(`
      INSERT INTO incidents (id, source, source_id, category, severity, status, title, description, lon, lat,
        orig_lon, orig_lat, orig_datum, grid_id, address, reported_at, updated_at, unit, raw, stage_entered_at, due_at, attachments, on_time)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    this.cursorGet = db.prepare('SELECT cursor FROM feed_cursors WHERE feed_id = ?');
    this.cursorSet = db.prepare(
      `INSERT INTO feed_cursors (feed_id, cursor, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (feed_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    );
    this.enqueueSearch = db.prepare(REINDEX_SQL);
    // The source's own closing time, read as the analysis roll-up's on-time flag reads it (incident-rollup.ts).
    this.sourceClosedAt = db.prepare("SELECT unixepoch(json_extract(?, '$.updated_datetime')) * 1000 AS t").pluck();
    this.historyInsert = db.prepare(`
      INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
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
      this.counts.discard();
      for (const item of batch) {
        const stored = this.upsertOne(item);
        if (stored) changed.push(stored);
      }
      this.counts.flush();
      if (cursor) this.cursorSet.run(cursor.feedId, cursor.value, Date.now());
      if (++this.batches % 16 === 0) trimQueue(this.db);
    })();
    if (changed.length) this.indexer.notify();
    return changed;
  }

  /** The cursor stored with a feed's last batch, or undefined. */
  cursor(feedId: string): string | undefined {
    return (this.cursorGet.get(feedId) as { cursor: string } | undefined)?.cursor;
  }

  /**
   * When a new closed incident was closed: the source's own time when its payload gives one,
   * else its last update (which is also when its first history entry says it was closed).
   */
  private closedAt(raw: unknown, rawText: string | null, updatedAt: number): number {
    if (rawText === null || typeof raw !== 'object' || raw === null || !('updated_datetime' in raw)) return updatedAt;
    return (this.sourceClosedAt.get(rawText) as number | null) ?? updatedAt;
  }

  private upsertOne({ incident: i, raw }: IncomingIncident): Incident | undefined {
    const limits = this.limits.current;
    const rawText = raw === undefined ? null : JSON.stringify(raw);
    const attachments = i.attachments ? JSON.stringify(i.attachments) : null;
    const enteredIfNew = i.status === 'reported' ? i.reportedAt : i.updatedAt;
    const dueIfNew = limits.dueAt(i.category, i.status, enteredIfNew);
    const onTime = i.status === 'closed' ? onTimeFlag(this.db, i.category, i.reportedAt, this.closedAt(raw, rawText, i.updatedAt)) : null;
    const inserted = this.insertStmt.run(
      i.id, i.source, i.sourceId, i.category, i.severity, i.status, i.title, i.description, i.lon, i.lat,
      i.original.lon, i.original.lat, i.original.datum, i.gridId, i.address, i.reportedAt, i.updatedAt, i.unit,
      rawText, enteredIfNew, dueIfNew, attachments, onTime,
    );
    if (inserted.changes === 1) {
      this.counts.countNew(i, onTime);
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
    const dueAt = limits.dueAt(i.category, i.status, stageEnteredAt);
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
      this.durations.record(prior.category, prior.status, prior.stage_entered_at, i.updatedAt);
    }
    return { ...i, stageEnteredAt, dueAt };
  }
}
