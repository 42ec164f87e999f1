import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CAMERA_DEPARTMENTS, StreamSchema, type CameraDepartment } from '@shared/domain/camera';
import { GatewayConfigSchema } from '@shared/video/gateways';
import { STREAM_PROTOCOLS } from '@shared/domain/camera';

/**
 * `video.json` in the data directory: the media gateways and, optionally, the camera catalog.
 * Without the file the console serves its demo catalog through the built-in demo media server.
 * With gateways but no cameras, the demo catalog plays through the first gateway. Documented in
 * docs/video.md.
 */
const CameraConfigSchema = z
  .object({
    id: z.string().regex(/^[0-9A-Za-z._-]{1,64}$/),
    name: z.string().min(1).max(200),
    department: z.enum(CAMERA_DEPARTMENTS.map((d) => d.code) as [CameraDepartment, ...CameraDepartment[]]),
    region: z.string().max(50).default(''),
    gridId: z.string().max(50).nullable().optional(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    address: z.string().max(500).default(''),
    status: z.enum(['online', 'offline', 'fault']).default('online'),
    ptz: z.boolean().default(false),
    /** Which gateway serves it (default: the first). */
    gateway: z.string().max(64).optional(),
    /** Protocol order for this camera, overriding the gateway's. */
    protocols: z.array(z.enum(STREAM_PROTOCOLS)).min(1).max(6).optional(),
    /** Direct stream URLs, for cameras no gateway serves. */
    streams: z.object({ main: z.array(StreamSchema).max(8), sub: z.array(StreamSchema).max(8) }).optional(),
  })
  .strict();
export type CameraConfig = z.output<typeof CameraConfigSchema>;

export const VideoFileSchema = z
  .object({
    gateways: z.array(GatewayConfigSchema).max(50).default([]),
    cameras: z.array(CameraConfigSchema).max(100_000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const ids = new Set(v.gateways.map((g) => g.id));
    for (const [i, c] of (v.cameras ?? []).entries()) {
      if (c.gateway && !ids.has(c.gateway)) ctx.addIssue({ code: 'custom', path: ['cameras', i, 'gateway'], message: `no gateway "${c.gateway}"` });
      if (!c.gateway && !c.streams && ids.size === 0) ctx.addIssue({ code: 'custom', path: ['cameras', i], message: 'needs a gateway or streams' });
    }
    if (!v.cameras && v.gateways.length === 0) ctx.addIssue({ code: 'custom', path: ['gateways'], message: 'give at least one gateway or the cameras' });
  });
export type VideoConfig = z.output<typeof VideoFileSchema>;

export const VIDEO_FILE = 'video.json';

/** The video configuration, or undefined when the data directory has no video.json. */
export function readVideoConfig(dataDir: string): VideoConfig | undefined {
  const path = join(dataDir, VIDEO_FILE);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${VIDEO_FILE}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = VideoFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${VIDEO_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
