import { type BBox, type Ring, pointInRing, ringAreaSquareMetres, ringBBox } from './geometry';

/**
 * Loudi's 39 responsibility grids (责任网格) of the built-up area.
 *
 * The city's real grid boundaries are not public, so the console generates a stand-in that is
 * deterministic and honest about what it is: a 7 × 6 lattice of square cells centred on the
 * Louxing district centre, with the three cells farthest from the centre dropped, leaving 39 cells.
 * Each cell is 1.130 km on a side (1.277 km²), so the 39 cells cover 49.8 km², the built-up area the
 * city reports. A real grid file replaces this through configuration without changing any caller.
 */
export interface Grid {
  /** Grid code, `431302-NN` (431302 is Louxing district's administrative code). */
  id: string;
  /** Ordinal 1..39, row by row from the north-west. */
  index: number;
  zh: string;
  en: string;
  /** Outer ring, closed, WGS-84 [lon, lat]. */
  ring: Ring;
  /** Label point. */
  center: [number, number];
  bbox: BBox;
}

/** Louxing district centre (娄星区), WGS-84. */
export const CITY_CENTER: [number, number] = [112.0019, 27.7299];
/** Built-up area the city reports, km². */
export const BUILT_UP_AREA_KM2 = 49.8;
export const GRID_COUNT = 39;

const COLUMNS = 7;
const ROWS = 6;
const CELL_KM = Math.sqrt(BUILT_UP_AREA_KM2 / GRID_COUNT);

function buildGrids(): Grid[] {
  const dLat = CELL_KM / 110.574;
  const dLon = CELL_KM / (111.32 * Math.cos((CITY_CENTER[1] * Math.PI) / 180));
  const west = CITY_CENTER[0] - (COLUMNS / 2) * dLon;
  const north = CITY_CENTER[1] + (ROWS / 2) * dLat;
  const cells: { col: number; row: number; dist: number }[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLUMNS; col++) {
      const dx = col + 0.5 - COLUMNS / 2;
      const dy = row + 0.5 - ROWS / 2;
      // Tie-break by position so that the three dropped corners are always the same ones.
      cells.push({ col, row, dist: Math.hypot(dx, dy) + (col * ROWS + row) * 1e-9 });
    }
  }
  const dropped = new Set(
    [...cells]
      .sort((a, b) => b.dist - a.dist)
      .slice(0, COLUMNS * ROWS - GRID_COUNT)
      .map((c) => `${c.col},${c.row}`),
  );
  const grids: Grid[] = [];
  for (const { col, row } of cells) {
    if (dropped.has(`${col},${row}`)) continue;
    const x0 = west + col * dLon;
    const y0 = north - row * dLat;
    const r = (v: number): number => Math.round(v * 1e6) / 1e6;
    const ring: Ring = [
      [r(x0), r(y0)],
      [r(x0 + dLon), r(y0)],
      [r(x0 + dLon), r(y0 - dLat)],
      [r(x0), r(y0 - dLat)],
      [r(x0), r(y0)],
    ];
    const index = grids.length + 1;
    const nn = String(index).padStart(2, '0');
    grids.push({
      id: `431302-${nn}`,
      index,
      zh: `第${nn}网格`,
      en: `Grid ${nn}`,
      ring,
      center: [r(x0 + dLon / 2), r(y0 - dLat / 2)],
      bbox: ringBBox(ring),
    });
  }
  return grids;
}

/** The 39 grids, computed once. */
export const LOUDI_GRIDS: readonly Grid[] = buildGrids();

const gridById = new Map(LOUDI_GRIDS.map((g) => [g.id, g]));

export function gridInfo(id: string): Grid | undefined {
  return gridById.get(id);
}

/** The grid that contains a WGS-84 point, or null when the point lies outside all of them. */
export function assignGrid(lon: number, lat: number, grids: readonly Grid[] = LOUDI_GRIDS): string | null {
  for (const g of grids) {
    const b = g.bbox;
    if (lon < b.west || lon > b.east || lat < b.south || lat > b.north) continue;
    if (pointInRing(lon, lat, g.ring)) return g.id;
  }
  return null;
}

/** Total area covered by the grids, km². */
export function gridsAreaKm2(grids: readonly Grid[] = LOUDI_GRIDS): number {
  return grids.reduce((s, g) => s + ringAreaSquareMetres(g.ring), 0) / 1e6;
}
