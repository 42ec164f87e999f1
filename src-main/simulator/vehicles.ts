import type { VehiclePosition } from '@shared/domain/vehicle';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { mulberry32, type Random } from '@shared/prng';

/**
 * The 203 GPS units on sanitation and landscaping vehicles (智慧城管), driving a street lattice
 * over the built-up area: along streets, turning at junctions (rarely back the way they came),
 * stopping now and then to sweep or water, at urban speeds. The split between sanitation and
 * landscaping is the simulator's assumption; the source gives only the total.
 */
export const VEHICLE_COUNT = 203;
export const SANITATION_COUNT = 158;

const bounds = LOUDI_GRIDS.reduce(
  (b, g) => ({
    west: Math.min(b.west, g.bbox.west),
    east: Math.max(b.east, g.bbox.east),
    south: Math.min(b.south, g.bbox.south),
    north: Math.max(b.north, g.bbox.north),
  }),
  { west: 180, east: -180, south: 90, north: -90 },
);
/** Streets every ~565 m: half a responsibility grid. */
const COLS = 14;
const ROWS = 12;
const node = (c: number, r: number): [number, number] => [
  bounds.west + ((bounds.east - bounds.west) * c) / COLS,
  bounds.south + ((bounds.north - bounds.south) * r) / ROWS,
];

interface Vehicle {
  id: string;
  name: string;
  kind: 'sanitation' | 'landscaping';
  from: [number, number];
  to: [number, number];
  /** 0..1 along the current street segment. */
  t: number;
  speedKmh: number;
  stopUntil: number;
  nextFixAt: number;
  last?: VehiclePosition;
}

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export class VehicleFleet {
  private readonly rnd: Random;
  private readonly vehicles: Vehicle[] = [];
  private clock: number;

  constructor(
    seed: number,
    now: number,
    private readonly fixEveryMs = 5000,
  ) {
    this.rnd = mulberry32(seed ^ 0x7f4a7c15);
    this.clock = now;
    for (let i = 0; i < VEHICLE_COUNT; i++) {
      const kind = i < SANITATION_COUNT ? 'sanitation' : 'landscaping';
      const c = Math.floor(this.rnd() * (COLS + 1));
      const r = Math.floor(this.rnd() * (ROWS + 1));
      const plate = `湘K·${PLATE_LETTERS[Math.floor(this.rnd() * PLATE_LETTERS.length)]}${String(1000 + Math.floor(this.rnd() * 9000))}`;
      const v: Vehicle = {
        id: `${kind === 'sanitation' ? 'HW' : 'YL'}-${String(i + 1).padStart(3, '0')}`,
        name: plate,
        kind,
        from: [c, r],
        to: [c, r],
        t: 1,
        speedKmh: 0,
        stopUntil: 0,
        nextFixAt: now + Math.floor((i / VEHICLE_COUNT) * fixEveryMs),
      };
      this.turn(v);
      this.vehicles.push(v);
    }
  }

  /** Moves every vehicle to `now`; returns the fixes due (each vehicle reports every few seconds). */
  advance(now: number): VehiclePosition[] {
    const dt = Math.max(0, now - this.clock);
    this.clock = now;
    const fixes: VehiclePosition[] = [];
    for (const v of this.vehicles) {
      this.move(v, dt, now);
      if (now >= v.nextFixAt) {
        v.nextFixAt += this.fixEveryMs * Math.max(1, Math.ceil((now - v.nextFixAt + 1) / this.fixEveryMs));
        v.last = this.fix(v, now);
        fixes.push(v.last);
      }
    }
    return fixes;
  }

  /** The latest fix of every vehicle. */
  latest(): VehiclePosition[] {
    return this.vehicles.map((v) => v.last ?? this.fix(v, this.clock));
  }

  private move(v: Vehicle, dt: number, now: number): void {
    let left = dt;
    while (left > 0) {
      if (now - left < v.stopUntil) {
        left = Math.max(0, now - v.stopUntil);
        continue;
      }
      const [a, b] = [node(...v.from), node(...v.to)];
      const km = Math.hypot((b[0] - a[0]) * 98.6, (b[1] - a[1]) * 110.6);
      const hours = left / 3600_000;
      const dist = v.speedKmh * hours;
      const remaining = (1 - v.t) * km;
      if (dist < remaining) {
        v.t += km > 0 ? dist / km : 1;
        return;
      }
      left -= v.speedKmh > 0 ? (remaining / v.speedKmh) * 3600_000 : left;
      v.t = 1;
      this.turn(v);
      // Sweepers and water carts stop at some junctions to work.
      if (this.rnd() < 0.15) v.stopUntil = now - left + (30 + this.rnd() * 150) * 1000;
    }
  }

  /** At a junction: pick the next street, rarely the one just driven. */
  private turn(v: Vehicle): void {
    const [c, r] = v.to;
    const options = ([[1, 0], [-1, 0], [0, 1], [0, -1]] as const)
      .map(([dc, dr]) => [c + dc, r + dr] as [number, number])
      .filter(([nc, nr]) => nc >= 0 && nc <= COLS && nr >= 0 && nr <= ROWS);
    const forward = options.filter(([nc, nr]) => nc !== v.from[0] || nr !== v.from[1]);
    const pool = forward.length && this.rnd() > 0.05 ? forward : options;
    v.from = [c, r];
    v.to = pool[Math.floor(this.rnd() * pool.length)]!;
    v.t = 0;
    v.speedKmh = v.kind === 'sanitation' ? 8 + this.rnd() * 17 : 15 + this.rnd() * 25;
  }

  private fix(v: Vehicle, at: number): VehiclePosition {
    const [a, b] = [node(...v.from), node(...v.to)];
    const lon = a[0] + (b[0] - a[0]) * v.t;
    const lat = a[1] + (b[1] - a[1]) * v.t;
    const heading = ((Math.atan2((b[0] - a[0]) * 98.6, (b[1] - a[1]) * 110.6) * 180) / Math.PI + 360) % 360;
    const moving = at >= v.stopUntil;
    return {
      id: v.id,
      name: v.name,
      kind: v.kind,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      heading: Math.round(heading * 10) / 10,
      speedKmh: moving ? Math.round(v.speedKmh * 10) / 10 : 0,
      at: Math.round(at),
    };
  }
}
