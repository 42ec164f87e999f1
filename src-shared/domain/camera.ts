import { z } from 'zod';
import { CAMERA_DEPARTMENTS, type CameraDepartment } from './camera-departments';

export { CAMERA_DEPARTMENTS, type CameraDepartment } from './camera-departments';

/** How a client can play a stream (what the media gateways re-serve cameras as). */
export const STREAM_PROTOCOLS = ['hls', 'flv', 'ts', 'whep', 'mjpeg', 'mp4'] as const;
export const StreamSchema = z.object({
  protocol: z.enum(STREAM_PROTOCOLS),
  url: z.string().max(2000),
});
export type Stream = z.infer<typeof StreamSchema>;

/** One camera of the catalog. Ids may be GB/T 28181 20-digit codes. */
export const CameraSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z._-]{1,64}$/),
  name: z.string().max(200),
  department: z.enum(CAMERA_DEPARTMENTS.map((d) => d.code) as [CameraDepartment, ...CameraDepartment[]]),
  /** County or district (e.g. 娄星区). */
  region: z.string().max(50),
  gridId: z.string().max(50).nullable(),
  /** WGS-84. */
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  address: z.string().max(500),
  status: z.enum(['online', 'offline', 'fault']),
  ptz: z.boolean(),
  /** Main (full resolution) and sub (small tiles) streams, each in one or more protocols. */
  streams: z.object({ main: z.array(StreamSchema).max(8), sub: z.array(StreamSchema).max(8) }),
});
export type Camera = z.infer<typeof CameraSchema>;
