import { z } from 'zod';
import { BreakdownRowSchema, IndicatorReportSchema, SeriesPointSchema } from '../analysis';
import { SignalViewSchema } from '../detect/signal';
import { SeveritySchema, StatusSchema } from '../domain/incident';
import { SessionSummarySchema } from './session-section';

/**
 * The briefing (简报): 值班快报 for a duty day (08:00 to 08:00 China time), 会商纪要 for a
 * consultation session. One print page in the renderer (`#/briefing?…`) draws it from
 * `briefingData`; Chromium prints that page to PDF (Electron's printToPDF in the app, CDP
 * `Page.printToPDF` for the console host and the command line).
 */

export const BRIEFING_ORIENTATIONS = ['landscape', 'portrait'] as const;
export const BriefingOrientationSchema = z.enum(BRIEFING_ORIENTATIONS);
export type BriefingOrientation = z.infer<typeof BriefingOrientationSchema>;

const time = z.number().int().nonnegative();
const sessionId = z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'a session id is letters, digits and . : _ -');

/** Which briefing: a range (default the current duty day) and/or a session. */
export const BriefingRequestSchema = z
  .object({
    from: time.optional(),
    to: time.optional(),
    sessionId: sessionId.optional(),
    orientation: BriefingOrientationSchema.default('landscape'),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.to > r.from, 'to must be after from')
  .refine((r) => r.to === undefined || r.to - (r.from ?? r.to - 1) <= 366 * 86_400_000, 'a briefing covers at most a year');
export type BriefingRequest = z.input<typeof BriefingRequestSchema>;

/** An incident the briefing lists (pinned in the session, or the day's red and orange ones). */
export const BriefingIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  categoryName: z.string(),
  severity: SeveritySchema,
  status: StatusSchema,
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  reportedAt: z.number(),
  /** The session's note on it (empty for the duty day's list). */
  note: z.string(),
});
export type BriefingIncident = z.infer<typeof BriefingIncidentSchema>;

/** Everything the print page shows, from one call. */
export const BriefingDataSchema = z.object({
  kind: z.enum(['duty', 'session']),
  range: z.object({ from: z.number(), to: z.number() }),
  /** The duty officer (the operator's name) or the session's host. */
  responsible: z.string(),
  generatedAt: z.number(),
  /** The catalogue's headline indicators, exactly as the Analysis view asks for them (no filter). */
  indicators: IndicatorReportSchema,
  byCategory: z.array(BreakdownRowSchema),
  byGrid: z.array(BreakdownRowSchema),
  /** Received and closed per hour (a day) or per day (longer ranges). */
  series: z.array(SeriesPointSchema),
  bucket: z.enum(['hour', 'day']),
  pinned: z.array(BriefingIncidentSchema),
  /** Pinned signals and alerts of a session (their ids and notes). */
  pinnedOther: z.array(z.object({ kind: z.enum(['signal', 'alert']), id: z.string(), note: z.string() })),
  /** The current signals (not dismissed), strongest first. */
  signals: z.array(SignalViewSchema),
  /** The session's part: null for a duty day (or when sessions are not available). */
  session: SessionSummarySchema.nullable(),
});
export type BriefingData = z.infer<typeof BriefingDataSchema>;

/** The PDF, base64 (the console host sends it over the socket), with its file name. */
export const BriefingPdfSchema = z.object({ fileName: z.string(), pdfBase64: z.string(), bytes: z.number().int(), ms: z.number() });
export type BriefingPdf = z.infer<typeof BriefingPdfSchema>;

/** The print page's route for a request (hash history): `#/briefing?from=…&to=…`. */
export function briefingRoute(r: { from?: number; to?: number; sessionId?: string; orientation?: BriefingOrientation }): string {
  const q = new URLSearchParams();
  if (r.from !== undefined) q.set('from', String(r.from));
  if (r.to !== undefined) q.set('to', String(r.to));
  if (r.sessionId !== undefined) q.set('session', r.sessionId);
  q.set('orientation', r.orientation ?? 'landscape');
  return `#/briefing?${q.toString()}`;
}

/** The PDF's file name: 值班快报-2026-11-30.pdf or 会商纪要-<session>.pdf (China dates). */
export function briefingFileName(kind: 'duty' | 'session', from: number, sessionId?: string): string {
  const day = new Date(from + 8 * 3_600_000).toISOString().slice(0, 10);
  return kind === 'session' && sessionId ? `会商纪要-${sessionId.replace(/[^\w.-]/g, '_')}.pdf` : `值班快报-${day}.pdf`;
}

/** The attribute the print page sets on its root when every part is drawn (or `error` when it cannot be). */
export const BRIEFING_READY_ATTR = 'data-briefing-ready';
