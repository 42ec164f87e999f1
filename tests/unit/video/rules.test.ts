import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LAYOUT_KINDS, fitTiles, layoutFor, layoutGeometry, placeCamera, swapTiles, tileCount } from '@shared/video/layouts';
import { chooseStream, decodeBudget, retryDelayMs, type BudgetTile } from '@shared/video/playback';

describe('video layouts', () => {
  it('offers 1, 4, 9, 16, 1+5 and 1+7 tiles, each covering its grid exactly once', () => {
    expect(LAYOUT_KINDS.map(tileCount)).toEqual([1, 4, 9, 16, 6, 8]);
    for (const kind of LAYOUT_KINDS) {
      const g = layoutGeometry(kind);
      const cells = new Set<string>();
      for (const t of g.tiles) {
        for (let r = t.row; r < t.row + t.rowSpan; r++) for (let c = t.col; c < t.col + t.colSpan; c++) cells.add(`${r},${c}`);
      }
      expect(cells.size).toBe(g.rows * g.columns);
      expect(g.tiles.reduce((n, t) => n + t.rowSpan * t.colSpan, 0)).toBe(g.rows * g.columns);
    }
  });

  it('gives 1+5 and 1+7 one large tile that plays the main stream', () => {
    expect(layoutGeometry('1+5').tiles.filter((t) => t.large)).toHaveLength(1);
    expect(layoutGeometry('1+7').tiles[0]).toMatchObject({ rowSpan: 3, colSpan: 3, large: true });
    expect(layoutGeometry('9').tiles.some((t) => t.large)).toBe(false);
  });

  it('picks the smallest layout that holds n cameras', () => {
    expect([1, 3, 5, 8, 12, 40].map(layoutFor)).toEqual(['1', '4', '1+5', '9', '16', '16']);
  });

  it('resizes, swaps and places without duplicating a camera', () => {
    expect(fitTiles(['a', 'b', 'c', 'd', 'e'], '4')).toEqual(['a', 'b', 'c', 'd']);
    expect(fitTiles(['a'], '4')).toEqual(['a', null, null, null]);
    expect(swapTiles(['a', null, 'c'], 0, 2)).toEqual(['c', null, 'a']);
    expect(placeCamera(['a', 'b', null], 2, 'a')).toEqual([null, 'b', 'a']);
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), { minLength: 1, maxLength: 16 }), fc.nat(), fc.nat(), (tiles, i, j) => {
        const swapped = swapTiles(tiles, i % tiles.length, j % tiles.length);
        expect([...swapped].sort()).toEqual([...tiles].sort());
      }),
    );
  });
});

describe('playback rules', () => {
  it('backs off 1 s, 2 s, 4 s … and never waits more than 36 s', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(50, () => 0.999)).toBeLessThanOrEqual(36_000);
  });

  const cam = {
    streams: {
      main: [
        { protocol: 'hls' as const, url: 'm.m3u8' },
        { protocol: 'flv' as const, url: 'm.flv' },
      ],
      sub: [{ protocol: 'hls' as const, url: 's.m3u8' }],
    },
  };
  it('plays the sub stream in small tiles, the main stream when large, and rotates protocols on retries', () => {
    expect(chooseStream(cam, false)?.url).toBe('s.m3u8');
    expect(chooseStream(cam, true)?.url).toBe('m.m3u8');
    expect(chooseStream(cam, true, 1)?.url).toBe('m.flv');
    expect(chooseStream(cam, true, 2)?.url).toBe('m.m3u8');
    expect(chooseStream({ streams: { main: cam.streams.main, sub: [] } }, false)?.url).toBe('m.m3u8');
    expect(chooseStream({ streams: { main: [], sub: [] } }, false)).toBeUndefined();
  });

  const tiles = (n: number, visible = (_i: number) => true): BudgetTile[] =>
    Array.from({ length: n }, (_, i) => ({ index: i, assigned: true, visible: visible(i), large: false }));

  it('decodes only visible tiles, none while the window is hidden, and never more than the cap', () => {
    expect(decodeBudget(tiles(16), 16, true).size).toBe(16);
    expect(decodeBudget(tiles(16), 16, false).size).toBe(0);
    expect([...decodeBudget(tiles(16, (i) => i < 4), 16, true)]).toEqual([0, 1, 2, 3]);
    expect([...decodeBudget(tiles(16), 9, true)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const withLarge = tiles(8).map((t) => (t.index === 5 ? { ...t, large: true } : t));
    expect([...decodeBudget(withLarge, 2, true)]).toEqual([5, 0]);
    fc.assert(
      fc.property(fc.array(fc.record({ assigned: fc.boolean(), visible: fc.boolean(), large: fc.boolean() }), { maxLength: 16 }), fc.integer({ min: 0, max: 20 }), (ts, cap) => {
        const allowed = decodeBudget(ts.map((t, index) => ({ ...t, index })), cap, true);
        expect(allowed.size).toBeLessThanOrEqual(cap);
        for (const i of allowed) expect(ts[i]!.assigned && ts[i]!.visible).toBe(true);
      }),
    );
  });
});
