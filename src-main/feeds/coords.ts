import gcoord from 'gcoord';
import type { Datum } from '@shared/domain/incident';

/**
 * Any datum the feeds use → WGS-84, which the store and the map use. CGCS2000 differs from WGS-84
 * by centimetres (the same ellipsoid to 0.1 mm, frames a few cm apart), so it passes through;
 * GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are offset by hundreds of metres and are converted.
 * gcoord inverts GCJ-02 iteratively, to well under a metre.
 */
export function toWgs84(lon: number, lat: number, datum: Datum): [number, number] {
  if (datum === 'WGS84' || datum === 'CGCS2000') return [lon, lat];
  const from = datum === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lon, lat], from, gcoord.WGS84) as [number, number];
  return [round7(x), round7(y)];
}

/** WGS-84 → another datum (the simulator uses it to speak like a Chinese map vendor). */
export function fromWgs84(lon: number, lat: number, datum: Datum): [number, number] {
  if (datum === 'WGS84' || datum === 'CGCS2000') return [lon, lat];
  const to = datum === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, to) as [number, number];
  return [round7(x), round7(y)];
}

/** 1e-7 degrees is about 1 cm: precise enough, and stable across a round trip through JSON. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/** Parses the datum names feeds use in the wild (wgs84, GCJ-02, bd09ll, …); undefined when unknown. */
export function parseDatum(name: string): Datum | undefined {
  const n = name.replace(/[^a-z0-9]/gi, '').toUpperCase();
  if (n === 'WGS84' || n === 'EPSG4326' || n === 'GPS') return 'WGS84';
  if (n === 'CGCS2000' || n === 'EPSG4490') return 'CGCS2000';
  if (n === 'GCJ02' || n === 'AMAP' || n === 'GCJ') return 'GCJ02';
  if (n === 'BD09' || n === 'BD09LL' || n === 'BAIDU') return 'BD09';
  return undefined;
}
