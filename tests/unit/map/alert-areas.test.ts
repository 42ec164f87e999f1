import { describe, expect, it } from 'vitest';
import { alertAreaRings, alertsToAreas } from '@shared/map/overlays';

const ring: [number, number][] = [
  [111.9, 27.7],
  [112.1, 27.7],
  [112.1, 27.8],
  [111.9, 27.7],
];

describe('CAP alerts on the map', () => {
  it('turns the alerts in force into areas in their colour, with the Chinese headline', () => {
    const areas = alertsToAreas([
      {
        identifier: 'a1',
        severity: 'orange',
        infos: [
          { language: 'en-US', headline: 'Rainstorm warning', event: 'Rainstorm' },
          { language: 'zh-CN', headline: '暴雨橙色预警', event: '暴雨' },
        ],
        areas: [{ polygons: [ring], circles: [{ center: [112, 27.73], radiusKm: 5 }] }],
      },
      { identifier: 'no-geometry', severity: 'red', infos: [], areas: [{ polygons: [], circles: [] }] },
    ]);
    expect(areas).toEqual([
      { id: 'a1', severity: 'orange', headline: '暴雨橙色预警', polygons: [ring], circles: [{ center: [112, 27.73], radiusKm: 5 }] },
    ]);
    // One polygon ring and one ring approximating the circle, both closed.
    const rings = alertAreaRings(areas);
    expect(rings).toHaveLength(2);
    for (const r of rings) expect(r.ring[0]).toEqual(r.ring.at(-1));
  });
});
