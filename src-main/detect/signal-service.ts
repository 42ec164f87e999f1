import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { OperationError } from '@shared/dispatch';
import type { OperationHandlers } from '@shared/contract';
import { chinaDay, chinaDayStart, dayFromNumber, dayNumber } from '@shared/detect/days';
import { TEMPORAL_RUNNERS } from '@shared/detect/prospective';
import { compareSignalStrength, isStrongSignal, type Signal, type SignalSeries, type SignalsState, type SignalView } from '@shared/detect/signal';
import type { Db } from '../store/database';
import type { WorkerEntry } from '../store/search-index';
import { SignalActionError, SignalStore } from '../store/signal-store';
import { detectSignals } from './detect-run';

/** A request to the signal thread: run the methods over days `from`…`to`. */
export interface SignalRunRequest {
  id: number;
  from?: string;
  to?: string;
}
export type SignalRunReply =
  | { id: number; ok: true; run: { from: string; to: string; signals: Signal[] } | null; ms: number }
  | { id: number; ok: false; error: string };

/** Days analysed on each run (the last one is today, or the cache's last day). */
const ANALYSED_DAYS = 7;
/** Signals listed: those ending in the last two weeks. */
const LISTED_DAYS = 14;
const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

export interface SignalServiceOptions {
  db: Db;
  dataDir: string;
  /** The built thread (out/main/signal-worker.js); without it the run happens on the caller's thread (tests, CLI). */
  worker?: WorkerEntry;
  /** The operator's name, recorded with every action. */
  actor: () => string;
  /**
   * Opens the case a signal is escalated into (through the case flow) and returns its incident id;
   * without it, escalating only records the action.
   */
  openCase?: (signal: SignalView, reason: string) => string;
  changed: (state: SignalsState) => void;
  /** New signals this strong (recurrence interval in days, or observed ÷ expected ≥ 3 for the temporal methods) raise the console's alert. */
  strong?: (signals: SignalView[]) => void;
  /** At most one run per this many ms as data arrives (default a minute). */
  minIntervalMs?: number;
  /** Today (China day), for tests. */
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The console's signals: every detection method run over the cache on the signal thread as data
 * arrives (batched: at most once a minute), the results recorded (`SignalStore`) and pushed as
 * `signalsChanged`; the analyst's acknowledge, dismiss and escalate, recorded with who, when, why.
 */
export class SignalService {
  readonly store: SignalStore;
  private worker?: Worker;
  private seq = 0;
  private pending = new Map<number, { resolve: (r: SignalRunReply) => void }>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private dirty = false;
  private lastRun = 0;
  private computedAt: number | null = null;
  private runMs: number | null = null;
  private stopped = false;

  constructor(private readonly o: SignalServiceOptions) {
    this.store = new SignalStore(o.db);
  }

  get handlers(): Pick<OperationHandlers, 'listSignals' | 'signalSeries' | 'acknowledgeSignal' | 'dismissSignal' | 'escalateSignal'> {
    return {
      listSignals: () => this.state(),
      signalSeries: ({ signalId }) => this.series(signalId),
      acknowledgeSignal: ({ signalId }) => this.act(signalId, () => this.store.acknowledge(signalId, this.o.actor(), this.now())),
      dismissSignal: ({ signalId, reason }) => this.act(signalId, () => this.store.dismiss(signalId, this.o.actor(), reason, this.now())),
      escalateSignal: ({ signalId, reason }) =>
        this.act(signalId, () => {
          const s = this.store.get(signalId);
          if (!s) throw new SignalActionError(`no signal ${signalId}`);
          if (s.state === 'dismissed') throw new SignalActionError(`signal ${signalId} was dismissed`);
          const caseId = s.caseId ?? this.o.openCase?.(s, reason) ?? null;
          this.store.escalate(signalId, this.o.actor(), reason, this.now(), caseId);
        }),
    };
  }

  /** Starts the thread and the first run. */
  start(): void {
    if (this.o.worker) this.worker = this.spawn(this.o.worker);
    this.dataArrived();
  }

  /** New incidents were stored: run again, at most once per `minIntervalMs`. */
  dataArrived(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + (this.o.minIntervalMs ?? 60_000) - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, wait);
  }

  /** Runs the methods now (on the thread when there is one) and records and pushes what they found. */
  async runNow(): Promise<SignalsState> {
    this.running = true;
    this.dirty = false;
    this.lastRun = this.now();
    try {
      const to = chinaDay(this.now());
      const from = dayFromNumber(dayNumber(to) - ANALYSED_DAYS + 1);
      const reply = await this.run({ id: ++this.seq, from, to });
      if (this.stopped) return this.state();
      if (!reply.ok) {
        this.o.log?.(`signals: ${reply.error}`);
        return this.state();
      }
      this.computedAt = this.now();
      this.runMs = reply.ms;
      const fresh = reply.run ? this.store.record(reply.run.signals, this.now()) : [];
      const state = this.state();
      const freshIds = new Set(fresh.map((s) => s.id));
      const strong = state.signals.filter((s) => freshIds.has(s.id) && s.state === 'open' && isStrongSignal(s));
      this.o.changed(state);
      if (strong.length) this.o.strong?.(strong);
      return state;
    } finally {
      this.running = false;
      if (this.dirty) this.dataArrived();
    }
  }

  state(): SignalsState {
    const since = dayFromNumber(dayNumber(chinaDay(this.now())) - LISTED_DAYS + 1);
    return {
      signals: this.store.list({ from: since, states: ['open', 'acknowledged', 'escalated'] }).sort(compareSignalStrength),
      computedAt: this.computedAt,
      runMs: this.runMs,
    };
  }

  /** The signal's category in its grids (or city-wide), by day, with its method's baseline. */
  series(signalId: string): SignalSeries {
    const s = this.store.get(signalId);
    if (!s) throw new OperationError('NOT_FOUND', `no signal ${signalId}`);
    const shownFrom = dayNumber(s.start) - 28;
    const last = Math.max(dayNumber(s.end), Math.min(dayNumber(chinaDay(this.now())), dayNumber(s.end) + 7));
    // The methods need their own warm-up before the first day shown.
    const first = shownFrom - 40;
    const params: unknown[] = [CST_MS, DAY_MS, s.category, chinaDayStart(dayFromNumber(first)), chinaDayStart(dayFromNumber(last)) + DAY_MS];
    const gridClause = s.grids.length ? `AND grid_id IN (${s.grids.map(() => '?').join(',')})` : 'AND grid_id IS NOT NULL';
    const rows = this.o.db
      .prepare(
        `SELECT CAST((reported_at + ?) / ? AS INTEGER) AS day, COUNT(*) AS n FROM incidents
          WHERE category = ? AND reported_at >= ? AND reported_at < ? ${gridClause} GROUP BY day`,
      )
      .all(...params, ...s.grids) as { day: number; n: number }[];
    const counts = new Float64Array(last - first + 1);
    for (const r of rows) if (r.day >= first && r.day <= last) counts[r.day - first] = r.n;
    const alarmDays = new Set(s.alarmDays);
    const offset = shownFrom - first;
    if (s.method === 'scan') {
      const before = counts.slice(offset, offset + 28);
      const mean = before.reduce((a, b) => a + b, 0) / before.length;
      return {
        signalId,
        baseline: 'mean28',
        points: Array.from(counts.slice(offset), (n, i) => {
          const date = dayFromNumber(shownFrom + i);
          return { date, observed: n, expected: mean, upperbound: null, alarm: alarmDays.has(date) };
        }),
      };
    }
    const points = TEMPORAL_RUNNERS[s.method](counts);
    return {
      signalId,
      baseline: 'method',
      points: Array.from(counts.slice(offset), (n, i) => {
        const p = points[offset + i];
        const date = dayFromNumber(shownFrom + i);
        return { date, observed: n, expected: p?.expected ?? null, upperbound: p?.upperbound ?? null, alarm: alarmDays.has(date) || (p?.alarm ?? false) };
      }),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const p of this.pending.values()) p.resolve({ id: -1, ok: false, error: 'stopped' });
    this.pending.clear();
    await this.worker?.terminate();
  }

  private act(signalId: string, action: () => void): SignalView {
    try {
      action();
    } catch (err) {
      if (err instanceof SignalActionError) throw new OperationError(err.message.startsWith('no signal') ? 'NOT_FOUND' : 'BAD_REQUEST', err.message);
      throw err;
    }
    this.o.changed(this.state());
    return this.store.get(signalId)!;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private run(req: SignalRunRequest): Promise<SignalRunReply> {
    if (!this.worker) {
      const started = performance.now();
      try {
        return Promise.resolve({ id: req.id, ok: true, run: detectSignals(this.o.db, req.from, req.to), ms: performance.now() - started });
      } catch (err) {
        return Promise.resolve({ id: req.id, ok: false, error: (err as Error).message });
      }
    }
    return new Promise((resolve) => {
      this.pending.set(req.id, { resolve });
      this.worker!.postMessage(req);
    });
  }

  private spawn(entry: WorkerEntry): Worker {
    const workerData = { dataDir: this.o.dataDir };
    const worker = entry.typescript
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(entry.file, { workerData });
    worker.on('message', (m: SignalRunReply) => {
      this.pending.get(m.id)?.resolve(m);
      this.pending.delete(m.id);
    });
    worker.on('error', (err) => {
      this.o.log?.(`signal thread: ${err.message}`);
      for (const [id, p] of this.pending) p.resolve({ id, ok: false, error: err.message });
      this.pending.clear();
      // The next run goes on a new thread.
      if (!this.stopped) this.worker = this.spawn(entry);
    });
    worker.unref();
    return worker;
  }
}
