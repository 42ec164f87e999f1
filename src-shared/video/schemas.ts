import { z } from 'zod';
import { CameraSchema } from '../domain/camera';
import { LAYOUT_KINDS, type VideoLayout } from './layouts';

/** Request/response schemas of the video operations (declared in contract.ts). */

export const CameraIdSchema = z.string().regex(/^[0-9A-Za-z._-]{1,64}$/);

/** A panel's arrangement: its kind and the camera in each tile (null = empty tile). */
export const VideoLayoutSchema: z.ZodType<VideoLayout> = z
  .object({
    kind: z.enum(LAYOUT_KINDS),
    tiles: z.array(CameraIdSchema.nullable()).max(16),
  })
  .strict();

/** Cameras nearest a point, nearest first. */
export const NearestCamerasRequestSchema = z
  .object({
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    n: z.number().int().min(1).max(64).default(9),
    /** Search radius, km. */
    maxKm: z.number().positive().max(200).default(5),
    /** Only cameras that can play now. */
    onlineOnly: z.boolean().default(true),
  })
  .strict();

export const NearbyCameraSchema = z.object({ camera: CameraSchema, distanceM: z.number().nonnegative() });
export type NearbyCamera = z.infer<typeof NearbyCameraSchema>;

/** A named group of cameras (a tour rotates through one). */
export const CameraGroupSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1).max(60),
  cameraIds: z.array(CameraIdSchema).max(512),
  updatedAt: z.number(),
});
export type CameraGroup = z.infer<typeof CameraGroupSchema>;

export const SaveCameraGroupSchema = z
  .object({
    /** Absent: a new group. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(60),
    cameraIds: z.array(CameraIdSchema).max(512),
  })
  .strict();

/** A saved, named arrangement of a panel. */
export const NamedLayoutSchema = z.object({
  name: z.string().min(1).max(60),
  layout: VideoLayoutSchema,
  updatedAt: z.number(),
});
export type NamedLayout = z.infer<typeof NamedLayoutSchema>;

export const SaveLayoutSchema = z.object({ name: z.string().trim().min(1).max(60), layout: VideoLayoutSchema }).strict();

/** Video preferences: the decode cap and the tour interval. */
export const VideoPrefsSchema = z.object({
  /** Players decoding at once, at most (the machine's budget). */
  maxPlayers: z.number().int().min(1).max(36),
  /** Seconds per page of a tour. */
  tourSeconds: z.number().int().min(5).max(3600),
});
export type VideoPrefs = z.infer<typeof VideoPrefsSchema>;
export { DEFAULT_VIDEO_PREFS } from './prefs';

/** Which panel: the console's video view, or the video wall (its own layout, kept across restarts). */
export const PanelSchema = z.enum(['console', 'wall']);
export type Panel = z.infer<typeof PanelSchema>;

/** A snapshot of a tile, attached to an incident. At most 4 MB of JPEG or PNG, base64. */
/** The largest snapshot picture accepted, in bytes (a 1080p PNG of a busy scene fits). */
export const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;
/** Its base64 text, as carried in the request. */
export const MAX_SNAPSHOT_BASE64_CHARS = Math.ceil((MAX_SNAPSHOT_BYTES * 4) / 3) + 4;

export const AttachSnapshotSchema = z
  .object({
    incidentId: z.string().min(1).max(300),
    cameraId: CameraIdSchema,
    mime: z.enum(['image/jpeg', 'image/png']),
    base64: z
      .string()
      .max(MAX_SNAPSHOT_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();

export const IncidentAttachmentSchema = z.object({
  id: z.number().int().positive(),
  incidentId: z.string(),
  kind: z.literal('snapshot'),
  cameraId: z.string().nullable(),
  /** File name inside the data directory's attachments folder. */
  file: z.string(),
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type IncidentAttachment = z.infer<typeof IncidentAttachmentSchema>;
