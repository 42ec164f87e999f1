import type { QuarantineEntry } from '@shared/domain/alert';
import type { Db } from '../store/database';
import type { RefusedMessage } from './feed-connector';

/** The quarantine keeps the newest rows; older ones go first (a flood of garbage must not fill the disk). */
export const QUARANTINE_LIMIT = 10_000;
const EXCERPT_CHARS = 4000;

/** What a refused payload looked like, as text, cut to a readable length. */
export function excerptOf(payload: unknown): { text: string; size: number } {
  let text: string;
  if (payload === null || payload === undefined) text = '';
  else if (typeof payload === 'string') text = payload;
  else if (Buffer.isBuffer(payload)) text = payload.subarray(0, EXCERPT_CHARS * 4).toString('utf8');
  else {
    try {
      text = JSON.stringify(payload) ?? String(payload);
    } catch {
      text = String(payload);
    }
  }
  const size = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(text, 'utf8');
  return { text: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text, size };
}

/** Messages the feeds refused, with the reason (table `feed_quarantine`, migration 0010). */
export class QuarantineStore {
  private readonly insert;
  private readonly trim;
  private inserted = 0;

  constructor(
    private readonly db: Db,
    private readonly limit = QUARANTINE_LIMIT,
  ) {
    this.insert = db.prepare('INSERT INTO feed_quarantine (feed_id, received_at, reason, size, excerpt) VALUES (?, ?, ?, ?, ?)');
    this.trim = db.prepare('DELETE FROM feed_quarantine WHERE id <= (SELECT max(id) FROM feed_quarantine) - ?');
  }

  add(m: RefusedMessage, at = Date.now()): void {
    const { text, size } = excerptOf(m.payload);
    this.insert.run(m.feedId.slice(0, 100), at, m.reason.slice(0, 1000), m.size ?? size, text);
    // Trim now and then rather than on every insert.
    if (++this.inserted % 100 === 0) this.trim.run(this.limit);
  }

  list(feedId: string | undefined, limit: number): { total: number; items: QuarantineEntry[] } {
    this.trim.run(this.limit);
    const where = feedId === undefined ? '' : 'WHERE feed_id = ?';
    const params = feedId === undefined ? [] : [feedId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM feed_quarantine ${where}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT id, feed_id, received_at, reason, size, excerpt FROM feed_quarantine ${where} ORDER BY id DESC LIMIT ?`)
      .all(...params, limit) as { id: number; feed_id: string; received_at: number; reason: string; size: number; excerpt: string }[];
    return {
      total,
      items: rows.map((r) => ({ id: r.id, feedId: r.feed_id, receivedAt: r.received_at, reason: r.reason, size: r.size, excerpt: r.excerpt })),
    };
  }
}
