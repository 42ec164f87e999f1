import { z } from 'zod';

/** How a client can play a stream (what the media gateways re-serve cameras as). */
export const STREAM_PROTOCOLS = ['hls', 'flv', 'ts', 'whep', 'mjpeg', 'mp4'] as const;
export const StreamSchema = z.object({
  protocol: z.enum(STREAM_PROTOCOLS),
  url: z.string().max(2000),
});
export type Stream = z.infer<typeof StreamSchema>;

/** Departments whose video the centre aggregates. */
export const CAMERA_DEPARTMENTS = [
  { code: 'cm', zh: '城管', en: 'City management' },
  { code: 'water', zh: '水利', en: 'Water resources' },
  { code: 'fishery', zh: '渔政', en: 'Fishery' },
  { code: 'coal', zh: '煤矿安全', en: 'Coal-mine safety' },
  { code: 'traffic', zh: '交通', en: 'Traffic' },
  { code: 'police', zh: '公安', en: 'Public security' },
  { code: 'emergency', zh: '应急', en: 'Emergency management' },
  { code: 'drone', zh: '无人机', en: 'Drones' },
  { code: 'vehicle', zh: '指挥车', en: 'Command vehicles' },
] as const;
export type CameraDepartment = (typeof CAMERA_DEPARTMENTS)[number]['code'];

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
