import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distance } from 'geokdbush';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraSchema } from '@shared/domain/camera';
import { CameraIndex } from '../../../src-main/video/camera-index';
import { catalogFromConfig, demoCatalogThrough } from '../../../src-main/video/catalog-streams';
import { readVideoConfig } from '../../../src-main/video/video-config';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-vcfg-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const demo = demoCatalogThrough({ id: 'demo', kind: 'demo', base: 'http://127.0.0.1:9', app: 'live', mainStream: '{id}', subStream: '{id}_sub' });

describe('the camera catalog', () => {
  it('gives every demo camera main and sub streams in HLS, FLV or MJPEG, valid against the contract', () => {
    expect(demo.length).toBeGreaterThan(10_000);
    for (const c of demo) {
      expect(c.streams.main.length).toBeGreaterThan(0);
      expect(c.streams.sub[0]!.url).toContain(`${c.id}_sub`);
    }
    expect(CameraSchema.safeParse(demo[42]).success).toBe(true);
    const first = new Set(demo.map((c) => c.streams.sub[0]!.protocol));
    expect([...first].sort()).toEqual(['flv', 'hls', 'mjpeg']);
    // HLS dominates: many tiles from one host must not exhaust the browser's six connections.
    expect(demo.filter((c) => c.streams.sub[0]!.protocol === 'hls').length / demo.length).toBeGreaterThan(0.85);
  });

  it('reads cameras and gateways from video.json, assigning grids and gateway URLs', () => {
    writeFileSync(
      join(dir, 'video.json'),
      JSON.stringify({
        gateways: [{ id: 'zlm', kind: 'zlmediakit', base: 'http://10.0.0.5' }],
        cameras: [
          { id: '43130200001320000001', name: '乐坪大道口', department: 'traffic', lon: 112.0019, lat: 27.7299 },
          { id: 'door', name: '值班室', department: 'emergency', lon: 112, lat: 27.7, streams: { main: [{ protocol: 'mjpeg', url: 'http://10.0.0.9/mjpg' }], sub: [] } },
        ],
      }),
    );
    const cams = catalogFromConfig(readVideoConfig(dir)!);
    expect(cams[0]!.streams.main[0]!.url).toBe('http://10.0.0.5/rtp/43130200001320000001.live.flv');
    expect(cams[0]!.status).toBe('online');
    expect(cams[1]!.streams.main).toEqual([{ protocol: 'mjpeg', url: 'http://10.0.0.9/mjpg' }]);
  });

  it('says which field of video.json is wrong', () => {
    writeFileSync(join(dir, 'video.json'), JSON.stringify({ gateways: [], cameras: [{ id: 'x', name: 'x', department: 'cm', lon: 1, lat: 1, gateway: 'nope' }] }));
    expect(() => readVideoConfig(dir)).toThrow(/cameras.0.gateway/);
    writeFileSync(join(dir, 'video.json'), '{');
    expect(() => readVideoConfig(dir)).toThrow(/not valid JSON/);
    rmSync(join(dir, 'video.json'));
    expect(readVideoConfig(dir)).toBeUndefined();
  });
});

describe('nearest cameras', () => {
  const index = new CameraIndex(demo);
  it('returns the n nearest online cameras, nearest first, the same as a brute-force scan', () => {
    const [lon, lat] = [112.0019, 27.7299];
    const got = index.nearest(lon, lat, 9, 5, true);
    expect(got).toHaveLength(9);
    const brute = demo
      .filter((c) => c.status === 'online')
      .map((c) => ({ id: c.id, d: distance(lon, lat, c.lon, c.lat) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 9);
    expect(got.map((g) => g.camera.id)).toEqual(brute.map((b) => b.id));
    expect(got.every((g, i) => i === 0 || g.distanceM >= got[i - 1]!.distanceM)).toBe(true);
    expect(got.every((g) => g.camera.status === 'online')).toBe(true);
  });

  it('finds nothing beyond the radius', () => {
    expect(index.nearest(100, 40, 5, 5, true)).toEqual([]);
    expect(new CameraIndex([]).nearest(112, 27, 5, 5, false)).toEqual([]);
  });
});
