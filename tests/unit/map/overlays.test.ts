import { describe, expect, it } from 'vitest';
import { diffSignatures, preferFullUpload } from '@shared/map/feature-diff';
import { VehicleTracks } from '@shared/map/vehicle-tracks';
import { alertAreaRings, circleRing } from '@shared/map/overlays';
import { haversineMetres } from '@shared/geo/geometry';
import type { VehiclePosition } from '@shared/domain/vehicle';

describe('feature diffs for live map updates', () => {
  it('names only what was added, changed or removed', () => {
    const shown = new Map([
      ['a', '1'],
      ['b', '1'],
      ['c', '1'],
    ]);
    const wanted = new Map([
      ['a', '1'],
      ['b', '2'],
      ['d', '1'],
    ]);
    expect(diffSignatures(shown, wanted)).toEqual({ add: ['d'], update: ['b'], remove: ['c'] });
  });

  it('sends a batch of 500 changes among 100,000 features as a diff, and a wholesale change as one upload', () => {
    const diff500 = { add: Array.from({ length: 500 }, (_, i) => `n${i}`), update: [], remove: [] };
    expect(preferFullUpload(diff500, 100_000)).toBe(false);
    const all = { add: Array.from({ length: 90_000 }, (_, i) => `n${i}`), update: [], remove: [] };
    expect(preferFullUpload(all, 100_000)).toBe(true);
  });
});

const fix = (id: string, at: number, lon: number, patch: Partial<VehiclePosition> = {}): VehiclePosition => ({
  id,
  name: `湘K·${id}`,
  kind: 'sanitation',
  lon,
  lat: 27.73,
  heading: 90,
  speedKmh: 20,
  at,
  ...patch,
});

describe('vehicle tracks', () => {
  it('keeps the latest fix of each vehicle and a trail of its recent path', () => {
    const t = new VehicleTracks(60_000, 10);
    expect(t.add([fix('v1', 1000, 112.0), fix('v2', 1000, 112.1)])).toEqual(['v1', 'v2']);
    t.add([fix('v1', 2000, 112.001), fix('v1', 3000, 112.002)]);
    expect(t.latest('v1')?.lon).toBe(112.002);
    expect(t.trails()).toEqual([{ id: 'v1', kind: 'sanitation', coordinates: [[112.0, 27.73], [112.001, 27.73], [112.002, 27.73]] }]);
    expect(t.positions()).toHaveLength(2);
  });

  it('never moves a vehicle back on a stale or repeated fix', () => {
    const t = new VehicleTracks();
    t.add([fix('v1', 5000, 112.005)]);
    expect(t.add([fix('v1', 4000, 112.004), fix('v1', 5000, 112.009)])).toEqual([]);
    expect(t.latest('v1')?.lon).toBe(112.005);
  });

  it('drops trail points older than the trail length and beyond the fix limit', () => {
    const t = new VehicleTracks(10_000, 3);
    for (let i = 0; i < 10; i++) t.add([fix('v1', i * 1000, 112 + i * 1e-4)]);
    expect(t.trails()[0]!.coordinates).toHaveLength(3);
    t.add([fix('v1', 60_000, 112.5)]);
    expect(t.trails()).toEqual([]); // only the latest fix is recent enough
  });
});

describe('CAP alert areas', () => {
  it('turns circles into closed rings of the given radius', () => {
    const ring = circleRing([112, 27.73], 2, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring) expect(haversineMetres([112, 27.73], p)).toBeGreaterThan(1950);
    for (const p of ring) expect(haversineMetres([112, 27.73], p)).toBeLessThan(2050);
  });

  it('draws polygons and circles and leaves out areas that do not validate', () => {
    const rings = alertAreaRings([
      { id: 'a', severity: 'orange', headline: '暴雨橙色预警', polygons: [[[112, 27.7], [112.1, 27.7], [112.1, 27.8], [112, 27.7]]] },
      { id: 'b', severity: 'red', headline: '山洪', circles: [{ center: [112, 27.7], radiusKm: 3 }] },
      { id: 'c', severity: 'purple' as never, headline: 'bad' },
      { id: 'd', severity: 'blue', headline: 'open ring', polygons: [[[112, 27.7], [112.1, 27.7]]] },
      { id: 'e', severity: 'yellow', headline: 'off the globe', polygons: [[[512, 27.7], [112.1, 27.7], [112.1, 27.8], [512, 27.7]]] },
      { id: 'f', severity: 'yellow', headline: 'not a number', polygons: [[[Number.NaN, 27.7], [112.1, 27.7], [112.1, 27.8], [Number.NaN, 27.7]]] },
      { id: 'g', severity: 'red', headline: 'no radius', circles: [{ center: [112, 27.7], radiusKm: 0 }] },
    ]);
    expect(rings.map((r) => [r.id, r.severity])).toEqual([
      ['a', 'orange'],
      ['b', 'red'],
    ]);
  });
});
