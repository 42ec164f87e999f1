import WebSocket from 'ws';
import type { FeedSink } from './feed-connector';
import { redactUrl } from '@shared/redact';
import { GridStreamConnector } from './grid-stream';

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
  /** Largest batch held in memory before it is stored. */
  maxBatch?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The grid-governance event stream over WebSocket. Resumes with `?since=<seq>`. Frames carry one
 * message or a JSON array of them. Reading pauses while a full batch is being stored.
 */
export class WebSocketFeed extends GridStreamConnector {
  private ws?: WebSocket;

  constructor(private readonly o: WebSocketFeedOptions) {
    super(o, 'websocket', redactUrl(o.url));
  }

  protected open(): void {
    const since = this.resumeFrom();
    const url = new URL(this.o.url);
    url.searchParams.set('since', String(since));
    const maxPayload = this.o.maxFrameBytes ?? 8 * 1024 * 1024;
    // One message per turn of the event loop: a catch-up of a week's history (tens of thousands
    // of events in frames of 500) would otherwise be stored in one go, and the console host would
    // answer no page, file or query for seconds.
    const ws = new WebSocket(url, { maxPayload, handshakeTimeout: 10_000, allowSynchronousEvents: false });
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      this.onFrame(ws, isBinary ? null : data.toString(), (data as Buffer).length);
    });
    ws.on('error', (err) => {
      this.st.lastError = err.message;
      if (/max payload/i.test(err.message)) this.refuse(`frame larger than ${maxPayload} bytes`, null);
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.flush();
      this.ws = undefined;
      this.connectionLost();
    });
  }

  protected async close(): Promise<void> {
    const ws = this.ws;
    this.ws = undefined;
    this.flush();
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
  }

  private onFrame(ws: WebSocket, text: string | null, size: number): void {
    if (text === null) return this.refuse('binary frame', null, size);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return this.refuse('frame is not JSON', text, size);
    }
    const messages = Array.isArray(data) ? data : [data];
    for (const m of messages) {
      if (!this.onMessage(m)) {
        ws.terminate();
        return;
      }
    }
  }
}
