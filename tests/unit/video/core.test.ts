import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATION_CHANNELS } from '@shared/channels';
import { dispatch } from '@shared/dispatch';
import type { VideoState } from '@shared/contract';
import { ConsoleCore } from '../../../src-main/services/console-core';

let dir: string;
let core: ConsoleCore | undefined;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-vcore-'))));
afterEach(async () => {
  await core?.stop();
  core = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const start = async () => (core = await ConsoleCore.start({ dataDir: dir, shell: 'browser', appVersion: '0', simulator: false }));
const status = (url: string) => new Promise<number>((resolve, reject) => get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject));

describe('video through the contract', () => {
  it('with no configuration, serves the demo catalog from its own demo media server', async () => {
    const c = await start();
    const res = await dispatch(c.handlers, OPERATION_CHANNELS.listCameras, undefined);
    const cams = (res as { ok: true; value: { streams: { sub: { url: string }[] } }[] }).value;
    expect(cams.length).toBeGreaterThan(10_000);
    const url = cams[0]!.streams.sub[0]!.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/live\//);
    expect(await status(url)).toBe(200);
    expect(c.video.mediaOrigins()).toEqual([new URL(url).origin]);
  });

  it('answers nearest cameras for an incident and validates the request', async () => {
    const c = await start();
    const res = await dispatch(c.handlers, OPERATION_CHANNELS.nearestCameras, { lon: 112.0019, lat: 27.7299, n: 6 });
    expect(res.ok && (res.value as unknown[]).length).toBe(6);
    const bad = await dispatch(c.handlers, OPERATION_CHANNELS.nearestCameras, { lon: 500, lat: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('pushes the new video state to every window when a layout or favourite changes', async () => {
    const c = await start();
    const seen: VideoState[] = [];
    c.on('videoChanged', (s) => seen.push(s));
    await dispatch(c.handlers, OPERATION_CHANNELS.setFavourite, { cameraId: 'cam1', favourite: true });
    await dispatch(c.handlers, OPERATION_CHANNELS.setPanelLayout, { panel: 'wall', layout: { kind: '4', tiles: ['cam1', null, null, null] } });
    expect(seen.at(-1)).toMatchObject({ favourites: ['cam1'], panels: { wall: { kind: '4' } } });
    const refused = await dispatch(c.handlers, OPERATION_CHANNELS.setPanelLayout, { panel: 'lobby', layout: { kind: '4', tiles: [] } });
    expect(refused.ok).toBe(false);
  });

  it('uses the gateways of video.json instead of the demo media server', async () => {
    writeFileSync(join(dir, 'video.json'), JSON.stringify({ gateways: [{ id: 'mtx', kind: 'mediamtx', base: 'http://10.9.8.7:8888' }] }));
    const c = await start();
    expect(c.video.catalog[0]!.streams.sub[0]!.url).toMatch(/^http:\/\/10\.9\.8\.7:8888\/\d+_sub\/index\.m3u8$/);
    expect(c.video.mediaOrigins()).toEqual(['http://10.9.8.7:8888']);
  });
});
