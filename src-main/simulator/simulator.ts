import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GridEvent, StreamEvent, StreamHello } from '@shared/wire/grid-event';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { CapWarnings } from './cap-warnings';
import { CM_CASES_PER_DAY, CM_SERVICES, CityCases } from './city-cases';
import { GridEventGenerator, type PlannedChange } from './grid-events';
import { serveCaseAction, type CaseActionBody, type CaseActionOutcome } from './case-actions';
import { mulberry32 } from '@shared/prng';
import { chinaTime } from '@shared/domain/china-time';
import { TimeQueue } from './time-queue';
import { VehicleFleet } from './vehicles';
import { WaterLevelPublisher, WaterLevels } from './water-levels';

/** Loudi's average: 791 grid events a day (217,396 by 31 July 2021). */
export const REAL_EVENTS_PER_DAY = 791;

/** Weekday factors (Monday first): fewer reports at the weekend; they average 1. */
const WEEKDAY_SHAPE = [1.08, 1.06, 1.04, 1.04, 1.02, 0.88, 0.88];
const HISTORY_SHAPE_MAX = 1.08 * 1.2;

/**
 * Relative rate of grid events at `t` (China time): the week's shape, and a season with more in
 * summer (drowning, disputes outdoors, flood season) and fewer around the Spring Festival.
 * Averages about 1 over a year, so history keeps the city's rate.
 */
export function historyShape(t: number): number {
  const local = new Date(t + 8 * 3_600_000);
  const weekday = WEEKDAY_SHAPE[(local.getUTCDay() + 6) % 7]!;
  const dayOfYear = (Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - Date.UTC(local.getUTCFullYear(), 0, 1)) / 86_400_000;
  const season = 1 + 0.2 * Math.sin(((dayOfYear - 100) / 365) * 2 * Math.PI);
  return weekday * season;
}
/** Grid events per second in surge mode unless told otherwise (a flood-season night). */
export const DEFAULT_SURGE_PER_SECOND = 500;

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
  /** Start in surge mode. */
  surge?: boolean;
  /** Grid events per second while surging. */
  surgePerSecond?: number;
  /** MQTT broker to publish water levels to; without one there is no water-level feed. */
  mqttUrl?: string;
  /** Water-level readings every this many ms. */
  waterEveryMs?: number;
  /** A new CAP warning, update or cancel every this many ms. */
  capEveryMs?: number;
  /** Replay these recorded grid events (in report-time order) instead of generating live ones. */
  replay?: GridEvent[];
  /** Replay speed: recorded time runs this many times faster. */
  replaySpeed?: number;
  /** Called with every grid event the simulator sends (to record a session). */
  record?: (event: GridEvent) => void;
  log?: (line: string) => void;
}

interface Pending extends PlannedChange {
  eventId: string;
}

/** Largest backlog a slow client may build up before it is dropped (it will resume from its cursor). */
const MAX_CLIENT_BACKLOG = 32 * 1024 * 1024;

/**
 * The built-in Loudi simulator: a separate service on loopback that speaks what the city's
 * backends speak, so the console connects to it exactly as it would to them:
 * - grid-governance events over WebSocket (`/v1/grid-events`), SSE (`/v1/grid-events/stream`)
 *   and JSON pages (`/v1/grid-events/pages`), one numbered log behind all three;
 * - city-management cases as Open311 GeoReport v2 (`/open311/v2/requests.json`, GCJ-02);
 * - CAP 1.2 weather and flood warnings (`/cap/index.atom`, `/cap/alerts/<id>.xml`);
 * - GPS fixes of the 203 sanitation and landscaping vehicles over SSE (`/v1/vehicles/stream`);
 * - water levels over MQTT when a broker is given.
 */
export class LoudiSimulator {
  readonly runId: string;
  private readonly opts: Required<Omit<SimulatorOptions, 'host' | 'port' | 'historySince' | 'mqttUrl' | 'replay' | 'record' | 'log'>> &
    Pick<SimulatorOptions, 'historySince' | 'mqttUrl' | 'replay' | 'record' | 'log'>;
  private readonly generator: GridEventGenerator;
  private readonly timing: () => number;
  private readonly log: StreamEvent[] = [];
  private readonly latest = new Map<string, GridEvent>();
  private readonly pending = new TimeQueue<Pending>();
  private seq = 0;
  private nextLiveAt = 0;
  private nextCaseAt = 0;
  private nextCapAt = 0;
  private nextWaterAt = 0;
  private replayIndex = 0;
  private replayStart = 0;
  private server?: Server;
  private wss?: WebSocketServer;
  private timer?: NodeJS.Timeout;
  private readonly clients = new Set<WebSocket>();
  private readonly sseClients = new Set<ServerResponse>();
  private readonly vehicleClients = new Set<ServerResponse>();
  readonly cases: CityCases;
  readonly cap: CapWarnings;
  readonly fleet: VehicleFleet;
  readonly water: WaterLevels;
  private publisher?: WaterLevelPublisher;
  private base = '';

  constructor(options: SimulatorOptions = {}) {
    this.opts = {
      seed: options.seed ?? 20210731,
      ratePerMinute: options.ratePerMinute ?? 12,
      historyHours: options.replay ? 0 : (options.historyHours ?? 24),
      historySince: options.historySince,
      maxLog: options.maxLog ?? 200_000,
      tickMs: options.tickMs ?? 250,
      now: options.now ?? Date.now,
      surge: options.surge ?? false,
      surgePerSecond: options.surgePerSecond ?? DEFAULT_SURGE_PER_SECOND,
      mqttUrl: options.mqttUrl,
      waterEveryMs: options.waterEveryMs ?? 10_000,
      capEveryMs: options.capEveryMs ?? 10 * 60_000,
      replay: options.replay,
      replaySpeed: options.replaySpeed ?? 60,
      record: options.record,
      log: options.log,
    };
    const now = this.opts.now();
    this.runId = `R${this.opts.seed.toString(36)}${now.toString(36)}`.toUpperCase();
    this.generator = new GridEventGenerator(this.opts.seed, this.runId);
    this.timing = mulberry32(this.opts.seed ^ 0x5bd1e995);
    this.cases = new CityCases(this.opts.seed, `CM${this.runId.slice(1)}`);
    this.cap = new CapWarnings(this.opts.seed, `LD-${this.runId}`);
    this.fleet = new VehicleFleet(this.opts.seed, now);
    this.water = new WaterLevels(this.opts.seed);
    this.seedHistory();
    this.cap.seed(now);
    this.nextCaseAt = now + this.caseInterval();
    this.nextCapAt = now + this.opts.capEveryMs;
    this.nextWaterAt = now;
    this.replayStart = now;
  }

  get latestSeq(): number {
    return this.seq;
  }

  get surging(): boolean {
    return this.opts.surge;
  }

  /** Changes the live rate (events per minute). */
  setRate(ratePerMinute: number): void {
    this.opts.ratePerMinute = Math.max(0, ratePerMinute);
    this.nextLiveAt = this.opts.now() + this.interval();
  }

  /** Surge mode: grid events at `surgePerSecond`, city cases twenty times as often. */
  setSurge(on: boolean): void {
    this.opts.surge = on;
    this.nextLiveAt = this.opts.now() + this.interval();
  }

  /** Messages after `since`, oldest first. */
  messagesSince(since: number, limit = Number.POSITIVE_INFINITY): StreamEvent[] {
    const first = this.log[0]?.seq ?? this.seq + 1;
    const start = Math.max(0, since + 1 - first);
    return this.log.slice(start, Number.isFinite(limit) ? start + limit : undefined);
  }

  /** Every endpoint it serves, once listening. */
  endpoints(): { ws: string; sse: string; pages: string; open311: string; cap: string; vehicles: string; mqtt?: string } {
    return {
      ws: `${this.base.replace(/^http/, 'ws')}/v1/grid-events`,
      sse: `${this.base}/v1/grid-events/stream`,
      pages: `${this.base}/v1/grid-events/pages`,
      open311: `${this.base}/open311/v2/requests.json`,
      cap: `${this.base}/cap/index.atom`,
      vehicles: `${this.base}/v1/vehicles/stream`,
      ...(this.opts.mqttUrl ? { mqtt: this.opts.mqttUrl } : {}),
    };
  }

  async listen(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((req, res) => this.route(req, res));
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
    if (this.opts.mqttUrl && !this.publisher) {
      this.publisher = new WaterLevelPublisher(this.opts.mqttUrl, this.opts.log);
      this.publisher.start();
    }
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    const addr = server.address() as AddressInfo;
    this.base = `http://${host}:${addr.port}`;
    return `ws://${host}:${addr.port}/v1/grid-events`;
  }

  /** Stops producing (no new events) but keeps serving what it has: a quiet backend. */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const ws of this.clients) ws.terminate();
    for (const res of [...this.sseClients, ...this.vehicleClients]) res.destroy();
    this.sseClients.clear();
    this.vehicleClients.clear();
    this.wss?.close();
    await this.publisher?.stop();
    this.publisher = undefined;
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      // A client caught between connecting and being registered must not hold the close open.
      this.server.closeAllConnections();
    });
  }

  /** Advances the clock: due case changes and live events become messages. */
  tick(): void {
    const now = this.opts.now();
    const fresh: StreamEvent[] = [];
    if (this.opts.replay) fresh.push(...this.replayDue(now));
    else {
      while (this.liveRate() > 0 && this.nextLiveAt <= now) {
        fresh.push(this.report(this.nextLiveAt));
        this.nextLiveAt += this.interval();
      }
    }
    fresh.push(...this.dueChanges(now));
    while (this.nextCaseAt <= now) {
      this.cases.report(this.nextCaseAt);
      this.nextCaseAt += this.caseInterval();
    }
    if (this.nextCapAt <= now) {
      this.cap.step(now);
      this.nextCapAt = now + this.opts.capEveryMs;
    }
    if (this.publisher && this.nextWaterAt <= now) {
      this.publisher.publish(this.water.readings(now));
      this.nextWaterAt = now + this.opts.waterEveryMs;
    }
    const fixes = this.vehicleClients.size ? this.fleet.advance(now) : [];
    if (fixes.length) for (const res of this.vehicleClients) this.sendSse(res, this.vehicleClients, 'fixes', undefined, fixes);
    if (fresh.length === 0) return;
    for (const ws of this.clients) this.send(ws, fresh);
    for (const res of this.sseClients) this.sendEvents(res, fresh);
  }

  private liveRate(): number {
    return this.opts.surge ? this.opts.surgePerSecond * 60 : this.opts.ratePerMinute;
  }

  private interval(): number {
    const rate = this.liveRate();
    if (rate <= 0) return Number.POSITIVE_INFINITY;
    // Exponential gaps (a Poisson process), capped so the screen never goes quiet for long.
    const mean = 60_000 / rate;
    return Math.min(mean * 4, -Math.log(1 - this.timing()) * mean);
  }

  /** City cases keep the grid events' speed-up over the real rates (×20 more in a surge). */
  private caseInterval(): number {
    const speedUp = Math.max(1, this.opts.ratePerMinute / (REAL_EVENTS_PER_DAY / 1440));
    const perMinute = (CM_CASES_PER_DAY / 1440) * speedUp * (this.opts.surge ? 20 : 1);
    return -Math.log(1 - this.timing()) * (60_000 / perMinute);
  }

  private seedHistory(): void {
    const now = this.opts.now();
    const start = Math.max(now - this.opts.historyHours * 3600_000, this.opts.historySince ?? 0);
    if (start >= now) return;
    const count = Math.round((REAL_EVENTS_PER_DAY * (now - start)) / 86_400_000);
    // The city's rate on average, shaped by the week and the season (rejection sampling).
    const times: number[] = [];
    while (times.length < count) {
      const t = start + this.timing() * (now - start);
      if (this.timing() * HISTORY_SHAPE_MAX < historyShape(t)) times.push(t);
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      this.dueChanges(t);
      this.report(Math.round(t));
    }
    this.dueChanges(now);
    // City cases of the same hours, at the city's rate.
    const cases = Math.round((CM_CASES_PER_DAY * (now - start)) / 86_400_000);
    for (let i = 0; i < cases; i++) this.cases.report(Math.round(start + ((i + this.timing()) / cases) * (now - start)));
  }

  private replayDue(now: number): StreamEvent[] {
    const events = this.opts.replay!;
    const out: StreamEvent[] = [];
    const t0 = Date.parse(events[0]?.reportTime ?? '') || 0;
    while (this.replayIndex < events.length) {
      const e = events[this.replayIndex]!;
      const due = this.replayStart + (Date.parse(e.reportTime) - t0) / this.opts.replaySpeed;
      if (due > now) break;
      this.replayIndex += 1;
      out.push(this.append(e, Math.round(due)));
    }
    return out;
  }

  private report(at: number): StreamEvent {
    const { event, plan } = this.generator.next(at);
    for (const p of plan) this.schedule({ ...p, eventId: event.eventId });
    this.cases.mirrorOf(event, at);
    return this.append(event, at);
  }

  private dueChanges(now: number): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (let p = this.pending.popDue(now); p; p = this.pending.popDue(now)) {
      const prev = this.latest.get(p.eventId);
      if (!prev) continue;
      out.push(this.append({ ...prev, state: p.state, unit: p.unit ?? prev.unit, updateTime: chinaTime(Math.round(p.at)) }, Math.round(p.at)));
    }
    return out;
  }

  private schedule(p: Pending): void {
    this.pending.push(p);
  }

  private append(event: GridEvent, at: number): StreamEvent {
    this.seq += 1;
    const message: StreamEvent = { type: 'event', seq: this.seq, sentAt: at, event };
    this.latest.set(event.eventId, event);
    this.log.push(message);
    // Trim in chunks: splicing the front of a long array on every message would be quadratic.
    if (this.log.length > this.opts.maxLog * 1.1) this.log.splice(0, this.log.length - this.opts.maxLog);
    this.opts.record?.(event);
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
    // The case leaves its planned course up to the new status.
    this.pending.removeWhere((p) => p.eventId === a.sourceId && !(rank >= 0 && order.indexOf(p.state) > rank));
    const now = this.opts.now();
    const message = this.append({ ...prev, state: a.toStatus, unit: a.unit ?? prev.unit, updateTime: chinaTime(now) }, now);
    for (const ws of this.clients) this.send(ws, [message]);
    return { code: 200, status: a.toStatus };
  }

  private hello(): StreamHello {
    return { type: 'hello', runId: this.runId, latestSeq: this.seq, serverTime: this.opts.now() };
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const since = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('since') ?? '0');
    ws.send(JSON.stringify(this.hello()));
    this.send(ws, this.messagesSince(Number.isFinite(since) ? since : 0));
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
  }

  /** Sends in frames of up to 500 messages (a JSON array) to keep frames small and parsing cheap. */
  private send(ws: WebSocket, messages: StreamEvent[]): void {
    if (ws.bufferedAmount > MAX_CLIENT_BACKLOG) {
      ws.terminate();
      this.clients.delete(ws);
      return;
    }
    for (let i = 0; i < messages.length; i += 500) {
      ws.send(JSON.stringify(messages.slice(i, i + 500)));
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const xml = (type: string, body: string): void => {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    };
    const now = this.opts.now();
    switch (url.pathname) {
      case '/healthz':
        return json(200, { ok: true, runId: this.runId, latestSeq: this.seq, surge: this.opts.surge, endpoints: this.endpoints() });
      case '/v1/case-actions':
        if (req.method === 'POST') return serveCaseAction(req, res, (a) => this.applyCaseAction(a));
        return void res.writeHead(405).end();
      case '/v1/grid-events/stream': {
        const since = Number(req.headers['last-event-id'] ?? url.searchParams.get('since') ?? '0');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write(`event: hello\ndata: ${JSON.stringify(this.hello())}\n\n`);
        this.sendEvents(res, this.messagesSince(Number.isFinite(since) ? since : 0));
        this.sseClients.add(res);
        res.on('close', () => this.sseClients.delete(res));
        return;
      }
      case '/v1/grid-events/pages': {
        const since = Number(url.searchParams.get('since') ?? '0');
        const limit = Math.min(5000, Math.max(1, Number(url.searchParams.get('limit') ?? '500') || 500));
        const items = this.messagesSince(Number.isFinite(since) ? since : 0, limit);
        const last = items.at(-1)?.seq ?? since;
        return json(200, { hello: this.hello(), items, more: last < this.seq });
      }
      case '/v1/vehicles/stream': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        this.fleet.advance(now);
        this.sendSse(res, this.vehicleClients, 'fixes', undefined, this.fleet.latest());
        this.vehicleClients.add(res);
        res.on('close', () => this.vehicleClients.delete(res));
        return;
      }
      case '/open311/v2/services.json':
        return json(
          200,
          CM_SERVICES.map((s) => ({ service_code: s.code, service_name: s.name, description: s.name, metadata: false, type: 'realtime', keywords: '', group: '城市管理' })),
        );
      case '/open311/v2/requests.json': {
        const after = url.searchParams.get('updated_after');
        const since = after ? Date.parse(after) : 0;
        if (after && !Number.isFinite(since)) return json(400, [{ code: 400, description: 'updated_after is not a date' }]);
        return json(200, this.cases.updatedSince(since, now, 1000));
      }
      case '/cap/index.atom':
        return xml('application/atom+xml', this.cap.atom(this.base, now));
      default: {
        const m = /^\/cap\/alerts\/([\w.-]+)\.xml$/.exec(url.pathname);
        const doc = m ? this.cap.get(decodeURIComponent(m[1]!)) : undefined;
        if (doc) return xml('application/cap+xml', doc.xml);
        res.writeHead(404).end();
      }
    }
  }

  /** Grid stream messages over SSE: `id` is the last sequence number in the event. */
  private sendEvents(res: ServerResponse, messages: StreamEvent[]): void {
    for (let i = 0; i < messages.length; i += 500) {
      const part = messages.slice(i, i + 500);
      this.sendSse(res, this.sseClients, undefined, part.at(-1)!.seq, part);
    }
  }

  private sendSse(res: ServerResponse, set: Set<ServerResponse>, event: string | undefined, id: number | undefined, data: StreamEvent[] | VehiclePosition[]): void {
    if (res.writableLength > MAX_CLIENT_BACKLOG) {
      set.delete(res);
      res.destroy();
      return;
    }
    res.write(`${event ? `event: ${event}\n` : ''}${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  }
}
