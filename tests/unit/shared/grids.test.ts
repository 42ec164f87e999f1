import { describe, expect, it } from 'vitest';
import { BUILT_UP_AREA_KM2, CITY_CENTER, LOUDI_GRIDS, assignGrid, gridsAreaKm2 } from '@shared/geo/grids';
import { haversineMetres, pointInRing } from '@shared/geo/geometry';

describe('responsibility grids', () => {
  it('generates 39 grids with unique codes covering the 49.8 km² built-up area', () => {
    expect(LOUDI_GRIDS).toHaveLength(39);
    expect(new Set(LOUDI_GRIDS.map((g) => g.id)).size).toBe(39);
    expect(gridsAreaKm2()).toBeGreaterThan(BUILT_UP_AREA_KM2 * 0.99);
    expect(gridsAreaKm2()).toBeLessThan(BUILT_UP_AREA_KM2 * 1.01);
  });

  it('is centred on the Louxing district centre', () => {
    const lon = LOUDI_GRIDS.reduce((s, g) => s + g.center[0], 0) / LOUDI_GRIDS.length;
    const lat = LOUDI_GRIDS.reduce((s, g) => s + g.center[1], 0) / LOUDI_GRIDS.length;
    expect(haversineMetres([lon, lat], CITY_CENTER)).toBeLessThan(600);
  });

  it('assigns every grid centre to its own grid, and only one grid contains it', () => {
    for (const g of LOUDI_GRIDS) {
      expect(assignGrid(g.center[0], g.center[1])).toBe(g.id);
      const containing = LOUDI_GRIDS.filter((o) => pointInRing(g.center[0], g.center[1], o.ring));
      expect(containing).toHaveLength(1);
    }
  });

  it('puts points outside the built-up area in no grid', () => {
    expect(assignGrid(111.3, 27.7)).toBeNull(); // Xinhua county, far west
    expect(assignGrid(0, 0)).toBeNull();
  });
});
