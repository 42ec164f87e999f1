import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { VideoService } from '../../../src-main/video/video-service';

const CAM = '43130200001320000001';
let dir: string;
let db: Db;
let gateway: Server;
let port: number;
let video: VideoService | undefined;
const seen: { url: string; auth?: string }[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-vcred-'));
  db = openDatabase(dir);
  seen.length = 0;
  // A gateway that serves only with Basic auth, and a camera that wants ?token=.
  gateway = createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    const u = new URL(req.url!, 'http://x');
    if (u.pathname === '/door.mjpg') {
      if (u.searchParams.get('token') !== 'CamT0ken') return void res.writeHead(403).end();
      return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg');
    }
    if (req.headers.authorization !== `Basic ${Buffer.from('viewer:Gw-Secret').toString('base64')}`) return void res.writeHead(401).end();
    if (req.method === 'POST') return void res.writeHead(201, { location: `/index/api/whep/session/1`, 'content-type': 'application/sdp' }).end('answer');
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\nseg0.ts\n');
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  port = (gateway.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'video.json'),
    JSON.stringify({
      gateways: [{ id: 'zlm', kind: 'zlmediakit', base: `http://viewer:Gw-Secret@127.0.0.1:${port}`, app: 'rtp', protocols: ['hls', 'whep'] }],
      cameras: [
        { id: CAM, name: '路口', department: 'traffic', lon: 112, lat: 27.7, gateway: 'zlm' },
        { id: 'door-1', name: '门口', department: 'emergency', lon: 112, lat: 27.7, streams: { main: [{ protocol: 'mjpeg', url: `http://127.0.0.1:${port}/door.mjpg?token=CamT0ken&size=hd` }], sub: [] } },
      ],
    }),
  );
});
afterEach(async () => {
  await video?.stop();
  video = undefined;
  gateway.closeAllConnections();
  await new Promise((r) => gateway.close(r));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('camera and gateway credentials', () => {
  it('the camera list sent to the renderer carries no secret, and its URLs still play through the host', async () => {
    video = new VideoService({ db, dataDir: dir, changed: () => {}, demoMedia: false });
    await video.start();
    const list = await video.handlers.listCameras(undefined as never);
    const text = JSON.stringify(list);
    expect(text).not.toContain('Gw-Secret');
    expect(text).not.toContain('viewer:');
    expect(text).not.toContain('CamT0ken');

    const hls = list.find((c) => c.id === CAM)!.streams.main.find((s) => s.protocol === 'hls')!.url;
    const r = await fetch(hls);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('seg0.ts');
    expect(seen.at(-1)).toMatchObject({ url: `/rtp/${CAM}/hls.m3u8` });
    // A segment named relative to the playlist goes through the proxy with the credentials too.
    expect((await fetch(new URL('seg0.ts', hls))).status).toBe(200);

    // WHEP: the offer is posted with the credentials, and the session's Location points back at the proxy.
    const whep = list.find((c) => c.id === CAM)!.streams.main.find((s) => s.protocol === 'whep')!.url;
    const offer = await fetch(whep, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'offer' });
    expect(offer.status).toBe(201);
    expect(offer.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/\d+\/index\/api\/whep\/session\/1$/);
    expect(offer.headers.get('location')).not.toContain(String(port));

    const door = list.find((c) => c.id === 'door-1')!.streams.main[0]!.url;
    expect(door).toContain('size=hd');
    const d = await fetch(door);
    expect(d.status).toBe(200);
    expect(seen.at(-1)!.url).toBe('/door.mjpg?size=hd&token=CamT0ken');
  });

  it('the proxy refuses a request without the play token', async () => {
    video = new VideoService({ db, dataDir: dir, changed: () => {}, demoMedia: false });
    await video.start();
    const hls = (await video.handlers.listCameras(undefined as never)).find((c) => c.id === CAM)!.streams.main[0]!.url;
    const forged = hls.replace(/^(http:\/\/127\.0\.0\.1:\d+\/)[\w-]+/, '$1wrongtoken');
    expect((await fetch(forged)).status).toBe(404);
    expect(video.mediaOrigins().join(' ')).not.toContain('Gw-Secret');
  });
});
