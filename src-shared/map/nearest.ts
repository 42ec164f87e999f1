import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';

/**
 * Nearest-neighbour search over points on the sphere (cameras, vehicles): a static kd-tree built
 * once per set, queried in great-circle distance.
 */
export class NearestIndex<T extends { lon: number; lat: number }> {
  private readonly index?: KDBush;

  constructor(readonly items: readonly T[]) {
    if (items.length === 0) return;
    this.index = new KDBush(items.length);
    for (const i of items) this.index.add(i.lon, i.lat);
    this.index.finish();
  }

  /** Up to `n` items nearest to the point, closest first, with their distance in metres. */
  nearest(lon: number, lat: number, n: number, accept?: (item: T) => boolean, maxKm = 50): { item: T; metres: number }[] {
    if (!this.index) return [];
    const ids = around(this.index, lon, lat, n, maxKm, accept ? (i) => accept(this.items[i]!) : undefined);
    return ids.map((i) => {
      const item = this.items[i]!;
      return { item, metres: Math.round(distance(lon, lat, item.lon, item.lat) * 1000) };
    });
  }
}
