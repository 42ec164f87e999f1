import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GridEvent, StreamEvent, StreamHello } from '@shared/wire/grid-event';
import { GridEventGenerator, type PlannedChange } from './grid-events';
import { serveCaseAction, type CaseActionBody, type CaseActionOutcome } from './case-actions';
import { mulberry32 } from './prng';

/** Loudi's average: 791 grid events a day (217,396 by 31 July 2021). */
export const REAL_EVENTS_PER_DAY = 791;

export interface SimulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  seed?: number;
  /** Live events per minute (the screen stays alive); 0 pauses live events. */
  ratePerMinute?: number;
  /** Hours of history, at the city's real rate, available to a client that connects from the start. */
  historyHours?: number;
  /**
   * History starts no earlier than this (epoch ms): a console that already holds events up to
   * this time gets only what it missed, not a second copy of the day.
   */
  historySince?: number;
  /** Messages kept for clients that resume; older ones are dropped. */
  maxLog?: number;
  tickMs?: number;
  now?: () => number;
}

interface Pending extends PlannedChange {
  eventId: string;
}

/**
 * The built-in Loudi simulator: a separate service on loopback that speaks the grid-governance
 * event stream over WebSocket (`/v1/grid-events?since=N`), exactly as a real backend would.
 */
export class LoudiSimulator {
  readonly runId: string;
  private readonly opts: Required<Omit<SimulatorOptions, 'host' | 'port' | 'historySince'>> & { historySince?: number };
  private readonly generator: GridEventGenerator;
  private readonly timing: () => number;
  private readonly log: StreamEvent[] = [];
  private readonly latest = new Map<string, GridEvent>();
  private pending: Pending[] = [];
  private seq = 0;
  private nextLiveAt = 0;
  private server?: Server;
  private wss?: WebSocketServer;
  private timer?: NodeJS.Timeout;
  private readonly clients = new Set<WebSocket>();

  constructor(options: SimulatorOptions = {}) {
    this.opts = {
      seed: options.seed ?? 20210731,
      ratePerMinute: options.ratePerMinute ?? 12,
      historyHours: options.historyHours ?? 24,
      historySince: options.historySince,
      maxLog: options.maxLog ?? 200_000,
      tickMs: options.tickMs ?? 250,
      now: options.now ?? Date.now,
    };
    this.runId = `R${this.opts.seed.toString(36)}${this.opts.now().toString(36)}`.toUpperCase();
    this.generator = new GridEventGenerator(this.opts.seed, this.runId);
    this.timing = mulberry32(this.opts.seed ^ 0x5bd1e995);
    this.seedHistory();
  }

  get latestSeq(): number {
    return this.seq;
  }

  /** Changes the live rate (events per minute). */
  setRate(ratePerMinute: number): void {
    this.opts.ratePerMinute = Math.max(0, ratePerMinute);
    this.nextLiveAt = this.opts.now() + this.interval();
  }

  /** Messages after `since`, oldest first. */
  messagesSince(since: number): StreamEvent[] {
    const first = this.log[0]?.seq ?? this.seq + 1;
    return this.log.slice(Math.max(0, since + 1 - first));
  }

  async listen(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, runId: this.runId, latestSeq: this.seq }));
        return;
      }
      if (req.url === '/v1/case-actions' && req.method === 'POST') return serveCaseAction(req, res, (a) => this.applyCaseAction(a));
      res.writeHead(404).end();
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/v1/grid-events') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
    });
    this.server = server;
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.nextLiveAt = this.opts.now() + this.interval();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    const addr = server.address() as AddressInfo;
    return `ws://${host}:${addr.port}/v1/grid-events`;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const ws of this.clients) ws.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Advances the clock: due case changes and live events become messages. */
  tick(): void {
    const now = this.opts.now();
    const fresh: StreamEvent[] = [];
    while (this.opts.ratePerMinute > 0 && this.nextLiveAt <= now) {
      fresh.push(this.report(this.nextLiveAt));
      this.nextLiveAt += this.interval();
    }
    fresh.push(...this.dueChanges(now));
    if (fresh.length === 0) return;
    for (const ws of this.clients) this.send(ws, fresh);
  }

  private interval(): number {
    if (this.opts.ratePerMinute <= 0) return Number.POSITIVE_INFINITY;
    // Exponential gaps (a Poisson process), capped so the screen never goes quiet for long.
    const mean = 60_000 / this.opts.ratePerMinute;
    return Math.min(mean * 4, -Math.log(1 - this.timing()) * mean);
  }

  private seedHistory(): void {
    const now = this.opts.now();
    const start = Math.max(now - this.opts.historyHours * 3600_000, this.opts.historySince ?? 0);
    if (start >= now) return;
    const count = Math.round((REAL_EVENTS_PER_DAY * (now - start)) / 86_400_000);
    const times = Array.from({ length: count }, () => start + this.timing() * (now - start)).sort((a, b) => a - b);
    for (const t of times) {
      this.dueChanges(t);
      this.report(Math.round(t));
    }
    this.dueChanges(now);
  }

  private report(at: number): StreamEvent {
    const { event, plan } = this.generator.next(at);
    for (const p of plan) this.schedule({ ...p, eventId: event.eventId });
    return this.append(event, at);
  }

  private dueChanges(now: number): StreamEvent[] {
    const out: StreamEvent[] = [];
    while (this.pending.length && this.pending[0]!.at <= now) {
      const p = this.pending.shift()!;
      const prev = this.latest.get(p.eventId);
      if (!prev) continue;
      out.push(this.append({ ...prev, state: p.state, unit: p.unit ?? prev.unit }, Math.round(p.at)));
    }
    return out;
  }

  private schedule(p: Pending): void {
    // Binary insertion keeps `pending` ordered by time.
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid]!.at <= p.at) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, p);
  }

  private append(event: GridEvent, at: number): StreamEvent {
    this.seq += 1;
    const message: StreamEvent = { type: 'event', seq: this.seq, sentAt: at, event };
    this.latest.set(event.eventId, event);
    this.log.push(message);
    if (this.log.length > this.opts.maxLog) this.log.splice(0, this.log.length - this.opts.maxLog);
    return message;
  }

  private readonly appliedActions = new Set<string>();

  /**
   * An operator's action from a console: refused when the case moved on since the operator saw it
   * (a conflict), applied once per key otherwise. The case then leaves its planned course up to
   * the new status and continues from there; the change goes out on the stream like any other.
   */
  applyCaseAction(a: CaseActionBody): CaseActionOutcome {
    const prev = this.latest.get(a.sourceId);
    if (!prev) return { code: 404, error: 'unknown case' };
    if (this.appliedActions.has(a.key)) return { code: 200, status: prev.state };
    if (a.action !== 'comment' && prev.state !== a.expectedStatus) return { code: 409, status: prev.state };
    this.appliedActions.add(a.key);
    if (a.toStatus === prev.state && (a.unit ?? prev.unit) === prev.unit) return { code: 200, status: prev.state };
    const order = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'closed'];
    const rank = order.indexOf(a.toStatus);
    this.pending = this.pending.filter((p) => p.eventId !== a.sourceId || (rank >= 0 && order.indexOf(p.state) > rank));
    const message = this.append({ ...prev, state: a.toStatus, unit: a.unit ?? prev.unit }, this.opts.now());
    for (const ws of this.clients) this.send(ws, [message]);
    return { code: 200, status: a.toStatus };
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const since = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('since') ?? '0');
    const hello: StreamHello = { type: 'hello', runId: this.runId, latestSeq: this.seq, serverTime: this.opts.now() };
    ws.send(JSON.stringify(hello));
    this.send(ws, this.messagesSince(Number.isFinite(since) ? since : 0));
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
  }

  /** Sends in frames of up to 500 messages (a JSON array) to keep frames small and parsing cheap. */
  private send(ws: WebSocket, messages: StreamEvent[]): void {
    for (let i = 0; i < messages.length; i += 500) {
      ws.send(JSON.stringify(messages.slice(i, i + 500)));
    }
  }
}
