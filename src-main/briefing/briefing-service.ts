import type { OperationHandlers } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import { BriefingRequestSchema, briefingFileName, briefingRoute, type BriefingData, type BriefingIncident, type BriefingOrientation, type BriefingPdf, type BriefingRequest } from '@shared/briefing/briefing';
import type { SessionSummary, SessionSummaryProvider } from '@shared/briefing/session-section';
import { categoryInfo } from '@shared/domain/categories';
import { dutyDayStart } from '@shared/domain/duty-day';
import type { Incident } from '@shared/domain/incident';
import type { SignalsState } from '@shared/detect/signal';
import { gridInfo } from '@shared/geo/grids';
import type { Db } from '../store/database';
import { IndicatorQueries } from '../store/indicator-queries';

/** Prints the renderer's briefing page (`route` is its hash, e.g. `#/briefing?from=…`) to a PDF. */
export type BriefingPrinter = (route: string, options: { landscape: boolean }) => Promise<Uint8Array>;

export interface BriefingServiceOptions {
  db: Db;
  /** Incidents by id, and a page of the range's incidents (the store's query). */
  incidents: {
    get(id: string): Incident | undefined;
    query(filter: { from?: number; to?: number; severities?: ('red' | 'orange' | 'yellow' | 'blue')[] }, limit: number, offset: number): { items: Incident[] };
  };
  /** The current signals. */
  signals: () => SignalsState;
  /** The duty officer: the operator's name in the settings. */
  operator: () => string;
  /** The consultation service's `summary`, where sessions exist; without it `sessionId` is refused. */
  sessionSummary?: SessionSummaryProvider;
  /** Chromium's printing, given by the shell (Electron) or the host (CDP); without it `briefingPdf` is refused. */
  printer?: BriefingPrinter;
  now?: () => number;
}

const DAY_MS = 86_400_000;
/** The day's red and orange incidents listed when there is no session (newest first). */
const DUTY_PINNED_MAX = 30;

/**
 * The briefing: its data, from the indicator catalogue's own queries (so the figures equal the
 * Analysis view's for the same range), the signals and the session, and its PDF, printed from
 * the renderer's print page by whichever Chromium the shell offers.
 */
export class BriefingService {
  private printer?: BriefingPrinter;
  private sessionSummary?: SessionSummaryProvider;
  private keepSessionPdf?: (sessionId: string, pdf: Buffer) => void;

  constructor(private readonly o: BriefingServiceOptions) {
    this.printer = o.printer;
    this.sessionSummary = o.sessionSummary;
  }

  get handlers(): Pick<OperationHandlers, 'briefingData' | 'briefingPdf'> {
    return {
      briefingData: (req) => this.data(req),
      briefingPdf: (req) => this.pdf(req),
    };
  }

  /** Set by the host once it can print (the console host after it listens; the Electron shell when ready). */
  usePrinter(printer: BriefingPrinter | undefined): void {
    this.printer = printer;
  }

  /**
   * Wired where the consultation service exists: its summaries, and where a session's briefing is
   * kept (its archive carries it).
   */
  useSessions(provider: SessionSummaryProvider | undefined, keep?: (sessionId: string, pdf: Buffer) => void): void {
    this.sessionSummary = provider;
    this.keepSessionPdf = keep;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private async session(id: string | undefined): Promise<SessionSummary | null> {
    if (id === undefined) return null;
    if (!this.sessionSummary) throw new OperationError('NOT_FOUND', 'consultation sessions are not available in this console');
    const s = await this.sessionSummary(id);
    if (!s) throw new OperationError('NOT_FOUND', `no consultation session ${id}`);
    return s;
  }

  /** The range: given, else the session's span, else the current duty day (08:00 to 08:00 China time). */
  private range(req: BriefingRequest, session: SessionSummary | null): { from: number; to: number } {
    const now = this.now();
    if (session && req.from === undefined && req.to === undefined) {
      return { from: session.startedAt, to: Math.max(session.endedAt ?? now, session.startedAt + 60_000) };
    }
    const from = req.from ?? (req.to !== undefined ? dutyDayStart(req.to - 1) : dutyDayStart(now));
    const to = req.to ?? from + DAY_MS;
    if (to <= from) throw new OperationError('BAD_REQUEST', 'to must be after from');
    return { from, to };
  }

  async data(request: BriefingRequest): Promise<BriefingData> {
    const req = BriefingRequestSchema.parse(request);
    const session = await this.session(req.sessionId);
    const range = this.range(req, session);
    const now = this.now();
    const q = new IndicatorQueries(this.o.db);
    const bucket = range.to - range.from <= 2 * DAY_MS ? 'hour' : 'day';
    const pinnedRefs = session?.pinned ?? [];
    const pinned: BriefingIncident[] = session
      ? pinnedRefs.filter((p) => p.kind === 'incident').flatMap((p) => {
          const inc = this.o.incidents.get(p.id);
          return inc ? [briefingIncident(inc, p.note)] : [];
        })
      : this.o.incidents.query({ from: range.from, to: range.to, severities: ['red', 'orange'] }, DUTY_PINNED_MAX, 0).items.map((i) => briefingIncident(i, ''));
    return {
      kind: session ? 'session' : 'duty',
      range,
      responsible: session?.host ?? this.o.operator(),
      generatedAt: now,
      indicators: q.report(range, {}, now),
      byCategory: q.byCategory(range, {}, now),
      byGrid: q.byGrid(range, {}, now),
      series: q.byTime(range, {}, bucket),
      bucket,
      pinned,
      pinnedOther: pinnedRefs.flatMap((p) => (p.kind === 'incident' ? [] : [{ kind: p.kind, id: p.id, note: p.note }])),
      signals: this.o.signals().signals.filter((s) => s.state !== 'dismissed'),
      session,
    };
  }

  async pdf(request: BriefingRequest): Promise<BriefingPdf> {
    const req = BriefingRequestSchema.parse(request);
    if (!this.printer) throw new OperationError('UNAVAILABLE', 'this console cannot print a briefing (no Chromium)');
    const started = this.now();
    const session = await this.session(req.sessionId);
    // The page is given the resolved range, so the file and the page agree even across 08:00.
    const range = this.range(req, session);
    const route = briefingRoute({ ...range, sessionId: req.sessionId, orientation: req.orientation });
    const pdf = await this.printer(route, { landscape: req.orientation === ('landscape' satisfies BriefingOrientation) });
    const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    if (session && req.sessionId !== undefined) this.keepSessionPdf?.(req.sessionId, buf);
    return { fileName: briefingFileName(session ? 'session' : 'duty', range.from, req.sessionId), pdfBase64: buf.toString('base64'), bytes: buf.length, ms: this.now() - started };
  }
}

function briefingIncident(i: Incident, note: string): BriefingIncident {
  const grid = i.gridId ? gridInfo(i.gridId) : undefined;
  return {
    id: i.id,
    title: i.title,
    category: i.category,
    categoryName: categoryInfo(i.category)?.zh ?? i.category,
    severity: i.severity,
    status: i.status,
    gridId: i.gridId ?? null,
    gridName: grid?.zh ?? null,
    reportedAt: i.reportedAt,
    note,
  };
}
