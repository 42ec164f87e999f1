import { z } from 'zod';
import type { Stream } from '../domain/camera';
import { STREAM_PROTOCOLS } from '../domain/camera';

/**
 * Stream URL templates for the media gateways that re-serve RTSP / GB/T 28181 cameras to
 * browsers. `{base}` is the gateway's base URL, `{app}` its application (ZLMediaKit), `{stream}`
 * the stream name of the camera's main or sub stream.
 *
 * - ZLMediaKit: `http://host/{app}/{stream}.live.flv`, `…/{stream}/hls.m3u8`, `….live.ts`,
 *   `….live.mp4`, WebRTC via `/index/api/whep?app=…&stream=…`.
 * - MediaMTX: HLS on :8888 `/{stream}/index.m3u8`, WHEP on :8889 `/{stream}/whep` (one base each).
 * - go2rtc: `/api/stream.m3u8?src=…`, `/api/stream.flv?src=…`, `/api/stream.mjpeg?src=…`,
 *   `/api/stream.mp4?src=…`, WHEP `/api/webrtc?src=…`.
 * - demo: the built-in demo media server.
 */
export const GATEWAY_KINDS = ['zlmediakit', 'mediamtx', 'go2rtc', 'demo'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

export const GATEWAY_TEMPLATES: Record<GatewayKind, Partial<Record<StreamProtocol, string>>> = {
  zlmediakit: {
    flv: '{base}/{app}/{stream}.live.flv',
    hls: '{base}/{app}/{stream}/hls.m3u8',
    ts: '{base}/{app}/{stream}.live.ts',
    mp4: '{base}/{app}/{stream}.live.mp4',
    whep: '{base}/index/api/whep?app={app}&stream={stream}',
  },
  mediamtx: {
    hls: '{hlsBase}/{stream}/index.m3u8',
    whep: '{whepBase}/{stream}/whep',
  },
  go2rtc: {
    hls: '{base}/api/stream.m3u8?src={stream}',
    flv: '{base}/api/stream.flv?src={stream}',
    mjpeg: '{base}/api/stream.mjpeg?src={stream}',
    mp4: '{base}/api/stream.mp4?src={stream}',
    whep: '{base}/api/webrtc?src={stream}',
  },
  demo: {
    hls: '{base}/live/{stream}/index.m3u8',
    flv: '{base}/live/{stream}.flv',
    mjpeg: '{base}/live/{stream}.mjpeg',
    mp4: '{base}/vod/{stream}.mp4',
  },
};

const httpBase = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http(s) base URL without query')
  .transform((s) => s.replace(/\/+$/, ''));

/** One configured gateway (video.json). */
export const GatewayConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    kind: z.enum(GATEWAY_KINDS),
    /** Base URL (ZLMediaKit, go2rtc, demo; MediaMTX's HLS server when hlsBase is absent). */
    base: httpBase,
    /** MediaMTX: its HLS and WebRTC servers listen on different ports. */
    hlsBase: httpBase.optional(),
    whepBase: httpBase.optional(),
    /** ZLMediaKit application name; GB/T 28181 streams land in `rtp`. */
    app: z.string().regex(/^[\w.-]{1,64}$/).default('rtp'),
    /** Protocols to offer, in order of preference (the first one plays; the rest are fallbacks). */
    protocols: z.array(z.enum(STREAM_PROTOCOLS)).min(1).max(6).optional(),
    /** Stream name of a camera's main and sub stream; `{id}` is the camera id. */
    mainStream: z.string().max(100).default('{id}'),
    subStream: z.string().max(100).default('{id}_sub'),
  })
  .strict();
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;

/** Default protocol preference per gateway (what plays best in Chromium first). */
export const DEFAULT_PROTOCOLS: Record<GatewayKind, StreamProtocol[]> = {
  zlmediakit: ['flv', 'hls', 'whep'],
  mediamtx: ['hls', 'whep'],
  go2rtc: ['hls', 'flv', 'mjpeg'],
  demo: ['hls', 'flv', 'mjpeg'],
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** Stream URLs for one camera through one gateway, main and sub, in the gateway's protocol order. */
export function streamsFor(
  gateway: GatewayConfig,
  cameraId: string,
  protocols: readonly StreamProtocol[] = gateway.protocols ?? DEFAULT_PROTOCOLS[gateway.kind],
): { main: Stream[]; sub: Stream[] } {
  const templates = GATEWAY_TEMPLATES[gateway.kind];
  const make = (streamTemplate: string): Stream[] => {
    const stream = encodeURIComponent(fill(streamTemplate, { id: cameraId }));
    const values = {
      base: gateway.base,
      hlsBase: gateway.hlsBase ?? gateway.base,
      whepBase: gateway.whepBase ?? gateway.base,
      app: encodeURIComponent(gateway.app),
      stream,
    };
    return protocols.flatMap((protocol) => {
      const t = templates[protocol];
      return t ? [{ protocol, url: fill(t, values) }] : [];
    });
  };
  return { main: make(gateway.mainStream), sub: make(gateway.subStream) };
}

/** Origins (scheme://host:port) a gateway serves media from: what the renderer's CSP must allow. */
export function gatewayOrigins(gateway: GatewayConfig): string[] {
  const out = new Set<string>();
  for (const u of [gateway.base, gateway.hlsBase, gateway.whepBase]) {
    if (!u) continue;
    try {
      out.add(new URL(u).origin);
    } catch {
      // validated by the schema; nothing to add
    }
  }
  return [...out];
}
