import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { VehiclePositionSchema, type VehiclePosition } from '@shared/domain/vehicle';
import { redactUrl } from '@shared/redact';
import { withCredentials } from './http-fetch';
import type { FeedSink } from './feed-connector';
import { GridStreamConnector } from './grid-stream';
import { toWgs84 } from './coords';
import { DatumSchema } from '@shared/domain/incident';

export interface SseFeedOptions {
  id: string;
  name: string;
  /** http:// or https:// URL of the event stream. */
  url: string;
  sink: FeedSink;
  /** What the events carry: grid-governance stream messages, or vehicle GPS fixes. */
  payload?: 'grid-event' | 'vehicle-fix';
  /** Largest single event accepted, bytes. */
  maxMessageBytes?: number;
  flushMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Server-sent events. For the grid-governance stream each event's `data` is one stream message
 * (or a JSON array of them) and its `id` the sequence number; the connector resumes with
 * `Last-Event-ID` and `?since=`. For vehicle fixes, `data` is a JSON array of positions, newest
 * wins, nothing is stored.
 */
export class SseFeed extends GridStreamConnector {
  private ctrl?: AbortController;
  private running?: Promise<void>;

  constructor(private readonly o: SseFeedOptions) {
    super(o, 'sse', redactUrl(o.url));
  }

  protected open(): void {
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.running = this.run(ctrl).catch((err: unknown) => {
      if (this.ctrl !== ctrl) return;
      this.ctrl = undefined;
      this.flush();
      this.connectionLost(describe(err));
    });
  }

  protected async close(): Promise<void> {
    const ctrl = this.ctrl;
    this.ctrl = undefined;
    ctrl?.abort();
    await this.running;
    this.flush();
  }

  private async run(ctrl: AbortController): Promise<void> {
    const grid = (this.o.payload ?? 'grid-event') === 'grid-event';
    const url = new URL(this.o.url);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (grid) {
      const since = this.resumeFrom();
      url.searchParams.set('since', String(since));
      headers['last-event-id'] = String(since);
    }
    const req = withCredentials(url, headers);
    const res = await fetch(req.url, { headers: req.headers, signal: ctrl.signal, redirect: 'error' });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      await res.body.cancel();
      throw new Error('not an event stream');
    }
    if (!grid) this.connected();
    const max = this.o.maxMessageBytes ?? 4 * 1024 * 1024;
    let pending = 0;
    let restart = false;
    const parser = createParser({
      onEvent: (m) => {
        pending = 0;
        if (restart) return;
        if (grid) restart = !this.onGridEvent(m);
        else this.onFixes(m);
      },
    });
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += value.byteLength;
      if (pending > max) {
        this.refuse(`event larger than ${max} bytes`, null, pending);
        await reader.cancel();
        throw new Error('oversize event');
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (restart) {
        await reader.cancel();
        throw new Error('the source restarted its numbering');
      }
    }
    throw new Error('the stream ended');
  }

  private onGridEvent(m: EventSourceMessage): boolean {
    let data: unknown;
    try {
      data = JSON.parse(m.data);
    } catch {
      this.refuse('event data is not JSON', m.data, m.data.length);
      return true;
    }
    for (const item of Array.isArray(data) ? data : [data]) if (!this.onMessage(item)) return false;
    return true;
  }

  private onFixes(m: EventSourceMessage): void {
    let data: unknown;
    try {
      data = JSON.parse(m.data);
    } catch {
      this.refuse('event data is not JSON', m.data, m.data.length);
      return;
    }
    const fixes: VehiclePosition[] = [];
    let newest = 0;
    for (const item of Array.isArray(data) ? data : [data]) {
      const fix = parseFix(item);
      if (!fix) {
        this.refuse('not a vehicle fix', item);
        continue;
      }
      this.st.received += 1;
      fixes.push(fix);
      newest = Math.max(newest, fix.at);
    }
    if (fixes.length === 0) return;
    this.arrived(newest);
    this.o.sink.positions?.(fixes);
    this.st.accepted += fixes.length;
    this.o.sink.statusChanged();
  }
}

/** A fix as sent (optionally with `datum`) → WGS-84 position, or undefined when invalid. */
export function parseFix(item: unknown): VehiclePosition | undefined {
  const parsed = VehiclePositionSchema.extend({ datum: DatumSchema.optional() }).strict().safeParse(item);
  if (!parsed.success) return undefined;
  const { datum, ...fix } = parsed.data;
  const [lon, lat] = toWgs84(fix.lon, fix.lat, datum ?? 'WGS84');
  return { ...fix, lon, lat };
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e.name === 'AbortError') return 'aborted';
  return e.cause?.code ?? e.message;
}
