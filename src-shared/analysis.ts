import { z } from 'zod';
import { IndicatorValuesSchema, INDICATOR_IDS } from './domain/indicators';
import { DatumSchema, SeveritySchema } from './domain/incident';

/**
 * Requests and answers of the analysis and import operations (declared in contract.ts): each of
 * an Analysis view's charts is one call — headline indicators with 同比/环比 and a compare-with
 * range, a breakdown by category or grid, a time series, the case-flow funnel — and a file is
 * imported in chunks with progress events and cancel.
 */

const time = z.number().int().nonnegative();
export const AnalysisRangeSchema = z.object({ from: time, to: time }).strict().refine((r) => r.to > r.from, 'to must be after from');
export type AnalysisRange = z.infer<typeof AnalysisRangeSchema>;

const codes = z.array(z.string().min(1).max(100)).max(200);
/** The cross-filter: any of these categories, grids ('' = outside every grid), sources, severities. */
export const AnalysisFilterSchema = z
  .object({ categories: codes.optional(), grids: codes.optional(), sources: codes.optional(), severities: z.array(SeveritySchema).max(4).optional() })
  .strict();
export type AnalysisFilter = z.infer<typeof AnalysisFilterSchema>;

const ChangeSchema = z.record(z.enum(INDICATOR_IDS), z.number().nullable());

export const AnalysisIndicatorsRequestSchema = z
  .object({ range: AnalysisRangeSchema, compare: AnalysisRangeSchema.optional(), filter: AnalysisFilterSchema.default({}) })
  .strict();
export const IndicatorReportSchema = z.object({
  range: z.object({ from: z.number(), to: z.number() }),
  filter: AnalysisFilterSchema,
  current: IndicatorValuesSchema,
  /** 环比: the previous period (the previous month for a calendar month). */
  previous: IndicatorValuesSchema,
  previousRange: z.object({ from: z.number(), to: z.number() }),
  /** 同比: the same period a year earlier. */
  lastYear: IndicatorValuesSchema,
  lastYearRange: z.object({ from: z.number(), to: z.number() }),
  /** Changes: counts relative ((now − then) ÷ then), rates in points; null from zero. */
  mom: ChangeSchema,
  yoy: ChangeSchema,
  compare: z.object({ range: z.object({ from: z.number(), to: z.number() }), values: IndicatorValuesSchema, change: ChangeSchema }).optional(),
});

export const AnalysisBreakdownRequestSchema = z
  .object({ range: AnalysisRangeSchema, filter: AnalysisFilterSchema.default({}), by: z.enum(['category', 'grid']) })
  .strict();
export const BreakdownRowSchema = z.object({ key: z.string(), zh: z.string(), en: z.string(), values: IndicatorValuesSchema });

export const AnalysisSeriesRequestSchema = z
  .object({ range: AnalysisRangeSchema, filter: AnalysisFilterSchema.default({}), bucket: z.enum(['hour', 'day', 'week', 'month']) })
  .strict()
  .refine((r) => r.bucket !== 'hour' || r.range.to - r.range.from <= 31 * 86_400_000, 'hourly series need a range of at most 31 days');
export const SeriesPointSchema = z.object({ t: z.number(), received: z.number().int(), closed: z.number().int() });

/** The monthly analysis report (月度分析) of a China calendar month, with the view's filter. */
export const AnalysisReportRequestSchema = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'), filter: AnalysisFilterSchema.default({}) })
  .strict();
/** The report as an XLSX file: its name and its bytes in base64 (the contract carries JSON). */
export const AnalysisReportSchema = z.object({ fileName: z.string(), base64: z.string() });

export const AnalysisFunnelRequestSchema = z.object({ range: AnalysisRangeSchema, filter: AnalysisFilterSchema.default({}) }).strict();
export const FunnelStageSchema = z.object({
  stage: z.enum(['reported', 'registered', 'dispatched', 'handling', 'feedback', 'closed']),
  reached: z.number().int(),
  waiting: z.number().int(),
  overdue: z.number().int(),
});

/** Import: the file is sent in text chunks (the host may be another machine), then imported as `cli import` would. */
export const IMPORT_CHUNK_MAX = 1 << 20;
export const ImportBeginSchema = z
  .object({
    /** The file's name (for the summary and the shape: .csv, .ndjson, .geojson, .json). */
    name: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name, not a path'),
    size: z.number().int().nonnegative(),
    format: z.enum(['open311', 'json']),
    source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/).optional(),
    datum: DatumSchema.default('WGS84'),
  })
  .strict();
export const ImportChunkSchema = z.object({ jobId: z.string().min(1).max(64), data: z.string().max(IMPORT_CHUNK_MAX) }).strict();
export const ImportJobSchema = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const ImportProgressSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  phase: z.enum(['uploading', 'importing', 'done', 'cancelled', 'failed']),
  bytes: z.number().int(),
  totalBytes: z.number().int(),
  records: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  /** In the last event: the refusal reasons (first 100), the unmapped service codes, why it stopped. */
  errors: z.array(z.object({ reason: z.string(), count: z.number().int() })).optional(),
  unmapped: z.array(z.object({ code: z.string(), count: z.number().int() })).optional(),
  failed: z.string().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;
