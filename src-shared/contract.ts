import { z } from 'zod';
import { EVENT_CHANNELS, OPERATION_CHANNELS, type EventName, type OperationName } from './channels';
import { CameraSchema } from './domain/camera';
import { IncidentSchema, SeveritySchema, StatusSchema } from './domain/incident';
import { VehiclePositionSchema } from './domain/vehicle';
import { AlertSchema, QuarantineEntrySchema } from './domain/alert';
import type { Result } from './result';
import {
  AnalysisBreakdownRequestSchema,
  AnalysisFunnelRequestSchema,
  AnalysisIndicatorsRequestSchema,
  AnalysisReportRequestSchema,
  AnalysisReportSchema,
  AnalysisSeriesRequestSchema,
  BreakdownRowSchema,
  FunnelStageSchema,
  ImportBeginSchema,
  ImportChunkSchema,
  ImportJobSchema,
  ImportProgressSchema,
  IndicatorReportSchema,
  SeriesPointSchema,
} from './analysis';
import {
  CaseDetailSchema,
  CaseHistoryEntrySchema,
  CaseStatsSchema,
  GridLeagueRowSchema,
  OutboxEntrySchema,
  OutboxStatusSchema,
} from './domain/case';
import { CLOCK_STAGES } from './domain/case-clock';
import { CaseActionSchema, CaseRoleSchema } from './domain/lifecycle';
import { TRIAGE_BATCH_ACTIONS, TRIAGE_BATCH_MAX, TRIAGE_TABS } from './domain/triage';
import { IncidentPointColumnsSchema, IncidentPointsQuerySchema } from './map/point-schemas';
import {
  BasemapBytesSchema,
  BasemapSchema,
  BasemapTileRequestSchema,
  MapSettingsViewSchema,
  PmtilesInfoSchema,
} from './map/basemap';
import {
  AssignResourceSchema,
  AssignResultSchema,
  DispatchAdviceRequestSchema,
  DispatchAdviceSchema,
  VehicleAssignmentSchema,
} from './dispatch/advice';
import { RuleFiringSchema, RulesStateSchema, RuleSetVersionSchema, RulesVersionRequestSchema, SaveRulesSchema } from './rules/escalation-rules';
import { ConferenceGrantSchema, ConferenceIdSchema, ConferenceStateSchema, RecordingChunkSchema } from './conference';
import { BriefingDataSchema, BriefingPdfSchema, BriefingRequestSchema } from './briefing/briefing';
import { SignalDismissSchema, SignalEscalateSchema, SignalRefSchema, SignalSeriesSchema, SignalsStateSchema, SignalViewSchema } from './detect/signal';
import { ConsultationSummarySchema } from './consultation/summary';
import {
  CollabEndpointSchema,
  ConsultationArchiveSchema,
  ConsultationInfoSchema,
  DecisionCaseSchema,
  InviteParticipantSchema,
  JoinConsultationSchema,
  LogDecisionSchema,
  MAX_ARCHIVE_BASE64_CHARS,
  OpenArchiveSchema,
  OpenedArchiveSchema,
  ParticipantTokenSchema,
  RevokeParticipantSchema,
  SessionRefSchema,
  StartConsultationSchema,
} from './consultation/contract';
import {
  MAX_SNAPSHOT_BASE64_CHARS,
  AttachSnapshotSchema,
  CameraGroupSchema,
  CameraIdSchema,
  IncidentAttachmentSchema,
  NamedLayoutSchema,
  NearbyCameraSchema,
  NearestCamerasRequestSchema,
  PanelSchema,
  SaveCameraGroupSchema,
  SaveLayoutSchema,
  VideoLayoutSchema,
  VideoPrefsSchema,
} from './video/schemas';

/**
 * The one contract between the renderer and whatever hosts it (the Electron main process, or the
 * browser console host over WebSocket). Every operation and event is declared here once, with its
 * schema; main validates every request against it, and both hosts implement exactly this.
 */

/** What the renderer may learn about the running application. */
/**
 * The largest request a client may send over the console host's socket: the largest request the
 * contract allows (a snapshot picture, base64) plus room for the envelope and the other fields.
 * A larger frame closes that socket (code 1009) and nothing else.
 */
export const MAX_REQUEST_FRAME_BYTES = Math.max(MAX_SNAPSHOT_BASE64_CHARS, MAX_ARCHIVE_BASE64_CHARS) + 64 * 1024;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `electron` in the desktop window, `browser` through the console host. */
  shell: z.enum(['electron', 'browser']),
  /** Where incidents and settings are stored. */
  dataDir: z.string(),
  startedAt: z.number(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const idList = z.array(z.string().min(1).max(100)).max(100);

/** Filters and paging for the incident list. Every field is optional; absent means "any". */
export const IncidentQuerySchema = z
  .object({
    categories: idList.optional(),
    severities: z.array(SeveritySchema).max(4).optional(),
    statuses: z.array(StatusSchema).max(9).optional(),
    gridIds: idList.optional(),
    /** Reported at or after, epoch ms. */
    from: z.number().int().nonnegative().optional(),
    /** Reported before, epoch ms. */
    to: z.number().int().nonnegative().optional(),
    /** Substring of title, description or address. */
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(5000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type IncidentQuery = z.input<typeof IncidentQuerySchema>;

/** One page of incidents, newest first, with the total that matched. */
export const IncidentPageSchema = z.object({
  total: z.number().int().nonnegative(),
  items: z.array(IncidentSchema),
});
export type IncidentPage = z.infer<typeof IncidentPageSchema>;

/** A batch of changes to the incident cache, pushed every few hundred milliseconds. */
export const IncidentDeltaSchema = z.object({
  /** Incidents added or changed since the previous delta. */
  upserted: z.array(IncidentSchema),
  /** Number of incidents in the cache after this delta. */
  total: z.number().int().nonnegative(),
});
export type IncidentDelta = z.infer<typeof IncidentDeltaSchema>;

export const FEED_STATES = ['connecting', 'live', 'degraded', 'down', 'stopped'] as const;

/** Health of one backend feed. */
export const FeedStatusSchema = z.object({
  id: z.string(),
  /** Display name (may be Chinese). */
  name: z.string(),
  kind: z.string(),
  state: z.enum(FEED_STATES),
  /** Where it connects (credentials never included). */
  endpoint: z.string(),
  received: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Delay between the source's timestamp and our receipt of the latest message, ms. */
  lagMs: z.number().nullable(),
  lastMessageAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;

export const LOCALES = ['zh-CN', 'en'] as const;

/** User settings kept in the data directory. */
export const SettingsSchema = z.object({
  locale: z.enum(LOCALES),
  /** Sound on new incidents at or above `alertLevel` (false: muted; the header still flashes). */
  alertSound: z.boolean(),
  /** The least severe colour that raises an alert (orange: red and orange incidents). */
  alertLevel: SeveritySchema,
  /** Alert sound volume, 0–1. */
  alertVolume: z.number().min(0).max(1),
  /** Minutes an unacknowledged red alert waits before it is escalated to the leader role. */
  alertEscalateMinutes: z.number().int().min(1).max(240),
  /** Incidents per minute the built-in simulator emits live. */
  simulatorRatePerMinute: z.number().min(0).max(6000),
  /** Who works at this console (no login yet): decides which case actions are offered; recorded in history. */
  caseRole: CaseRoleSchema,
  /** The operator's name, recorded with every case action. */
  operatorName: z.string().trim().min(1).max(50),
});
export type Settings = z.infer<typeof SettingsSchema>;

export { DEFAULT_SETTINGS } from './settings-defaults';

const TriageTabSchema = z.enum(TRIAGE_TABS);
const TriageBatchActionSchema = z.enum(TRIAGE_BATCH_ACTIONS);

/** A partial update of settings; unknown keys are refused. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

const none = z.undefined();

/** A time range for aggregations: epoch ms, `to` exclusive. */
export const StatsRangeSchema = z
  .object({
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  })
  .strict();

/** An operator's action on a case. Role and operator name come from the settings, not the request. */
export const CaseActionRequestSchema = z
  .object({
    id: z.string().min(1).max(300),
    action: CaseActionSchema,
    /** The unit to dispatch to (dispatch). */
    unit: z.string().trim().max(200).optional(),
    /** Why (required for reject, feedback, rework, cancel, reopen and comments). */
    note: z.string().trim().max(5000).optional(),
  })
  .strict();

/** A case-clock limit: minutes for one stage of a category (a code, `cm.*` or `*`). */
export const StageLimitSchema = z
  .object({
    category: z.string().min(1).max(100).regex(/^(\*|[a-z]+\.\*|[a-z]+\.[a-z-]+)$/),
    stage: z.enum(CLOCK_STAGES as [(typeof CLOCK_STAGES)[number], ...(typeof CLOCK_STAGES)[number][]]),
    minutes: z.number().int().min(1).max(60 * 24 * 90),
  })
  .strict();
/** Everything the video views keep: favourites, groups, named layouts, each panel's layout, preferences. */
export const VideoStateSchema = z.object({
  favourites: z.array(CameraIdSchema),
  groups: z.array(CameraGroupSchema),
  layouts: z.array(NamedLayoutSchema),
  /** The current layout of the console's video view and of the video wall (null: never set). */
  panels: z.object({ console: VideoLayoutSchema.nullable(), wall: VideoLayoutSchema.nullable() }),
  prefs: VideoPrefsSchema,
});
export type VideoState = z.infer<typeof VideoStateSchema>;

/**
 * The incident cache was found damaged at start and moved aside (kept for recovery); a fresh one
 * was started. Shown to the operators until one of them dismisses it.
 */
export const CacheRecoverySchema = z.object({
  /** File name of the damaged copy, in the data directory. */
  movedTo: z.string(),
  /** When it was moved aside, epoch ms. */
  at: z.number(),
  /** Its size in bytes (with its WAL). */
  bytes: z.number().int().nonnegative(),
  /** How many incidents it held, when it could still be counted. */
  incidents: z.number().int().nonnegative().nullable(),
  /** What SQLite reported. */
  problem: z.string(),
});
export type CacheRecovery = z.infer<typeof CacheRecoverySchema>;

/** Every operation: its channel, request schema, response schema. */
export const operations = {
  /** Name, version, shell and data directory of the running console. */
  appInfo: { channel: OPERATION_CHANNELS.appInfo, request: none, response: AppInfoSchema },
  /** Incidents matching filters, newest first, paged. */
  queryIncidents: {
    channel: OPERATION_CHANNELS.queryIncidents,
    request: IncidentQuerySchema,
    response: IncidentPageSchema,
  },
  /** One incident by id; NOT_FOUND when the cache has none. */
  getIncident: {
    channel: OPERATION_CHANNELS.getIncident,
    request: z.object({ id: z.string().min(1).max(300) }).strict(),
    response: IncidentSchema,
  },
  /** Health of every configured feed. */
  feedStatus: { channel: OPERATION_CHANNELS.feedStatus, request: none, response: z.array(FeedStatusSchema) },
  /** Current settings. */
  getSettings: { channel: OPERATION_CHANNELS.getSettings, request: none, response: SettingsSchema },
  /** Change some settings; returns all of them. */
  setSettings: { channel: OPERATION_CHANNELS.setSettings, request: SettingsPatchSchema, response: SettingsSchema },
  /** The whole camera catalog (10,000+ entries; fetched once, filtered in the renderer). */
  listCameras: { channel: OPERATION_CHANNELS.listCameras, request: none, response: z.array(CameraSchema) },
  /** One case with its history, escalations, unsent actions and raw payload; NOT_FOUND when absent. */
  getCase: {
    channel: OPERATION_CHANNELS.getCase,
    request: z.object({ id: z.string().min(1).max(300) }).strict(),
    response: CaseDetailSchema,
  },
  /**
   * Applies a case action by the current role (FORBIDDEN when the role may not, BAD_REQUEST when the
   * status does not allow it or a unit/note is missing) and queues it for the backend.
   */
  caseAction: {
    channel: OPERATION_CHANNELS.caseAction,
    request: CaseActionRequestSchema,
    response: z.object({ incident: IncidentSchema, entry: OutboxEntrySchema }),
  },
  /** Full-text search (Chinese included) over title, description and address; most recent first. */
  searchIncidents: {
    channel: OPERATION_CHANNELS.searchIncidents,
    request: z
      .object({
        text: z.string().max(200),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    response: z.object({
      total: z.number().int().nonnegative(),
      hits: z.array(IncidentSchema),
      /** True when counting stopped at 10,000: there are at least `total` hits. */
      totalIsLowerBound: z.boolean().optional(),
      /** Incidents (or changes) the full-text index has not taken in yet, when there are any: hits may be missing. */
      indexPending: z.number().int().positive().optional(),
    }),
  },
  /** Counts by category, status, severity and grid, closure rate, overdue, stage times, a series. */
  caseStats: {
    channel: OPERATION_CHANNELS.caseStats,
    request: StatsRangeSchema.extend({ bucket: z.enum(['hour', 'day', 'week']).optional() }).strict(),
    response: CaseStatsSchema,
  },
  /** The per-grid league table over a range. */
  gridLeague: { channel: OPERATION_CHANNELS.gridLeague, request: StatsRangeSchema, response: z.array(GridLeagueRowSchema) },
  /** Open cases past their stage limit now, most overdue first. */
  overdueCases: {
    channel: OPERATION_CHANNELS.overdueCases,
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200), offset: z.number().int().min(0).default(0) }).strict(),
    response: IncidentPageSchema,
  },
  /**
   * The triage queue (待处置): one tab's cases, most urgent first, and the live count of every tab
   * (register: reported; dispatch: registered; rework: returned to the unit by a failed check;
   * overdue: open and past the stage limit).
   */
  triageQueue: {
    channel: OPERATION_CHANNELS.triageQueue,
    request: z
      .object({
        tab: TriageTabSchema,
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    response: IncidentPageSchema.extend({ counts: z.record(TriageTabSchema, z.number().int().nonnegative()) }),
  },
  /**
   * One action on many cases after one confirmation: each case goes through the case flow on its
   * own (role, status, unit; history and outbox). Cases the flow refuses are listed with the reason;
   * the others are done.
   */
  triageBatch: {
    channel: OPERATION_CHANNELS.triageBatch,
    request: z
      .object({
        ids: z.array(z.string().min(1).max(300)).min(1).max(TRIAGE_BATCH_MAX),
        action: TriageBatchActionSchema,
        /** The unit to dispatch to (dispatch). */
        unit: z.string().trim().max(200).optional(),
      })
      .strict()
      .refine((r) => r.action !== 'dispatch' || !!r.unit, { message: 'dispatch needs a unit', path: ['unit'] })
      .refine((r) => new Set(r.ids).size === r.ids.length, { message: 'a case is named twice', path: ['ids'] }),
    response: z.object({
      done: z.array(IncidentSchema),
      refused: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })),
    }),
  },
  /**
   * Merges duplicates into the case kept: each duplicate is closed as a duplicate through the case
   * flow (its history names the case kept), the kept case's history names each duplicate (\`merge\`),
   * and the link is stored. BAD_REQUEST when a duplicate's status does not allow it (nothing is
   * changed then), NOT_FOUND for an unknown id.
   */
  mergeCases: {
    channel: OPERATION_CHANNELS.mergeCases,
    request: z
      .object({
        keepId: z.string().min(1).max(300),
        duplicateIds: z.array(z.string().min(1).max(300)).min(1).max(TRIAGE_BATCH_MAX),
      })
      .strict()
      .refine((r) => !r.duplicateIds.includes(r.keepId), { message: 'a case cannot be merged into itself', path: ['duplicateIds'] })
      .refine((r) => new Set(r.duplicateIds).size === r.duplicateIds.length, { message: 'a case is named twice', path: ['duplicateIds'] }),
    response: z.object({ kept: IncidentSchema, merged: z.array(IncidentSchema) }),
  },
  /** Whether the case backend answers, how many actions wait, which need a decision. */
  outboxStatus: { channel: OPERATION_CHANNELS.outboxStatus, request: none, response: OutboxStatusSchema },
  /** An operator's decision on a conflicting or refused action: send again on the backend's status, or drop. */
  resolveOutbox: {
    channel: OPERATION_CHANNELS.resolveOutbox,
    request: z.object({ entryId: z.number().int().positive(), resolution: z.enum(['retry', 'discard']) }).strict(),
    response: OutboxEntrySchema,
  },
  /** The case clock's stage limits in force (defaults and overrides). */
  caseClockLimits: { channel: OPERATION_CHANNELS.caseClockLimits, request: none, response: z.array(StageLimitSchema) },
  /** Sets stage limits (per category or system) and moves open cases' deadlines; returns all limits. */
  setCaseClockLimits: {
    channel: OPERATION_CHANNELS.setCaseClockLimits,
    request: z.object({ limits: z.array(StageLimitSchema).min(1).max(200) }).strict(),
    response: z.array(StageLimitSchema),
  },
  /** Headline indicators (the catalogue's) for a range and filter, with 同比, 环比 and an optional compare-with range. */
  analysisIndicators: { channel: OPERATION_CHANNELS.analysisIndicators, request: AnalysisIndicatorsRequestSchema, response: IndicatorReportSchema },
  /** The indicators per category or per grid, most received first. */
  analysisBreakdown: { channel: OPERATION_CHANNELS.analysisBreakdown, request: AnalysisBreakdownRequestSchema, response: z.array(BreakdownRowSchema) },
  /** Received and closed per hour, day, week or month (China time). */
  analysisSeries: { channel: OPERATION_CHANNELS.analysisSeries, request: AnalysisSeriesRequestSchema, response: z.array(SeriesPointSchema) },
  /** The case flow as a funnel: reached, waiting and overdue per stage. */
  analysisFunnel: { channel: OPERATION_CHANNELS.analysisFunnel, request: AnalysisFunnelRequestSchema, response: z.array(FunnelStageSchema) },
  /** The monthly analysis report (月度分析) as an XLSX file, a sheet per indicator group: the same workbook as `cli report`. */
  analysisReport: { channel: OPERATION_CHANNELS.analysisReport, request: AnalysisReportRequestSchema, response: AnalysisReportSchema },
  /** Starts an import: the file's name, size and format; answers the job id. Progress comes as `importProgress` events. */
  importBegin: { channel: OPERATION_CHANNELS.importBegin, request: ImportBeginSchema, response: ImportJobSchema },
  /** One piece of the file's text, in order. */
  importChunk: { channel: OPERATION_CHANNELS.importChunk, request: ImportChunkSchema, response: z.object({ received: z.number().int() }) },
  /** All chunks sent: the import runs (streamed, in batches) and reports progress until done. */
  importFinish: { channel: OPERATION_CHANNELS.importFinish, request: ImportJobSchema, response: ImportJobSchema },
  /** Stops an import between batches; what was stored stays (a re-import is idempotent). */
  importCancel: { channel: OPERATION_CHANNELS.importCancel, request: ImportJobSchema, response: ImportJobSchema },
  /** Compact points (columns) of a time window of the cache, newest first, for the situation map and replay. */
  incidentPoints: {
    channel: OPERATION_CHANNELS.incidentPoints,
    request: IncidentPointsQuerySchema,
    response: IncidentPointColumnsSchema,
  },
  /** Map settings (the basemap), with any token blanked. */
  getMapSettings: { channel: OPERATION_CHANNELS.getMapSettings, request: none, response: MapSettingsViewSchema },
  /** Choose the basemap; returns the map settings as `getMapSettings` would. */
  setBasemap: { channel: OPERATION_CHANNELS.setBasemap, request: BasemapSchema, response: MapSettingsViewSchema },
  /** One tile of the configured basemap, fetched by the host (null where it has none). */
  basemapTile: { channel: OPERATION_CHANNELS.basemapTile, request: BasemapTileRequestSchema, response: BasemapBytesSchema },
  /** A resource of the configured vector style (same origin as the style only). */
  basemapResource: {
    channel: OPERATION_CHANNELS.basemapResource,
    request: z.object({ url: z.string().min(1).max(4000) }).strict(),
    response: BasemapBytesSchema,
  },
  /** Header facts of the configured PMTiles basemap, or null when the basemap is not PMTiles. */
  pmtilesInfo: { channel: OPERATION_CHANNELS.pmtilesInfo, request: none, response: PmtilesInfoSchema },
  /** Cameras nearest a point (an incident), nearest first, within a radius. */
  nearestCameras: {
    channel: OPERATION_CHANNELS.nearestCameras,
    request: NearestCamerasRequestSchema,
    response: z.array(NearbyCameraSchema),
  },
  /** Favourites, groups, named layouts, panel layouts and video preferences. */
  getVideoState: { channel: OPERATION_CHANNELS.getVideoState, request: none, response: VideoStateSchema },
  /** Mark or unmark a camera as a favourite; returns the new video state. */
  setFavourite: {
    channel: OPERATION_CHANNELS.setFavourite,
    request: z.object({ cameraId: CameraIdSchema, favourite: z.boolean() }).strict(),
    response: VideoStateSchema,
  },
  /** Create (no id) or replace a named camera group. */
  saveCameraGroup: { channel: OPERATION_CHANNELS.saveCameraGroup, request: SaveCameraGroupSchema, response: VideoStateSchema },
  /** Delete a camera group. */
  deleteCameraGroup: {
    channel: OPERATION_CHANNELS.deleteCameraGroup,
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: VideoStateSchema,
  },
  /** Save a named layout (replaces one of the same name). */
  saveVideoLayout: { channel: OPERATION_CHANNELS.saveVideoLayout, request: SaveLayoutSchema, response: VideoStateSchema },
  /** Delete a named layout. */
  deleteVideoLayout: {
    channel: OPERATION_CHANNELS.deleteVideoLayout,
    request: z.object({ name: z.string().min(1).max(60) }).strict(),
    response: VideoStateSchema,
  },
  /** Remember a panel's current layout (the wall's survives restarts; other windows follow). */
  setPanelLayout: {
    channel: OPERATION_CHANNELS.setPanelLayout,
    request: z.object({ panel: PanelSchema, layout: VideoLayoutSchema }).strict(),
    response: VideoStateSchema,
  },
  /** Change video preferences (decode cap, tour interval). */
  setVideoPrefs: { channel: OPERATION_CHANNELS.setVideoPrefs, request: VideoPrefsSchema.partial().strict(), response: VideoStateSchema },
  /**
   * Open the video wall as a second window (Electron; on another display when there is one).
   * `opened: false` means this host has no windows of its own: the renderer opens `#/wall` itself.
   */
  openVideoWall: { channel: OPERATION_CHANNELS.openVideoWall, request: none, response: z.object({ opened: z.boolean() }) },
  /** Store a snapshot of a video tile as a file in the data directory and attach it to an incident. */
  attachSnapshot: { channel: OPERATION_CHANNELS.attachSnapshot, request: AttachSnapshotSchema, response: IncidentAttachmentSchema },
  /** An incident's attachments, oldest first. */
  listAttachments: {
    channel: OPERATION_CHANNELS.listAttachments,
    request: z.object({ incidentId: z.string().min(1).max(300) }).strict(),
    response: z.array(IncidentAttachmentSchema),
  },
  /** CAP alerts in force (Actual, not cancelled, superseded or expired), most severe first. */
  listAlerts: { channel: OPERATION_CHANNELS.listAlerts, request: none, response: z.array(AlertSchema) },
  /**
   * Opens a case from a CAP alert: an alert is never a case by itself (not in the overdue list or
   * the case statistics) until an officer decides it needs one. Recorded in the case history as
   * `openFromAlert` by the current operator. Opening it again returns the same case. NOT_FOUND for
   * an unknown alert, BAD_REQUEST for one that is not an actual alert with an area, FORBIDDEN for a
   * role that may not register cases.
   */
  openCaseFromAlert: {
    channel: OPERATION_CHANNELS.openCaseFromAlert,
    request: z.object({ sender: z.string().min(1).max(500), identifier: z.string().min(1).max(500) }).strict(),
    response: IncidentSchema,
  },
  /**
   * Acknowledges the console's alert for an incident: recorded in its history as `alertAck` by the
   * current operator (who, when; the status stays). Acknowledging again returns the first entry.
   * NOT_FOUND for an unknown incident.
   */
  acknowledgeAlert: {
    channel: OPERATION_CHANNELS.acknowledgeAlert,
    request: z.object({ incidentId: z.string().min(1).max(300) }).strict(),
    response: CaseHistoryEntrySchema,
  },
  /** The latest GPS fix of every tracked vehicle (so a fresh window has them before the next push). */
  listVehicles: { channel: OPERATION_CHANNELS.listVehicles, request: none, response: z.array(VehiclePositionSchema) },
  /** Drop one feed's connection and reconnect now; NOT_FOUND for an unknown feed. */
  reconnectFeed: {
    channel: OPERATION_CHANNELS.reconnectFeed,
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: z.object({ id: z.string() }),
  },
  /** Messages the feeds refused, newest first, with the reason. */
  listQuarantine: {
    channel: OPERATION_CHANNELS.listQuarantine,
    request: z
      .object({ feedId: z.string().max(100).optional(), limit: z.number().int().min(1).max(1000).default(200) })
      .strict(),
    response: z.object({ total: z.number().int().nonnegative(), items: z.array(QuarantineEntrySchema) }),
  },
  /**
   * Console host only: end every screen's session (this one too) and replace the access token;
   * the host prints the new URL. Answers how many sessions there were (0 in the desktop window).
   */
  logOutAllScreens: { channel: OPERATION_CHANNELS.logOutAllScreens, request: none, response: z.object({ sessions: z.number().int().nonnegative() }) },
  /** The damaged cache moved aside at a start and not yet acknowledged, if any. */
  cacheRecovery: { channel: OPERATION_CHANNELS.cacheRecovery, request: none, response: CacheRecoverySchema.nullable() },
  /** An operator has read the notice: stop showing it (on every screen). */
  dismissCacheRecovery: { channel: OPERATION_CHANNELS.dismissCacheRecovery, request: none, response: z.null() },
  /** The current signals (not dismissed, ending in the last two weeks), strongest first, with their history. */
  listSignals: { channel: OPERATION_CHANNELS.listSignals, request: none, response: SignalsStateSchema },
  /** A signal's daily series (its category in its grids, or city-wide) with the method's baseline and alarm days. */
  signalSeries: { channel: OPERATION_CHANNELS.signalSeries, request: SignalRefSchema, response: SignalSeriesSchema },
  /** Acknowledge a signal (recorded with the operator's name and the time). */
  acknowledgeSignal: { channel: OPERATION_CHANNELS.acknowledgeSignal, request: SignalRefSchema, response: SignalViewSchema },
  /** Dismiss a signal with a reason; the same cluster is not raised again. */
  dismissSignal: { channel: OPERATION_CHANNELS.dismissSignal, request: SignalDismissSchema, response: SignalViewSchema },
  /** Escalate a signal into a case (recorded; the case appears in the case list). */
  escalateSignal: { channel: OPERATION_CHANNELS.escalateSignal, request: SignalEscalateSchema, response: SignalViewSchema },
  /** The vehicles and units recommended for a case, quickest first, with the basis of the estimate. */
  dispatchAdvice: { channel: OPERATION_CHANNELS.dispatchAdvice, request: DispatchAdviceRequestSchema, response: DispatchAdviceSchema },
  /** Assign a vehicle or a unit to a case through the case flow (recorded in its history). */
  assignResource: { channel: OPERATION_CHANNELS.assignResource, request: AssignResourceSchema, response: AssignResultSchema },
  /** Vehicles working on open cases. */
  vehicleAssignments: { channel: OPERATION_CHANNELS.vehicleAssignments, request: none, response: z.array(VehicleAssignmentSchema) },
  /** The escalation rules in force and every saved version. */
  getRules: { channel: OPERATION_CHANNELS.getRules, request: none, response: RulesStateSchema },
  /** One saved version of the rule set. */
  getRulesVersion: { channel: OPERATION_CHANNELS.getRulesVersion, request: RulesVersionRequestSchema, response: RuleSetVersionSchema },
  /** Save the rule set as a new version (validated; a refused set changes nothing). */
  saveRules: { channel: OPERATION_CHANNELS.saveRules, request: SaveRulesSchema, response: RuleSetVersionSchema },
  /** The latest rule firings, newest first. */
  ruleFirings: { channel: OPERATION_CHANNELS.ruleFirings, request: none, response: z.array(RuleFiringSchema) },
  /**
   * Join a consultation's conference: the host creates its Janus room when needed and answers the
   * server, the room number and a short-lived pin. UNAVAILABLE without conference.json or when
   * Janus cannot be reached.
   */
  joinConference: { channel: OPERATION_CHANNELS.joinConference, request: z.object({ id: ConferenceIdSchema }).strict(), response: ConferenceGrantSchema },
  /** A conference's shared state: the field cameras in its grid, recording and the recordings made. */
  conferenceState: { channel: OPERATION_CHANNELS.conferenceState, request: z.object({ id: ConferenceIdSchema }).strict(), response: ConferenceStateSchema },
  /**
   * Start or stop recording the conference: the console recording (its id in the answer's
   * `recordingId`; the caller uploads the chunks) and, with `recordDir`, Janus's raw recording.
   * FORBIDDEN when the conference is a consultation this console's operator does not host.
   */
  setConferenceRecording: {
    channel: OPERATION_CHANNELS.setConferenceRecording,
    request: z.object({ id: ConferenceIdSchema, on: z.boolean() }).strict(),
    response: ConferenceStateSchema,
  },
  /** One chunk of the console recording, in order; refused out of order, too large or past the size limit. */
  appendConferenceRecording: {
    channel: OPERATION_CHANNELS.appendConferenceRecording,
    request: RecordingChunkSchema,
    response: z.object({ bytes: z.number().int().nonnegative() }),
  },
  /** Add a catalog camera (a drone, a command vehicle) to the conference's grid for everyone. */
  addConferenceCamera: {
    channel: OPERATION_CHANNELS.addConferenceCamera,
    request: z.object({ id: ConferenceIdSchema, cameraId: CameraIdSchema }).strict(),
    response: ConferenceStateSchema,
  },
  /** Take a field camera out of the conference's grid. */
  removeConferenceCamera: {
    channel: OPERATION_CHANNELS.removeConferenceCamera,
    request: z.object({ id: ConferenceIdSchema, cameraId: CameraIdSchema }).strict(),
    response: ConferenceStateSchema,
  },
  /** What the briefing's print page shows: the duty day's (or session's) indicators, breakdowns, series, pinned incidents, signals, session part. */
  briefingData: { channel: OPERATION_CHANNELS.briefingData, request: BriefingRequestSchema, response: BriefingDataSchema },
  /** The briefing printed to PDF by Chromium (base64), A4 in the orientation asked for. */
  briefingPdf: { channel: OPERATION_CHANNELS.briefingPdf, request: BriefingRequestSchema, response: BriefingPdfSchema },
  /** Consultations (会商) this console started, joined or opened from an archive, newest first. */
  listConsultations: { channel: OPERATION_CHANNELS.listConsultations, request: z.undefined(), response: z.array(ConsultationInfoSchema) },
  /** Start a session (from an incident, a signal, a CAP alert or empty); the operator hosts it. */
  startConsultation: { channel: OPERATION_CHANNELS.startConsultation, request: StartConsultationSchema, response: ConsultationInfoSchema },
  /** Record that this console takes part in a session another console started. */
  joinConsultation: { channel: OPERATION_CHANNELS.joinConsultation, request: JoinConsultationSchema, response: ConsultationInfoSchema },
  /** Mark a session ended here (the shared document records it for everyone). */
  endConsultation: { channel: OPERATION_CHANNELS.endConsultation, request: SessionRefSchema, response: ConsultationInfoSchema },
  /** Where and with which token to sync a session's document. */
  collabEndpoint: { channel: OPERATION_CHANNELS.collabEndpoint, request: SessionRefSchema, response: CollabEndpointSchema },
  /** A participant token for one session (embedded server), shown once. */
  inviteParticipant: { channel: OPERATION_CHANNELS.inviteParticipant, request: InviteParticipantSchema, response: ParticipantTokenSchema },
  /** Revoke a session's participant tokens of that label; their connections are closed. */
  revokeParticipant: { channel: OPERATION_CHANNELS.revokeParticipant, request: RevokeParticipantSchema, response: z.object({ revoked: z.number().int() }) },
  /** The session as the briefing takes it (pinned, decisions, annotations). */
  consultationSummary: { channel: OPERATION_CHANNELS.consultationSummary, request: SessionRefSchema, response: ConsultationSummarySchema },
  /** Record a decision on a case (create one or add to a pinned incident's), in its history. */
  logDecision: { channel: OPERATION_CHANNELS.logDecision, request: LogDecisionSchema, response: DecisionCaseSchema },
  /** A closed session as one zip (annotations, log JSON/CSV, briefing PDF if any, manifest with SHA-256). */
  exportConsultation: { channel: OPERATION_CHANNELS.exportConsultation, request: SessionRefSchema, response: ConsultationArchiveSchema },
  /** Open a session's archive read-only (checksums verified). */
  openConsultationArchive: { channel: OPERATION_CHANNELS.openConsultationArchive, request: OpenArchiveSchema, response: OpenedArchiveSchema },
} as const satisfies Record<OperationName, { channel: string; request: z.ZodType; response: z.ZodType }>;

/** Every event the host pushes: its channel and payload schema. */
export const events = {
  /** Batched incident changes. */
  incidentsChanged: { channel: EVENT_CHANNELS.incidentsChanged, payload: IncidentDeltaSchema },
  /** Feed health changed. */
  feedsChanged: { channel: EVENT_CHANNELS.feedsChanged, payload: z.array(FeedStatusSchema) },
  /** Settings changed (possibly from another window). */
  settingsChanged: { channel: EVENT_CHANNELS.settingsChanged, payload: SettingsSchema },
  /** Latest GPS fixes of vehicles that moved (batched). */
  vehiclesChanged: { channel: EVENT_CHANNELS.vehiclesChanged, payload: z.object({ positions: z.array(VehiclePositionSchema) }) },
  /** Cases whose current stage just went past its limit (each stage is raised once). */
  casesEscalated: { channel: EVENT_CHANNELS.casesEscalated, payload: z.object({ items: z.array(IncidentSchema) }) },
  /** An operator acknowledged an incident's alert (on any screen): every screen takes it off its alert bar. */
  alertAcknowledged: { channel: EVENT_CHANNELS.alertAcknowledged, payload: CaseHistoryEntrySchema },
  /** The outbox or the backend's reachability changed. */
  outboxChanged: { channel: EVENT_CHANNELS.outboxChanged, payload: OutboxStatusSchema },
  /** The basemap changed (possibly from another window). */
  mapSettingsChanged: { channel: EVENT_CHANNELS.mapSettingsChanged, payload: MapSettingsViewSchema },
  /** Favourites, groups, layouts or preferences changed (possibly from another window). */
  videoChanged: { channel: EVENT_CHANNELS.videoChanged, payload: VideoStateSchema },
  /** The CAP alerts in force changed (a new alert, an update, a cancel, an expiry): the whole list. */
  alertsChanged: { channel: EVENT_CHANNELS.alertsChanged, payload: z.array(AlertSchema) },
  /** The damaged-cache notice was dismissed (null) on some screen. */
  cacheRecoveryChanged: { channel: EVENT_CHANNELS.cacheRecoveryChanged, payload: CacheRecoverySchema.nullable() },
  /** An import's progress (after every stored batch) and its summary (phase done, cancelled or failed). */
  importProgress: { channel: EVENT_CHANNELS.importProgress, payload: ImportProgressSchema },
  /** The signals were recomputed (at most once a minute as data arrives) or someone acted on one: the whole list. */
  signalsChanged: { channel: EVENT_CHANNELS.signalsChanged, payload: SignalsStateSchema },
  /** A vehicle was assigned or freed: the vehicles working on open cases. */
  assignmentsChanged: { channel: EVENT_CHANNELS.assignmentsChanged, payload: z.object({ assignments: z.array(VehicleAssignmentSchema) }) },
  /** The rule set was saved (possibly from another screen). */
  rulesChanged: { channel: EVENT_CHANNELS.rulesChanged, payload: RulesStateSchema },
  /** An escalation rule fired: the duty alert is raised. */
  ruleFired: { channel: EVENT_CHANNELS.ruleFired, payload: RuleFiringSchema },
  /** A conference's shared state changed (a field camera added or removed, recording started or stopped). */
  conferenceChanged: { channel: EVENT_CHANNELS.conferenceChanged, payload: ConferenceStateSchema },
} as const satisfies Record<EventName, { channel: string; payload: z.ZodType }>;

type Ops = typeof operations;
type Evs = typeof events;

/** Request type of an operation (what the caller passes). */
export type RequestOf<K extends OperationName> = z.input<Ops[K]['request']>;
/** Request type after validation (defaults applied). */
export type ParsedRequestOf<K extends OperationName> = z.output<Ops[K]['request']>;
export type ResponseOf<K extends OperationName> = z.output<Ops[K]['response']>;
export type PayloadOf<E extends EventName> = z.output<Evs[E]['payload']>;

/**
 * The surface `window.cc` exposes, in Electron (preload) and in the browser (WebSocket bridge)
 * alike: one function per operation, returning a Result, and one `on` for events.
 */
export type CcApi = {
  [K in OperationName]: RequestOf<K> extends undefined
    ? () => Promise<Result<ResponseOf<K>>>
    : (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
} & {
  /** Subscribe to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

/** Operation name for a channel, or undefined for a channel nobody declared. */
export function operationForChannel(channel: string): OperationName | undefined {
  return (Object.keys(operations) as OperationName[]).find((k) => operations[k].channel === channel);
}

/** Handlers a host supplies: one per operation, given the validated request. */
export type OperationHandlers = {
  [K in OperationName]: (request: ParsedRequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
};
