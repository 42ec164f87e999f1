import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import type { Camera } from '@shared/domain/camera';
import type { NearbyCamera } from '@shared/video/schemas';

/** A spatial index of the catalog for "the cameras nearest this incident" (geokdbush, great-circle distance). */
export class CameraIndex {
  private readonly index: KDBush;

  constructor(private readonly cameras: readonly Camera[]) {
    this.index = new KDBush(Math.max(1, cameras.length));
    for (const c of cameras) this.index.add(c.lon, c.lat);
    if (cameras.length === 0) this.index.add(0, 0);
    this.index.finish();
  }

  /** Up to `n` cameras within `maxKm` of the point, nearest first. */
  nearest(lon: number, lat: number, n: number, maxKm: number, onlineOnly: boolean): NearbyCamera[] {
    if (this.cameras.length === 0) return [];
    const ids = around(this.index, lon, lat, n, maxKm, (i) => !onlineOnly || this.cameras[i]?.status === 'online');
    return ids.map((i) => {
      const camera = this.cameras[i]!;
      return { camera, distanceM: Math.round(distance(lon, lat, camera.lon, camera.lat) * 1000) };
    });
  }
}
