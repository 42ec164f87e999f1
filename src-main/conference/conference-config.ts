import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CaptureSchema, IceServerSchema } from '@shared/conference';

const WsUrl = z.string().regex(/^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'a ws:// or wss:// URL');

/**
 * `conference.json` in the data directory: the Janus server of the consultations' conferences.
 * Credentials (`adminKey`, TURN credentials) are best `{secret:NAME}` references to the secret
 * store; the admin key never leaves the host. Documented in docs/conference.md.
 */
export const ConferenceFileSchema = z
  .object({
    /** The Janus WebSocket endpoint browsers join (its origin is added to the CSP's connect-src). */
    server: WsUrl,
    /** Where the host itself reaches Janus to create rooms (default: `server`). */
    adminServer: WsUrl.optional(),
    /** The VideoRoom plugin's `admin_key` (janus.plugin.videoroom.jcfg): needed to create rooms. */
    adminKey: z.string().min(1).max(500),
    /** Rooms are numbered from this prefix and the consultation id, so two consoles sharing a Janus do not collide. */
    roomPrefix: z.string().regex(/^[0-9A-Za-z._-]{1,32}$/).default('cc'),
    /** The most publishers (cameras) a room takes. */
    publishers: z.number().int().min(2).max(64).default(16),
    /** The high simulcast layer's bitrate, kbit/s (the room's cap per publisher). */
    maxBitrateKbps: z.number().int().min(128).max(8000).default(1200),
    /** How long a room pin handed to a participant stays valid before the host rotates it. */
    pinMinutes: z.number().int().min(1).max(24 * 60).default(60),
    iceServers: z.array(IceServerSchema).max(8).default([]),
    /** The camera picture participants send (default 960×540 at 25 frames a second). */
    capture: CaptureSchema.default({ width: 960, height: 540, frameRate: 25 }),
    /**
     * The rooms' video codec. H.264 (default): Chromium's software encoder (OpenH264) costs about
     * half of VP8's (libvpx) for the same picture (docs/BENCHMARKS.md), and hardware encoders take
     * it. `vp8` where a participant's browser has no H.264 (Firefox without its OpenH264 plugin,
     * offline); `vp9` saves bandwidth at more CPU.
     */
    videoCodec: z.enum(['h264', 'vp8', 'vp9']).default('h264'),
    /** The largest console recording, MiB (about 2 hours at the recorder's 1 Mbit/s); past it the recording stops taking chunks. */
    maxRecordingMb: z.number().int().min(1).max(16 * 1024).default(1024),
    /**
     * The folder Janus records into (`rec_dir` of the rooms). The host lists recordings from it
     * when it can read it (Janus on the same machine or a shared folder).
     */
    recordDir: z.string().min(1).max(1000).optional(),
  })
  .strict();
export type ConferenceConfig = z.output<typeof ConferenceFileSchema>;

export const CONFERENCE_FILE = 'conference.json';

/** The conference configuration, or undefined when the data directory has no conference.json. */
export function readConferenceConfig(dataDir: string): ConferenceConfig | undefined {
  const path = join(dataDir, CONFERENCE_FILE);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${CONFERENCE_FILE}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = ConferenceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${CONFERENCE_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** `ws://host:port` of a WebSocket URL, for the CSP's connect-src. */
export function wsOrigin(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
