import type { Camera, CameraDepartment } from '@shared/domain/camera';
import { CAMERA_DEPARTMENTS } from '@shared/domain/camera';
import { LOUDI_GRIDS, assignGrid } from '@shared/geo/grids';
import { mulberry32, pick, weightedIndex } from '@shared/prng';

/**
 * The demo camera catalog: over 10,000 cameras across the departments the centre links, most of
 * them in and around the built-up area, with GB/T 28181-style 20-digit ids. Deterministic.
 * Stream URLs are filled in by the video service (the simulator's media server in the demo).
 */
const COUNTIES = [
  { name: '娄星区', center: [112.0019, 27.7299], spread: 0.06, weight: 5 },
  { name: '涟源市', center: [111.6643, 27.6926], spread: 0.12, weight: 2 },
  { name: '冷水江市', center: [111.435, 27.6863], spread: 0.08, weight: 1.5 },
  { name: '新化县', center: [111.3274, 27.7265], spread: 0.15, weight: 2 },
  { name: '双峰县', center: [112.1752, 27.4572], spread: 0.1, weight: 1.5 },
] as const;
const DEPT_WEIGHTS: Record<CameraDepartment, number> = {
  cm: 30, water: 10, fishery: 5, coal: 8, traffic: 25, police: 15, emergency: 4, drone: 1, vehicle: 2,
};
const DEPT_CODE: Record<CameraDepartment, string> = {
  cm: '131', water: '132', fishery: '133', coal: '134', traffic: '135', police: '136', emergency: '137', drone: '138', vehicle: '139',
};
const PLACES = ['路口', '广场', '桥头', '泵站', '河道', '码头', '矿井口', '学校门口', '菜市场', '公交站', '隧道口', '水库大坝'];
const ROADS = ['乐坪大道', '湘中大道', '长青街', '娄星路', '氐星路', '吉星路', '春园路', '涟滨路', '大科路', '花山路', '孙水河', '涟水河'];

export function demoCameraCatalog(count = 10_240, seed = 28181): Camera[] {
  const rnd = mulberry32(seed);
  const depts = CAMERA_DEPARTMENTS.map((d) => d.code);
  const weights = depts.map((d) => DEPT_WEIGHTS[d]);
  const cameras: Camera[] = [];
  for (let i = 0; i < count; i++) {
    const county = COUNTIES[weightedIndex(rnd, COUNTIES.map((c) => c.weight))]!;
    const department = depts[weightedIndex(rnd, weights)]!;
    let lon: number;
    let lat: number;
    if (county.name === '娄星区' && rnd() < 0.6) {
      const g = pick(rnd, LOUDI_GRIDS);
      lon = g.bbox.west + (g.bbox.east - g.bbox.west) * rnd();
      lat = g.bbox.south + (g.bbox.north - g.bbox.south) * rnd();
    } else {
      // Gaussian-ish spread around the county seat.
      const r = county.spread * Math.sqrt(-2 * Math.log(1 - rnd() * 0.999)) * 0.5;
      const a = rnd() * 2 * Math.PI;
      lon = county.center[0] + r * Math.cos(a);
      lat = county.center[1] + r * Math.sin(a) * 0.9;
    }
    lon = Math.round(lon * 1e6) / 1e6;
    lat = Math.round(lat * 1e6) / 1e6;
    const serial = String(i + 1).padStart(7, '0');
    const dept = CAMERA_DEPARTMENTS.find((d) => d.code === department)!;
    const road = pick(rnd, ROADS);
    const place = pick(rnd, PLACES);
    const s = rnd();
    cameras.push({
      id: `4313020${DEPT_CODE[department]}${serial}`.slice(0, 20).padEnd(20, '0'),
      name: `${dept.zh}-${road}${place}-${String((i % 97) + 1).padStart(2, '0')}`,
      department,
      region: county.name,
      gridId: assignGrid(lon, lat),
      lon,
      lat,
      address: `娄底市${county.name}${road}`,
      status: s < 0.93 ? 'online' : s < 0.98 ? 'offline' : 'fault',
      ptz: rnd() < 0.3,
      streams: { main: [], sub: [] },
    });
  }
  return cameras;
}
