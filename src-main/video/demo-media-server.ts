import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The demo media server: live-looking streams for every demo camera over loopback, from the short
 * synthetic clips in resources/video (scripts/make-demo-video.mjs). It answers the way a media
 * gateway does, so the console's players cannot tell it from one:
 *
 *   /live/<stream>/index.m3u8   HLS, a sliding 6-segment window that advances with the clock
 *   /live/<stream>/<n>.ts       HLS segment n (the clip loops; each loop is a discontinuity)
 *   /live/<stream>.flv          HTTP-FLV, the clip looped with rising timestamps, paced in real time
 *   /live/<stream>.mjpeg        MJPEG (multipart/x-mixed-replace), 4 frames a second
 *   /live/<stream>.jpg          the current frame
 *   /vod/<stream>.mp4           a progressive MP4 (byte ranges)
 *
 * `<stream>` is a camera id, with `_sub` for its sub stream; a hash of the id picks the clip.
 * Media is public test pattern, so any origin may read it (CORS `*`), which also keeps canvas
 * snapshots of the tiles untainted. Imports nothing but Node.
 */

const SEGMENT_MS = 2000;
const WINDOW = 6;
const MJPEG_FPS = 4;
const FLV_LEAD_MS = 1000;
const STREAM = /^[\w.-]{1,80}$/;

interface FlvTag {
  type: number;
  ts: number;
  data: Buffer;
}

interface Variant {
  segments: Buffer[];
  flvHeader: Buffer;
  flvConfig: FlvTag[];
  flvMedia: FlvTag[];
  flvDurationMs: number;
}

interface Clip {
  main: Variant;
  sub: Variant;
  jpegs: Buffer[];
  mp4: Buffer;
}

/** The folder of demo clips: beside the packaged app (resources/video) or in the source tree. */
export function findDemoVideoDir(start: string = import.meta.dirname): string | undefined {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    resourcesPath ? join(resourcesPath, 'video') : undefined,
    resolve(start, '../../resources/video'),
    resolve(start, '../../../resources/video'),
    resolve(process.cwd(), 'resources/video'),
  ];
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'a-sub', 'seg0.m2ts')));
}

/** Splits an FLV file into its tags (sequence headers and metadata apart from media). */
export function parseFlv(file: Buffer): Pick<Variant, 'flvHeader' | 'flvConfig' | 'flvMedia' | 'flvDurationMs'> {
  if (file.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV file');
  const headerSize = file.readUInt32BE(5);
  const flvHeader = file.subarray(0, headerSize);
  const flvConfig: FlvTag[] = [];
  const flvMedia: FlvTag[] = [];
  let p = headerSize + 4;
  while (p + 11 <= file.length) {
    const type = file[p]!;
    const size = file.readUIntBE(p + 1, 3);
    const ts = file.readUIntBE(p + 4, 3) | (file[p + 7]! << 24);
    if (p + 11 + size > file.length) break;
    const data = file.subarray(p + 11, p + 11 + size);
    const isConfig = type === 18 || (type === 9 && (data[0]! & 0x0f) === 7 && data[1] === 0) || (type === 8 && data[0]! >> 4 === 10 && data[1] === 0);
    (isConfig ? flvConfig : flvMedia).push({ type, ts: isConfig ? 0 : ts, data });
    p += 11 + size + 4;
  }
  const lastVideo = [...flvMedia].reverse().find((t) => t.type === 9);
  return { flvHeader, flvConfig, flvMedia, flvDurationMs: (lastVideo?.ts ?? 0) + 40 };
}

function encodeFlvTag(t: FlvTag, ts: number): Buffer {
  const out = Buffer.alloc(11 + t.data.length + 4);
  out[0] = t.type;
  out.writeUIntBE(t.data.length, 1, 3);
  out.writeUIntBE(ts & 0xffffff, 4, 3);
  out[7] = (ts >>> 24) & 0xff;
  t.data.copy(out, 11);
  out.writeUInt32BE(11 + t.data.length, 11 + t.data.length);
  return out;
}

function loadVariant(dir: string, name: string): Variant {
  const segDir = join(dir, name);
  const count = readdirSync(segDir).filter((f) => /^seg\d+\.m2ts$/.test(f)).length;
  const segments = Array.from({ length: count }, (_, i) => readFileSync(join(segDir, `seg${i}.m2ts`)));
  return { segments, ...parseFlv(readFileSync(join(dir, `${name}.flv`))) };
}

function loadClips(dir: string): Clip[] {
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('-main') && statSync(join(dir, f)).isDirectory())
    .map((f) => f.slice(0, -'-main'.length))
    .sort();
  return ids.map((id) => {
    const jpegDir = join(dir, `${id}-jpeg`);
    return {
      main: loadVariant(dir, `${id}-main`),
      sub: loadVariant(dir, `${id}-sub`),
      jpegs: readdirSync(jpegDir).filter((f) => f.endsWith('.jpg')).sort().map((f) => readFileSync(join(jpegDir, f))),
      mp4: readFileSync(join(dir, `${id}-sub.mp4`)),
    };
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface DemoMediaServerOptions {
  /** Folder of clips; found automatically when absent. */
  videoDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  now?: () => number;
}

export class DemoMediaServer {
  private readonly clips: Clip[];
  private server?: Server;
  private readonly epoch: number;
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort = 0;
  /** Open long-lived streams (FLV, MJPEG): for tests and the benchmark. */
  activeStreams = 0;

  constructor(private readonly o: DemoMediaServerOptions = {}) {
    const dir = o.videoDir ?? findDemoVideoDir();
    if (!dir) throw new Error('demo video clips not found (run node scripts/make-demo-video.mjs)');
    this.clips = loadClips(dir);
    if (this.clips.length === 0) throw new Error(`no demo clips in ${dir}`);
    this.now = o.now ?? Date.now;
    // Segments count from this server's start (a full window is there from the first request).
    // Small numbers matter: players index per-discontinuity state by the discontinuity sequence,
    // and one counted from 1970 would make that index hundreds of millions long.
    this.epoch = this.now() - WINDOW * SEGMENT_MS;
  }

  /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, this.o.host ?? '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://${this.o.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops at once: every open stream is cut, as when a gateway dies. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private clipFor(stream: string): { clip: Clip; variant: Variant } {
    const sub = stream.endsWith('_sub');
    const base = sub ? stream.slice(0, -4) : stream;
    const clip = this.clips[hash(base) % this.clips.length]!;
    return { clip, variant: sub ? clip.sub : clip.main };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'range', 'access-control-max-age': '600' });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/live\/([^/]+)\/index\.m3u8$/.exec(path)) && STREAM.test(m[1]!)) return this.playlist(res, m[1]!);
    if ((m = /^\/live\/([^/]+)\/(\d{1,12})\.ts$/.exec(path)) && STREAM.test(m[1]!)) return this.segment(res, m[1]!, Number(m[2]));
    if ((m = /^\/live\/([^/]+)\.flv$/.exec(path)) && STREAM.test(m[1]!)) return this.flv(req, res, m[1]!);
    if ((m = /^\/live\/([^/]+)\.mjpeg$/.exec(path)) && STREAM.test(m[1]!)) return this.mjpeg(req, res, m[1]!);
    if ((m = /^\/live\/([^/]+)\.jpg$/.exec(path)) && STREAM.test(m[1]!)) return this.jpeg(res, m[1]!);
    if ((m = /^\/vod\/([^/]+)\.mp4$/.exec(path)) && STREAM.test(m[1]!)) return this.mp4(req, res, m[1]!);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such stream');
  }

  /** The live window: the newest WINDOW segments up to now. */
  private playlist(res: ServerResponse, stream: string): void {
    const { variant } = this.clipFor(stream);
    const k = variant.segments.length;
    const newest = Math.floor((this.now() - this.epoch) / SEGMENT_MS);
    const first = newest - WINDOW + 1;
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${SEGMENT_MS / 1000}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
      // Segment n belongs to loop floor(n / k); each new loop restarts the clip's timestamps.
      `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / k)}`,
    ];
    for (let n = first; n <= newest; n++) {
      if (n > first && n % k === 0) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXTINF:${(SEGMENT_MS / 1000).toFixed(3)},`, `${n}.ts`);
    }
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' });
    res.end(`${lines.join('\n')}\n`);
  }

  private segment(res: ServerResponse, stream: string, n: number): void {
    const { variant } = this.clipFor(stream);
    const newest = Math.floor((this.now() - this.epoch) / SEGMENT_MS);
    if (n > newest) return void res.writeHead(404).end();
    const body = variant.segments[n % variant.segments.length]!;
    res.writeHead(200, { 'content-type': 'video/mp2t', 'content-length': body.length, 'cache-control': 'max-age=60' });
    res.end(body);
  }

  private flv(req: IncomingMessage, res: ServerResponse, stream: string): void {
    const { variant } = this.clipFor(stream);
    res.writeHead(200, { 'content-type': 'video/x-flv', 'cache-control': 'no-cache', connection: 'keep-alive' });
    if (req.method === 'HEAD') return void res.end();
    res.write(Buffer.concat([variant.flvHeader, Buffer.alloc(4)]));
    for (const t of variant.flvConfig) res.write(encodeFlvTag(t, 0));
    const started = this.now();
    let loop = 0;
    let i = 0;
    const tick = (): void => {
      if (res.writableNeedDrain) return;
      const due = this.now() - started + FLV_LEAD_MS;
      const chunks: Buffer[] = [];
      for (;;) {
        const tag = variant.flvMedia[i]!;
        const ts = tag.ts + loop * variant.flvDurationMs;
        if (ts > due) break;
        chunks.push(encodeFlvTag(tag, ts));
        if (++i === variant.flvMedia.length) {
          i = 0;
          loop++;
        }
      }
      if (chunks.length) res.write(Buffer.concat(chunks));
    };
    this.longLived(res, tick, 50);
  }

  private frameIndex(count: number): number {
    return Math.floor((this.now() - this.epoch) / (1000 / MJPEG_FPS)) % count;
  }

  private mjpeg(req: IncomingMessage, res: ServerResponse, stream: string): void {
    const { clip } = this.clipFor(stream);
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=ccframe', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    const send = (): void => {
      if (res.writableNeedDrain) return;
      const jpeg = clip.jpegs[this.frameIndex(clip.jpegs.length)]!;
      res.write(`--ccframe\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
    };
    send();
    this.longLived(res, send, 1000 / MJPEG_FPS);
  }

  private longLived(res: ServerResponse, tick: () => void, everyMs: number): void {
    this.activeStreams++;
    tick();
    const timer = setInterval(tick, everyMs);
    this.timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      this.timers.delete(timer);
      this.activeStreams--;
    });
  }

  private jpeg(res: ServerResponse, stream: string): void {
    const { clip } = this.clipFor(stream);
    const jpeg = clip.jpegs[this.frameIndex(clip.jpegs.length)]!;
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length, 'cache-control': 'no-store' });
    res.end(jpeg);
  }

  private mp4(req: IncomingMessage, res: ServerResponse, stream: string): void {
    const { clip } = this.clipFor(stream);
    const body = clip.mp4;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      if (start > end || start >= body.length) return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      res.writeHead(206, {
        'content-type': 'video/mp4',
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'accept-ranges': 'bytes',
      });
      return void res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length, 'accept-ranges': 'bytes' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
