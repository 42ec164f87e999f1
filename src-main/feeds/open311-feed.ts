import type { Datum } from '@shared/domain/incident';
import type { IncomingIncident } from '../store/incident-store';
import { redactUrl } from '@shared/redact';
import { ConnectorBase } from './connector-base';
import type { FeedSink } from './feed-connector';
import { FetchError, fetchText } from './http-fetch';
import { normalizeOpen311, open311Items } from './open311';
import { PollCycle } from './poll-cycle';

export interface Open311FeedOptions {
  id: string;
  name: string;
  /** The GeoReport v2 endpoint's `requests.json` URL (an `api_key` or `jurisdiction_id` may be in it). */
  url: string;
  sink: FeedSink;
  /** Datum of the source's lat/long (GeoReport says WGS-84; Chinese vendors often send GCJ-02). */
  datum?: Datum;
  intervalMs?: number;
  /** How far back each poll overlaps the last one, to tolerate clock skew and inclusive/exclusive filters. */
  overlapMs?: number;
  maxPageBytes?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/** Cursor: the newest `updated_datetime` seen, and the requests seen within the overlap before it. */
interface Cursor {
  t: number;
  seen: Record<string, number>;
}

/**
 * Polls `requests.json?updated_after=<cursor − overlap>` and keeps what changed. A request is new
 * or changed when `(service_request_id, updated_datetime)` was not seen before; the seen set
 * within the overlap window travels in the cursor, stored with the batch, so a restart neither
 * skips nor repeats anything.
 */
export class Open311Feed extends ConnectorBase {
  private readonly cycle = new PollCycle((ctrl) => this.poll(ctrl));

  constructor(private readonly o: Open311FeedOptions) {
    super(o, 'open311', redactUrl(o.url));
  }

  protected override isPolling(): boolean {
    return true;
  }

  protected open(): void {
    this.cycle.start();
  }

  protected async close(): Promise<void> {
    await this.cycle.stop();
  }

  private cursor(): Cursor {
    try {
      const c = JSON.parse(this.o.sink.cursor(this.id) ?? '') as Cursor;
      if (typeof c.t === 'number' && c.seen && typeof c.seen === 'object') return c;
    } catch {
      // no cursor yet
    }
    return { t: 0, seen: {} };
  }

  private async poll(ctrl: AbortController): Promise<void> {
    const overlap = this.o.overlapMs ?? 60_000;
    try {
      const cursor = this.cursor();
      const url = new URL(this.o.url);
      if (cursor.t > 0) url.searchParams.set('updated_after', new Date(cursor.t - overlap).toISOString());
      let body: { text: string; size: number };
      try {
        body = await fetchText(url.toString(), { maxBytes: this.o.maxPageBytes ?? 16 * 1024 * 1024, signal: ctrl.signal });
      } catch (err) {
        if (err instanceof FetchError && err.oversize) this.refuse(err.message, null);
        throw err;
      }
      if (!this.cycle.current(ctrl)) return;
      let doc: unknown;
      try {
        doc = JSON.parse(body.text);
      } catch {
        this.refuse('requests.json is not JSON', body.text, body.size);
        throw new Error('requests.json is not JSON');
      }
      const items = open311Items(doc);
      if (typeof items === 'string') {
        this.refuse(items, doc, body.size);
        throw new Error(items);
      }
      this.connected();
      const now = this.now();
      const batch: IncomingIncident[] = [];
      const next: Cursor = { t: cursor.t, seen: { ...cursor.seen } };
      let newest: number | null = null;
      for (const item of items) {
        const r = normalizeOpen311(this.id, item, this.o.datum ?? 'WGS84', now, undefined, this.base.maxFutureSkewMs);
        if (!r.ok) {
          this.refuse(r.reason, item);
          continue;
        }
        const key = `${r.value.incident.sourceId}@${r.updatedAt}`;
        // The overlap window is read again on purpose: what was seen there is skipped, not counted.
        if (next.seen[key] !== undefined || r.updatedAt < cursor.t - overlap) continue;
        this.st.received += 1;
        next.seen[key] = r.updatedAt;
        next.t = Math.max(next.t, r.updatedAt);
        newest = Math.max(newest ?? 0, r.updatedAt);
        batch.push(r.value);
      }
      for (const [k, t] of Object.entries(next.seen)) if (t < next.t - overlap) delete next.seen[k];
      if (newest !== null) this.arrived(newest);
      if (batch.length > 0 || next.t !== cursor.t) {
        this.o.sink.accept(batch, { feedId: this.id, value: JSON.stringify(next) });
        this.st.accepted += batch.length;
      }
      this.o.sink.statusChanged();
      if (!this.cycle.current(ctrl)) return;
      this.cycle.again(this.o.intervalMs ?? 5000);
    } catch (err) {
      if (!this.cycle.current(ctrl)) return;
      this.connectionLost((err as Error).message);
    }
  }
}
