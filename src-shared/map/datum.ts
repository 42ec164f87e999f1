import gcoord from 'gcoord';
import type { DisplayDatum } from './basemap';

/**
 * Coordinate rule for display: converts between the console's WGS-84 and the datum the basemap
 * draws in. On a GCJ-02 basemap (AMap, Tencent) every overlay is shifted by the same rule as the
 * basemap's streets, so an
 * incident lands on its street instead of some 500 m off.
 */
export class DisplayDatumTransform {
  constructor(readonly datum: DisplayDatum) {}

  get identity(): boolean {
    return this.datum === 'WGS84';
  }

  /** WGS-84 → display. */
  toDisplay(lon: number, lat: number): [number, number] {
    if (this.identity) return [lon, lat];
    const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
    return [x, y];
  }

  /** Display → WGS-84 (for clicks and drawn shapes). */
  toWgs84(lon: number, lat: number): [number, number] {
    if (this.identity) return [lon, lat];
    const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84);
    return [x, y];
  }

  ring(ring: readonly (readonly [number, number] | number[])[]): [number, number][] {
    return ring.map((p) => this.toDisplay(p[0]!, p[1]!));
  }
}
