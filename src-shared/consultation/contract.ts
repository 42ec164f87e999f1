import { z } from 'zod';
import { ConsultationSummarySchema } from './summary';

/** Request and response schemas of the consultation (会商) operations (see contract.ts). */

const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a session id');

export const ConsultationOriginSchema = z.union([
  z.object({ kind: z.enum(['incident', 'signal', 'alert']), id: z.string().min(1).max(300) }),
  z.object({ kind: z.literal('empty'), id: z.null() }),
]);

/** A session this console started, joined or opened from an archive. */
export const ConsultationInfoSchema = z.object({
  id: SessionIdSchema,
  title: z.string(),
  host: z.string(),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  origin: ConsultationOriginSchema,
  /** Opened from an archive: shown read-only, never connected to a server. */
  readOnly: z.boolean(),
});
export type ConsultationInfo = z.infer<typeof ConsultationInfoSchema>;

export const StartConsultationSchema = z
  .object({ title: z.string().trim().min(1).max(200), origin: ConsultationOriginSchema })
  .strict();

export const JoinConsultationSchema = z
  .object({ id: SessionIdSchema, title: z.string().max(200), host: z.string().max(200), startedAt: z.number().int(), origin: ConsultationOriginSchema })
  .strict();

export const SessionRefSchema = z.object({ id: SessionIdSchema }).strict();

/**
 * Where the renderer syncs a session's document: `url` null means the console host's own
 * `/collab` path (same origin); the token is this console's participant token.
 */
export const CollabEndpointSchema = z.object({ url: z.string().nullable(), token: z.string(), documentName: z.string() });

export const InviteParticipantSchema = z.object({ id: SessionIdSchema, label: z.string().trim().min(1).max(100) }).strict();
export const ParticipantTokenSchema = z.object({ token: z.string(), label: z.string() });
export const RevokeParticipantSchema = z.object({ id: SessionIdSchema, label: z.string().trim().min(1).max(100) }).strict();

/** A decision to record on a case: create one (at the given point) or add to a pinned incident's case. */
export const LogDecisionSchema = z
  .object({
    sessionId: SessionIdSchema,
    text: z.string().trim().min(1).max(2000),
    unit: z.string().trim().max(200).nullable(),
    /** epoch ms */
    deadline: z.number().int().nullable(),
    /** The case to update; null: create a case when `createAt` is given, else no case. */
    incidentId: z.string().min(3).max(300).nullable(),
    createAt: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).nullable(),
  })
  .strict();
export const DecisionCaseSchema = z.object({ caseId: z.string().nullable() });

/** The archive of a session: one zip, base64 (the renderer saves it as a file). */
/**
 * An exported archive: written to a file by the host, fetched once from `download` (a same-origin
 * path holding a one-time token, valid for minutes) — never carried in the reply itself.
 */
export const ConsultationArchiveSchema = z.object({ fileName: z.string(), bytes: z.number().int(), download: z.string().regex(/^\/cc-download\/[A-Za-z0-9_-]{43}$/), expiresAt: z.number().int() });
/** The largest archive a console opens (base64 characters), recordings left out by the renderer. */
export const MAX_ARCHIVE_BASE64_CHARS = 16 * 1024 * 1024;
export const OpenArchiveSchema = z.object({ base64: z.string().min(1).max(MAX_ARCHIVE_BASE64_CHARS) }).strict();
export const OpenedArchiveSchema = z.object({
  info: ConsultationInfoSchema,
  summary: ConsultationSummarySchema,
  /** Each file of the manifest with whether its checksum matched. */
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number(), ok: z.boolean(), absent: z.boolean().optional() })),
});
export type OpenedArchive = z.infer<typeof OpenedArchiveSchema>;
