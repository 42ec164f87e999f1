import { describe, expect, it } from 'vitest';
import { haversineMetres } from '@shared/geo/geometry';
import { fromWgs84, parseDatum, toWgs84 } from '../../../src-main/feeds/coords';

/*
 * Reference values come from an independent implementation of the published GCJ-02 forward
 * transform (Krasovsky 1940 ellipsoid, a = 6378245, ee = 0.00669342162296594323) and Baidu's
 * BD-09 offset; the console must invert them to within a metre.
 */
const A = 6378245.0;
const EE = 0.00669342162296594323;
function tLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}
function tLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}
function wgsToGcj(lon: number, lat: number): [number, number] {
  let dLat = tLat(lon - 105, lat - 35);
  let dLon = tLon(lon - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}
const X_PI = (Math.PI * 3000) / 180;
function gcjToBd(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** Places in and around Loudi (WGS-84). */
const REFERENCE: [string, number, number][] = [
  ['Louxing district centre', 112.0019, 27.7299],
  ['Loudi south station', 111.9889, 27.6769],
  ['Lianyuan', 111.6703, 27.6928],
  ['Shuangfeng', 112.1982, 27.4567],
  ['Xinhua', 111.3274, 27.7268],
  ['Lengshuijiang', 111.4346, 27.6860],
];

describe('coordinate datums', () => {
  it.each(REFERENCE)('brings a GCJ-02 position at %s back to WGS-84 within 1 m', (_name, lon, lat) => {
    const gcj = wgsToGcj(lon, lat);
    // The offset is real (hundreds of metres), so doing nothing would fail.
    expect(haversineMetres(gcj, [lon, lat])).toBeGreaterThan(100);
    expect(haversineMetres(toWgs84(gcj[0], gcj[1], 'GCJ02'), [lon, lat])).toBeLessThan(1);
  });

  it.each(REFERENCE)('brings a BD-09 position at %s back to WGS-84 within 1 m', (_name, lon, lat) => {
    const bd = gcjToBd(...wgsToGcj(lon, lat));
    expect(haversineMetres(bd, [lon, lat])).toBeGreaterThan(500);
    expect(haversineMetres(toWgs84(bd[0], bd[1], 'BD09'), [lon, lat])).toBeLessThan(1);
  });

  it('passes WGS-84 and CGCS2000 through unchanged', () => {
    expect(toWgs84(112.0019, 27.7299, 'WGS84')).toEqual([112.0019, 27.7299]);
    expect(toWgs84(112.0019, 27.7299, 'CGCS2000')).toEqual([112.0019, 27.7299]);
  });

  it('round-trips WGS-84 → GCJ-02 → WGS-84 within 1 m across the prefecture', () => {
    for (let lon = 110.9; lon <= 112.4; lon += 0.1) {
      for (let lat = 27.2; lat <= 28.2; lat += 0.1) {
        const [x, y] = fromWgs84(lon, lat, 'GCJ02');
        expect(haversineMetres(toWgs84(x, y, 'GCJ02'), [lon, lat])).toBeLessThan(1);
        expect(haversineMetres([x, y], wgsToGcj(lon, lat))).toBeLessThan(0.05);
      }
    }
  });

  it('reads the datum names feeds use in the wild', () => {
    expect(parseDatum('wgs-84')).toBe('WGS84');
    expect(parseDatum('GCJ-02')).toBe('GCJ02');
    expect(parseDatum('bd09ll')).toBe('BD09');
    expect(parseDatum('EPSG:4490')).toBe('CGCS2000');
    expect(parseDatum('mars')).toBeUndefined();
  });
});
