import { StreamEventSchema, StreamHelloSchema } from '@shared/wire/grid-event';
import type { IncomingIncident } from '../store/incident-store';
import { ConnectorBase, type ConnectorOptions } from './connector-base';
import { normalizeGridEvent } from './grid-governance';

export interface GridStreamOptions extends ConnectorOptions {
  /** Batch window: messages are stored together at most this often. */
  flushMs?: number;
  /** Largest batch held in memory before it is stored (backpressure on a flood). */
  maxBatch?: number;
}

/**
 * The grid-governance event stream (`hello`, then `event` messages with `seq`), whatever carries
 * it (WebSocket, SSE, JSON pages). Resumes from the stored cursor `<runId>:<seq>`; a new `runId`
 * means the source restarted its numbering, so it starts over from 0 (idempotent upserts keep
 * that from counting anything twice). Batches are stored together with their cursor.
 */
export abstract class GridStreamConnector extends ConnectorBase {
  protected runId?: string;
  protected lastSeq = 0;
  private buffer: IncomingIncident[] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(
    protected readonly gs: GridStreamOptions,
    kind: string,
    endpoint: string,
  ) {
    super(gs, kind, endpoint);
  }

  /** Reads the stored cursor; returns the sequence number to resume after. */
  protected resumeFrom(): number {
    const stored = this.gs.sink.cursor(this.id);
    if (!stored) {
      this.runId = undefined;
      this.lastSeq = 0;
    } else {
      const i = stored.lastIndexOf(':');
      const seq = Number(stored.slice(i + 1));
      this.runId = stored.slice(0, i);
      this.lastSeq = Number.isInteger(seq) && seq >= 0 ? seq : 0;
    }
    return this.lastSeq;
  }

  /** Handles a `hello`; returns false when the source restarted and the connection must start over. */
  protected onHello(runId: string): boolean {
    if (runId !== this.runId) {
      if (this.runId !== undefined && this.lastSeq > 0) {
        // A different run of the source: its sequence numbers mean something else now.
        this.flush();
        this.runId = runId;
        this.lastSeq = 0;
        this.gs.sink.accept([], { feedId: this.id, value: `${runId}:0` });
        return false;
      }
      this.runId = runId;
    }
    this.connected();
    return true;
  }

  /**
   * One decoded message (a hello, an event, or garbage). Returns false when the connection has
   * to be restarted (a new run).
   */
  protected onMessage(m: unknown): boolean {
    const hello = StreamHelloSchema.safeParse(m);
    if (hello.success) return this.onHello(hello.data.runId);
    const ev = StreamEventSchema.safeParse(m);
    if (!ev.success) {
      this.refuse('unknown message', m);
      return true;
    }
    if (ev.data.seq <= this.lastSeq) {
      this.st.received += 1;
      this.st.duplicates += 1;
      return true;
    }
    this.lastSeq = ev.data.seq;
    this.arrived(ev.data.sentAt);
    const normalized = normalizeGridEvent(this.id, ev.data.event, this.now(), undefined, this.base.maxFutureSkewMs);
    if (!normalized.ok) {
      this.refuse(normalized.reason, m);
      return true;
    }
    this.st.received += 1;
    this.buffer.push(normalized.value);
    if (this.buffer.length >= (this.gs.maxBatch ?? 1000)) this.flush();
    else this.scheduleFlush();
    return true;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.gs.flushMs ?? 100);
  }

  /** Stores what is buffered with the cursor that covers it. Returns false when storing failed. */
  protected flush(): boolean {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.runId) return true;
    const batch = this.buffer;
    this.buffer = [];
    // Rejected-only stretches still move the cursor, so a restart does not fetch them again.
    try {
      this.gs.sink.accept(batch, { feedId: this.id, value: `${this.runId}:${this.lastSeq}` });
      this.st.accepted += batch.length;
    } catch (err) {
      // Storage failed: nothing was committed, so the cursor did not move; fetch again.
      this.st.lastError = `store: ${(err as Error).message}`;
      this.base.log?.(`feed ${this.id}: ${this.st.lastError}`);
      this.resumeFrom();
      return false;
    } finally {
      this.gs.sink.statusChanged();
    }
    return true;
  }

  /** Drops what was not yet stored (the connection restarts from the stored cursor). */
  protected discardBuffer(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.buffer = [];
  }
}
