import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoMediaServer } from '../../../src-main/video/demo-media-server';

let server: DemoMediaServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(now?: () => number): Promise<string> {
  server = new DemoMediaServer({ now });
  return server.start();
}

/** Reads at most `limit` bytes of a response (live streams never end), then hangs up. */
function take(url: string, limit: number, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let n = 0;
      const done = (): void => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, limit) });
        req.destroy();
      };
      res.on('data', (d: Buffer) => {
        chunks.push(d);
        n += d.length;
        if (n >= limit) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo media server', () => {
  it('serves a live HLS window that moves with the clock, with a discontinuity where the clip loops', async () => {
    let t = 1_000_000_000_000;
    const base = await start(() => t);
    // A full window from the first request, numbered from the server's start.
    const a = (await take(`${base}/live/43130213500000010000_sub/index.m3u8`, 1e6)).body.toString();
    expect(a).toContain('#EXT-X-MEDIA-SEQUENCE:1\n');
    expect(a.match(/\.ts/g)).toHaveLength(6);
    expect(a).not.toContain('#EXT-X-ENDLIST');
    t += 4000;
    const b = (await take(`${base}/live/43130213500000010000_sub/index.m3u8`, 1e6)).body.toString();
    expect(b).toContain('#EXT-X-MEDIA-SEQUENCE:3\n');
    expect(b).toContain('\n8.ts');
    // 3 segments per clip: segment 6 starts a new loop.
    expect(b).toMatch(/#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\n6\.ts/);
    expect(b).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1\n');
    const seg = await take(`${base}/live/43130213500000010000_sub/8.ts`, 1e7);
    expect(seg.status).toBe(200);
    expect(seg.body[0]).toBe(0x47); // MPEG-TS sync byte
    expect(seg.headers['access-control-allow-origin']).toBe('*');
    expect((await take(`${base}/live/x/9.ts`, 10)).status).toBe(404); // not yet "recorded"
  });

  it('streams HTTP-FLV with the sequence headers first and timestamps that keep rising across loops', async () => {
    // A clock at 40× speed, so a few hundred milliseconds cover several loops of the 6-second clip.
    const t0 = Date.now();
    const base = await start(() => t0 + (Date.now() - t0) * 40);
    const { status, headers, body } = await take(`${base}/live/cam9_sub.flv`, 250_000);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('video/x-flv');
    expect(body.toString('latin1', 0, 3)).toBe('FLV');
    let p = body.readUInt32BE(5) + 4;
    const tags: { type: number; ts: number; avcPacket?: number }[] = [];
    while (p + 11 < body.length) {
      const size = body.readUIntBE(p + 1, 3);
      if (p + 11 + size > body.length) break;
      tags.push({ type: body[p]!, ts: body.readUIntBE(p + 4, 3) | (body[p + 7]! << 24), avcPacket: body[p] === 9 ? body[p + 12] : undefined });
      p += 11 + size + 4;
    }
    expect(tags[0]!.type).toBe(18); // onMetaData
    expect(tags.find((t) => t.type === 9)!.avcPacket).toBe(0); // AVC sequence header before any frame
    const video = tags.filter((t) => t.type === 9 && t.avcPacket === 1).map((t) => t.ts);
    expect(video.length).toBeGreaterThan(10);
    expect(video.every((ts, i) => i === 0 || ts > video[i - 1]!)).toBe(true);
    expect(video.at(-1)).toBeGreaterThan(12_000); // past the second loop of the clip
  });

  it('streams MJPEG as multipart JPEG frames and serves a single frame for snapshots', async () => {
    const base = await start();
    const { headers, body } = await take(`${base}/live/cam1_sub.mjpeg`, 200);
    expect(headers['content-type']).toBe('multipart/x-mixed-replace; boundary=ccframe');
    expect(body.toString('latin1')).toMatch(/^--ccframe\r\nContent-Type: image\/jpeg\r\nContent-Length: \d+\r\n\r\n\xff\xd8/);
    const jpg = await take(`${base}/live/cam1.jpg`, 1e6);
    expect(jpg.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('serves the MP4 in byte ranges', async () => {
    const base = await start();
    const r = await take(`${base}/vod/cam1_sub.mp4`, 1e6, { range: 'bytes=0-99' });
    expect(r.status).toBe(206);
    expect(r.body.length).toBe(100);
    expect(r.body.toString('latin1', 4, 8)).toBe('ftyp');
  });

  it('refuses stream names with path tricks', async () => {
    const base = await start();
    expect((await take(`${base}/live/..%2F..%2Fetc/index.m3u8`, 100)).status).toBe(404);
    expect((await take(`${base}/live/a%00b.flv`, 100)).status).toBe(404);
  });

  it('cuts every open stream when stopped, as a dying gateway would', async () => {
    const base = await start();
    const closed = new Promise<void>((resolve) => {
      request(`${base}/live/cam1.flv`, (res) => {
        res.on('data', () => undefined);
        res.on('close', () => resolve());
      }).end();
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(server!.activeStreams).toBe(1);
    await server!.stop();
    await closed;
  });
});
