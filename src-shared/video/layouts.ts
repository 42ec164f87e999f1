
/**
 * Tile layouts of a video panel. `1+5` is one large tile (2×2 of a 3×3 grid) with five small
 * ones around it; `1+7` the same on a 4×4 grid (3×3 large, seven small).
 */
export const LAYOUT_KINDS = ['1', '4', '9', '16', '1+5', '1+7'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** Where one tile sits in the CSS grid (1-based lines, as CSS grid wants them). */
export interface TileArea {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** A large tile plays the main stream; small ones the sub stream. */
  large: boolean;
}

export interface LayoutGeometry {
  columns: number;
  rows: number;
  tiles: TileArea[];
}

function square(n: number): LayoutGeometry {
  const tiles: TileArea[] = [];
  for (let r = 1; r <= n; r++) for (let c = 1; c <= n; c++) tiles.push({ row: r, col: c, rowSpan: 1, colSpan: 1, large: n === 1 });
  return { columns: n, rows: n, tiles };
}

function onePlus(n: number): LayoutGeometry {
  const big = n - 1;
  const tiles: TileArea[] = [{ row: 1, col: 1, rowSpan: big, colSpan: big, large: true }];
  for (let r = 1; r <= big; r++) tiles.push({ row: r, col: n, rowSpan: 1, colSpan: 1, large: false });
  for (let c = 1; c <= n; c++) tiles.push({ row: n, col: c, rowSpan: 1, colSpan: 1, large: false });
  return { columns: n, rows: n, tiles };
}

/** The grid geometry of a layout kind. */
export function layoutGeometry(kind: LayoutKind): LayoutGeometry {
  switch (kind) {
    case '1':
      return square(1);
    case '4':
      return square(2);
    case '9':
      return square(3);
    case '16':
      return square(4);
    case '1+5':
      return onePlus(3);
    case '1+7':
      return onePlus(4);
  }
}

/** Number of tiles of a layout kind. */
export function tileCount(kind: LayoutKind): number {
  return layoutGeometry(kind).tiles.length;
}

/** The smallest layout that holds `n` cameras (16 at most). */
export function layoutFor(n: number): LayoutKind {
  if (n <= 1) return '1';
  if (n <= 4) return '4';
  if (n <= 6) return '1+5';
  if (n <= 9) return '9';
  return '16';
}

/** A panel's arrangement: its kind and the camera in each tile (null = empty tile). Its schema is `VideoLayoutSchema` (./schemas.ts). */
export interface VideoLayout {
  kind: LayoutKind;
  tiles: (string | null)[];
}

/** The tiles array resized to a layout kind: extra cameras fall off the end, missing tiles are empty. */
export function fitTiles(tiles: readonly (string | null)[], kind: LayoutKind): (string | null)[] {
  const n = tileCount(kind);
  return Array.from({ length: n }, (_, i) => tiles[i] ?? null);
}

/** Swaps two tiles (a drag of one tile onto another). */
export function swapTiles(tiles: readonly (string | null)[], a: number, b: number): (string | null)[] {
  const next = [...tiles];
  if (a < 0 || b < 0 || a >= next.length || b >= next.length) return next;
  [next[a], next[b]] = [next[b] ?? null, next[a] ?? null];
  return next;
}

/** Puts a camera into a tile; if it already shows in another tile, that tile is emptied (one player per camera per panel). */
export function placeCamera(tiles: readonly (string | null)[], index: number, id: string): (string | null)[] {
  const next = tiles.map((t) => (t === id ? null : t));
  if (index >= 0 && index < next.length) next[index] = id;
  return next;
}
