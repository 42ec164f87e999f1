import { describe, expect, it } from 'vitest';
import { haversineMetres } from '@shared/geo/geometry';
import { DisplayDatumTransform } from '@shared/map/datum';
import { NearestIndex } from '@shared/map/nearest';
import { pathMetres } from '@shared/map/measure';

describe('display datum', () => {
  it('leaves WGS-84 basemaps alone and shifts overlays onto a GCJ-02 basemap by the usual few hundred metres', () => {
    const p: [number, number] = [112.0019, 27.7299];
    expect(new DisplayDatumTransform('WGS84').toDisplay(...p)).toEqual(p);
    const gcj = new DisplayDatumTransform('GCJ02');
    const shifted = gcj.toDisplay(...p);
    const offset = haversineMetres(p, shifted);
    expect(offset).toBeGreaterThan(300);
    expect(offset).toBeLessThan(800);
    // And back, within a metre, for clicks and drawn shapes.
    expect(haversineMetres(p, gcj.toWgs84(...shifted))).toBeLessThan(1);
  });
});

describe('nearest index', () => {
  const items = [
    { id: 'a', lon: 112.0, lat: 27.73, online: true },
    { id: 'b', lon: 112.01, lat: 27.73, online: true },
    { id: 'c', lon: 112.001, lat: 27.73, online: false },
    { id: 'd', lon: 112.5, lat: 27.73, online: true },
  ];
  it('finds the closest items first, in metres, honouring a filter', () => {
    const idx = new NearestIndex(items);
    const found = idx.nearest(112.0005, 27.73, 2);
    expect(found.map((f) => f.item.id)).toEqual(['a', 'c']);
    expect(found[0]!.metres).toBeGreaterThan(40);
    expect(found[0]!.metres).toBeLessThan(60);
    expect(idx.nearest(112.0005, 27.73, 2, (i) => i.online).map((f) => f.item.id)).toEqual(['a', 'b']);
  });

  it('answers nothing from an empty set', () => {
    expect(new NearestIndex([]).nearest(112, 27, 3)).toEqual([]);
  });
});

describe('distance measure', () => {
  it('adds up the legs of a path along the ground', () => {
    const m = pathMetres([
      [112, 27.73],
      [112.01, 27.73],
      [112.01, 27.74],
    ]);
    expect(m).toBeGreaterThan(985 + 1100);
    expect(m).toBeLessThan(990 + 1115);
  });
});
