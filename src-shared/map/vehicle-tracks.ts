import type { VehiclePosition } from '../domain/vehicle';

/**
 * Live vehicle positions with short trails: the latest fix of each vehicle and its recent path.
 * Fixes arrive batched, possibly out of order or repeated; an older fix never moves a vehicle back.
 */
export class VehicleTracks {
  private readonly tracks = new Map<string, VehiclePosition[]>();

  constructor(
    /** How far back a trail reaches. */
    private readonly trailMs = 5 * 60_000,
    /** At most this many fixes per trail. */
    private readonly maxFixes = 30,
  ) {}

  /** Adds fixes; returns the ids of vehicles whose position changed. */
  add(fixes: readonly VehiclePosition[]): string[] {
    const changed = new Set<string>();
    for (const f of fixes) {
      const track = this.tracks.get(f.id) ?? [];
      const last = track[track.length - 1];
      if (last && f.at <= last.at) continue; // stale or repeated
      track.push(f);
      const horizon = f.at - this.trailMs;
      while (track.length > this.maxFixes || (track.length > 1 && track[0]!.at < horizon)) track.shift();
      this.tracks.set(f.id, track);
      changed.add(f.id);
    }
    return [...changed];
  }

  latest(id: string): VehiclePosition | undefined {
    const t = this.tracks.get(id);
    return t?.[t.length - 1];
  }

  /** Latest fix of every vehicle. */
  positions(): VehiclePosition[] {
    return [...this.tracks.values()].map((t) => t[t.length - 1]!);
  }

  /** Trails of vehicles that have moved (two fixes or more), oldest point first. */
  trails(): { id: string; kind: VehiclePosition['kind']; coordinates: [number, number][] }[] {
    const out: { id: string; kind: VehiclePosition['kind']; coordinates: [number, number][] }[] = [];
    for (const [id, t] of this.tracks) {
      if (t.length < 2) continue;
      out.push({ id, kind: t[t.length - 1]!.kind, coordinates: t.map((f) => [f.lon, f.lat]) });
    }
    return out;
  }

  get size(): number {
    return this.tracks.size;
  }
}
