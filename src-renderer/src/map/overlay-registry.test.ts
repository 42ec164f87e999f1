import { describe, expect, it } from 'vitest';
import en from '../i18n/en';
import zh from '../i18n/zh-CN';
import { DEFAULT_VISIBLE, OVERLAYS, VISIBILITY_GROUPS } from './overlay-registry';
import { LAYER_GROUP_LIST } from './layer-groups';
import { situationStyle } from './style';

const style = situationStyle({
  geoBase: 'geo/',
  grids: { type: 'FeatureCollection', features: [] },
  visible: Object.fromEntries(VISIBILITY_GROUPS.map((g) => [g.id, true])),
  gridMeasure: 'count',
  marks: {},
  gridLabelField: 'zh',
});

describe('map overlay registry', () => {
  it('opens the situation on the incidents: vehicles and sensors are off until asked for', () => {
    expect(DEFAULT_VISIBLE).toMatchObject({ vehicles: false, sensors: false, incidents: true, alerts: true, grids: true });
  });

  it('finds every overlay file, and the legend keeps its order', () => {
    expect(OVERLAYS.map((o) => o.id)).toEqual(['admin', 'annotations', 'cameras', 'cap-areas', 'dispatch', 'grid-focus', 'grid-situation', 'grids', 'heatmap', 'incidents', 'measure', 'selection', 'sensors', 'signals', 'vehicles']);
    expect(VISIBILITY_GROUPS.map((g) => g.id)).toEqual(['admin', 'grids', 'signals', 'gridSituation', 'heatmap', 'incidents', 'alerts', 'cameras', 'vehicles', 'dispatch', 'sensors']);
  });

  it('draws every group the shell toggles, and toggles every group the map draws (the shell knows them without loading the map)', () => {
    expect(VISIBILITY_GROUPS.map(({ id, order, visibleByDefault }) => ({ id, order, visibleByDefault }))).toEqual(LAYER_GROUP_LIST);
  });

  it('assembles one style whose layers are unique and draw from declared sources', () => {
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of style.layers) if ('source' in l) expect(style.sources, l.id).toHaveProperty([l.source as string]);
    // Draw order across overlays: admin fills under everything; consultation annotations over the
    // incidents and grid labels; selection and drawing on top.
    expect(ids.indexOf('world-fill')).toBeLessThan(ids.indexOf('incidents-heat'));
    expect(ids.indexOf('incidents-heat')).toBeLessThan(ids.indexOf('incidents-circle'));
    expect(ids.indexOf('incidents-circle')).toBeLessThan(ids.indexOf('annotations-fill'));
    expect(ids.indexOf('annotations-text')).toBeLessThan(ids.indexOf('incidents-selected'));
    expect(ids.slice(-4)).toEqual(['incidents-selected', 'draw-fill', 'draw-line', 'draw-point']);
  });

  it('gives every interactive layer a layer of the style, and every group its label in both languages', () => {
    const ids = new Set(style.layers.map((l) => l.id));
    for (const o of OVERLAYS) for (const l of o.interactive ?? []) expect(ids.has(l.layer), `${o.id}: ${l.layer}`).toBe(true);
    for (const g of VISIBILITY_GROUPS) {
      expect((zh.sitmap.layers as Record<string, string>)[g.id], g.id).toBeTruthy();
      expect((en.sitmap.layers as Record<string, string>)[g.id], g.id).toBeTruthy();
    }
  });
});
