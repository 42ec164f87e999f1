import type { Camera } from '@shared/domain/camera';
import { matchesCamera } from '@shared/video/camera-tree';
import { CameraIndex } from '../../video/camera-index';
import { demoCameraCatalog } from '../../video/camera-catalog';
import { catalogFromConfig } from '../../video/catalog-streams';
import { readVideoConfig } from '../../video/video-config';
import { CliUsageError, type CliCommand } from '../command';

const brief = (c: Camera, distanceM?: number) => ({
  id: c.id,
  name: c.name,
  department: c.department,
  region: c.region,
  address: c.address,
  status: c.status,
  ...(distanceM === undefined ? {} : { distanceM }),
  streams: c.streams.main.map((s) => s.protocol),
});

/**
 * `cameras`: the camera catalog the console would show (video.json, else the demo catalog),
 * counted by department, searched, or the nearest to a point.
 */
export const camerasCommand: CliCommand = {
  name: 'cameras',
  summary: 'count, search, or find the cameras nearest a point (video.json or the demo catalog)',
  usage: 'cameras [--near LON,LAT] [--n N] [--search TEXT] [--data-dir DIR] [--json]',
  options: { near: { type: 'string' }, n: { type: 'string' }, search: { type: 'string' } },
  run(ctx, values) {
    const config = readVideoConfig(ctx.dataDir);
    const cameras = config ? catalogFromConfig(config) : demoCameraCatalog();
    const n = values.n === undefined ? 9 : Number(values.n);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliUsageError('--n must be a whole number from 1 to 1000');
    if (typeof values.near === 'string') {
      const [lon, lat] = values.near.split(',').map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90) {
        throw new CliUsageError('--near needs LON,LAT in WGS-84 degrees, e.g. 112.0019,27.7299');
      }
      const near = new CameraIndex(cameras).nearest(lon!, lat!, n, 50, false);
      for (const x of near) ctx.say(`${String(x.distanceM).padStart(6)} m  ${x.camera.id}  ${x.camera.name}  (${x.camera.status})`);
      ctx.result({ source: config ? 'video.json' : 'demo', near: near.map((x) => brief(x.camera, x.distanceM)) });
      return 0;
    }
    if (typeof values.search === 'string') {
      const found = cameras.filter((c) => matchesCamera(c, values.search as string));
      ctx.result({ source: config ? 'video.json' : 'demo', total: found.length, cameras: found.slice(0, n).map((c) => brief(c)) });
      return 0;
    }
    const byDepartment: Record<string, number> = {};
    for (const c of cameras) byDepartment[c.department] = (byDepartment[c.department] ?? 0) + 1;
    ctx.result({
      source: config ? 'video.json' : 'demo',
      total: cameras.length,
      online: cameras.filter((c) => c.status === 'online').length,
      byDepartment,
    });
    return 0;
  },
};
