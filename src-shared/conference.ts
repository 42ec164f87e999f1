import { z } from 'zod';

/**
 * The conference of a consultation: a Janus VideoRoom per session id. The host keeps the Janus
 * admin key and room secrets; the renderer gets a grant (server URL, room number, a pin that the
 * host rotates) and talks to Janus itself over its WebSocket API. Documented in docs/conference.md.
 */

/** A consultation session id, or any id reached at `#/conference/<id>`. */
export const ConferenceIdSchema = z.string().regex(/^[0-9A-Za-z._-]{1,64}$/, 'a conference id is 1–64 letters, digits, ".", "_" or "-"');

/** An ICE server the browser may use (TURN for networks without a direct path). */
export const IceServerSchema = z
  .object({
    urls: z.union([z.string().regex(/^(stun|turn|turns):/), z.array(z.string().regex(/^(stun|turn|turns):/)).min(1).max(4)]),
    username: z.string().max(200).optional(),
    credential: z.string().max(500).optional(),
  })
  .strict();
export type IceServer = z.infer<typeof IceServerSchema>;

/** The camera picture participants send (the high simulcast layer; the low one is 160 pixels wide). */
export const CaptureSchema = z
  .object({
    width: z.number().int().min(160).max(1920).default(960),
    height: z.number().int().min(90).max(1080).default(540),
    frameRate: z.number().int().min(5).max(30).default(25),
  })
  .strict();
export type Capture = z.output<typeof CaptureSchema>;

/** What a participant needs to join: short-lived, so a copied pin is soon worthless. */
export const ConferenceGrantSchema = z.object({
  id: ConferenceIdSchema,
  /** The Janus WebSocket endpoint (`ws://` or `wss://`). */
  server: z.string(),
  /** The VideoRoom room number. */
  room: z.number().int().positive(),
  /** The room's current pin; valid until `expiresAt`, then the host rotates it. */
  pin: z.string(),
  expiresAt: z.number().int(),
  iceServers: z.array(IceServerSchema),
  /** Bitrate of the high simulcast layer (the enlarged speaker), kbit/s. */
  maxBitrateKbps: z.number().int().positive(),
  capture: z.object({ width: z.number().int(), height: z.number().int(), frameRate: z.number().int() }),
  /** Whether the room is being recorded now. */
  recording: z.boolean(),
});
export type ConferenceGrant = z.infer<typeof ConferenceGrantSchema>;

/**
 * A recording of the conference. `webm`: the console's own recording (the composite of the grid
 * and the mixed sound, made by the participant who pressed record with `MediaRecorder` and
 * uploaded in chunks), kept under the session in the data directory and put into the session's
 * archive. `mjr`: Janus's raw recording of one publisher and medium, listed when `recordDir` is set
 * and the host can read it.
 */
export const ConferenceRecordingSchema = z.object({
  file: z.string(),
  kind: z.enum(['webm', 'mjr']),
  bytes: z.number().int().nonnegative(),
  modifiedAt: z.number().int(),
  /** Still being written. */
  active: z.boolean(),
});
export type ConferenceRecording = z.infer<typeof ConferenceRecordingSchema>;

/** The shared state of a conference as the host knows it: field cameras in the grid, recording. */
export const ConferenceStateSchema = z.object({
  id: ConferenceIdSchema,
  /** Catalog cameras added to the grid as participant-like tiles, in the order added. */
  cameras: z.array(z.string()),
  recording: z.boolean(),
  /** The console recording being written (its chunks go to `appendConferenceRecording`), or null. */
  recordingId: z.string().nullable(),
  recordings: z.array(ConferenceRecordingSchema),
});
export type ConferenceState = z.infer<typeof ConferenceStateSchema>;

/** A recording's id: `rec-` and its start time, safe as a file name. */
export const RecordingIdSchema = z.string().regex(/^rec-[0-9TZ]{16}-[0-9a-z]{6}$/, 'not a recording id');

/** The largest chunk of a recording in one request (bytes; MediaRecorder gives one about every second). */
export const MAX_RECORDING_CHUNK_BYTES = 2 * 1024 * 1024;
export const MAX_RECORDING_CHUNK_BASE64_CHARS = Math.ceil((MAX_RECORDING_CHUNK_BYTES * 4) / 3) + 4;

/** One chunk of the console recording, in order (`seq` from 0): a chunk out of order is refused. */
export const RecordingChunkSchema = z
  .object({
    id: ConferenceIdSchema,
    recordingId: RecordingIdSchema,
    seq: z.number().int().nonnegative(),
    base64: z
      .string()
      .min(4)
      .max(MAX_RECORDING_CHUNK_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
  })
  .strict();

/**
 * A publisher's own state as it travels in its Janus display name (Janus tells every participant
 * when a display changes, so mute and camera-off reach the others without a side channel).
 */
export const ParticipantDisplaySchema = z.object({
  name: z.string().max(100),
  muted: z.boolean().default(false),
  cameraOff: z.boolean().default(false),
  screen: z.boolean().default(false),
});
export type ParticipantDisplay = z.infer<typeof ParticipantDisplaySchema>;

export function encodeDisplay(d: ParticipantDisplay): string {
  return JSON.stringify({ n: d.name, m: d.muted ? 1 : 0, c: d.cameraOff ? 1 : 0, s: d.screen ? 1 : 0 });
}

/** A display set by another client (not JSON) is taken as a plain name. */
export function decodeDisplay(display: string | undefined): ParticipantDisplay {
  try {
    const v = JSON.parse(display ?? '') as { n?: unknown; m?: unknown; c?: unknown; s?: unknown };
    if (v && typeof v === 'object' && typeof v.n === 'string') return { name: v.n.slice(0, 100), muted: v.m === 1, cameraOff: v.c === 1, screen: v.s === 1 };
  } catch {
    // a plain name
  }
  return { name: (display ?? '').slice(0, 100), muted: false, cameraOff: false, screen: false };
}

/** A stable Janus room number for a conference id (FNV-1a, 31 bits, never 0). */
export function roomNumber(prefix: string, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${prefix}:${id}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h & 0x7fffffff) || 1;
}
