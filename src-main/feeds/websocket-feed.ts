import WebSocket from 'ws';
import type { FeedStatus } from '@shared/contract';
import { StreamEventSchema, StreamHelloSchema } from '@shared/wire/grid-event';
import type { IncomingIncident } from '../store/incident-store';
import { backoffDelay, type FeedConnector, type FeedSink } from './feed-connector';
import { normalizeGridEvent } from './grid-governance';

export interface WebSocketFeedOptions {
  id: string;
  name: string;
  /** ws:// or wss:// URL of the event stream. */
  url: string;
  sink: FeedSink;
  /** Largest frame accepted, bytes (a flood of huge frames must not exhaust memory). */
  maxFrameBytes?: number;
  /** Batch window: messages are stored together at most this often. */
  flushMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The grid-governance event stream over WebSocket (`hello`, then `event` messages with `seq`).
 * Resumes from the stored cursor `<runId>:<seq>`; on a new run it starts from the beginning.
 */
export class WebSocketFeed implements FeedConnector {
  readonly id: string;
  private ws?: WebSocket;
  private stopped = true;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private runId?: string;
  private lastSeq = 0;
  private buffer: IncomingIncident[] = [];
  private readonly st: FeedStatus;
  private readonly now: () => number;

  constructor(private readonly o: WebSocketFeedOptions) {
    this.id = o.id;
    this.now = o.now ?? Date.now;
    this.st = {
      id: o.id,
      name: o.name,
      kind: 'websocket',
      state: 'stopped',
      endpoint: redact(o.url),
      received: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      lagMs: null,
      lastMessageAt: null,
      lastError: null,
    };
  }

  status(): FeedStatus {
    return { ...this.st };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  reconnect(): void {
    this.attempt = 0;
    this.ws?.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.flush();
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    this.setState('stopped');
  }

  private connect(): void {
    const stored = this.o.sink.cursor(this.id);
    const [runId, seq] = parseCursor(stored);
    this.runId = runId;
    this.lastSeq = seq;
    const url = new URL(this.o.url);
    url.searchParams.set('since', String(seq));
    this.setState('connecting');
    const ws = new WebSocket(url, { maxPayload: this.o.maxFrameBytes ?? 8 * 1024 * 1024, handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('message', (data, isBinary) => this.onFrame(isBinary ? null : data.toString()));
    ws.on('error', (err) => {
      this.st.lastError = err.message;
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.flush();
      this.ws = undefined;
      if (this.stopped) return;
      this.setState('down');
      const delay = backoffDelay(this.attempt++);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private onFrame(text: string | null): void {
    if (text === null) return this.reject('binary frame');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return this.reject('frame is not JSON');
    }
    const messages = Array.isArray(data) ? data : [data];
    for (const m of messages) this.onMessage(m);
    this.scheduleFlush();
  }

  private onMessage(m: unknown): void {
    const hello = StreamHelloSchema.safeParse(m);
    if (hello.success) {
      if (hello.data.runId !== this.runId) {
        // A different run of the source: its sequence numbers mean something else now.
        if (this.runId !== undefined && this.lastSeq > 0) {
          this.ws?.terminate();
          this.runId = hello.data.runId;
          this.lastSeq = 0;
          this.o.sink.accept([], { feedId: this.id, value: `${hello.data.runId}:0` });
          return;
        }
        this.runId = hello.data.runId;
      }
      this.attempt = 0;
      this.st.lastError = null;
      this.setState('live');
      return;
    }
    const ev = StreamEventSchema.safeParse(m);
    if (!ev.success) return this.reject('unknown message');
    this.st.received += 1;
    if (ev.data.seq <= this.lastSeq) {
      this.st.duplicates += 1;
      return;
    }
    this.lastSeq = ev.data.seq;
    const now = this.now();
    this.st.lastMessageAt = now;
    this.st.lagMs = Math.max(0, now - ev.data.sentAt);
    const normalized = normalizeGridEvent(this.id, ev.data.event, now);
    if (!normalized.ok) {
      this.st.rejected += 1;
      this.st.lastError = normalized.reason;
      return;
    }
    this.buffer.push(normalized.value);
    if (this.buffer.length >= 1000) this.flush();
  }

  private reject(reason: string): void {
    this.st.received += 1;
    this.st.rejected += 1;
    this.st.lastError = reason;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.o.flushMs ?? 100);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.runId) return;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    try {
      this.o.sink.accept(batch, { feedId: this.id, value: `${this.runId}:${this.lastSeq}` });
      this.st.accepted += batch.length;
    } catch (err) {
      // Storage failed: nothing was committed, so the cursor did not move; fetch again.
      this.st.lastError = `store: ${(err as Error).message}`;
      this.o.log?.(`feed ${this.id}: ${this.st.lastError}`);
      this.ws?.terminate();
    }
    this.o.sink.statusChanged();
  }

  private setState(state: FeedStatus['state']): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.o.sink.statusChanged();
  }
}

function parseCursor(cursor: string | undefined): [string | undefined, number] {
  if (!cursor) return [undefined, 0];
  const i = cursor.lastIndexOf(':');
  const seq = Number(cursor.slice(i + 1));
  return [cursor.slice(0, i), Number.isInteger(seq) && seq >= 0 ? seq : 0];
}

/** Never show credentials from a URL on screen. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
