import { haversineMetres, type Position } from '../geo/geometry';

/**
 * How dispatch ranks resources (vehicles, units) for a case: by straight-line distance today; an
 * offline road graph can be added later as another `RoutingProvider` giving travel times, and the
 * console says which basis a ranking used (a straight line is an assumption, not a route).
 */
export type RoutingBasis = 'straight-line' | 'road-graph';

/** A resource that could be sent: where it is and whether it is free. */
export interface DispatchCandidate {
  id: string;
  lon: number;
  lat: number;
  available: boolean;
}

/** One ranked resource. */
export interface RankedResource {
  id: string;
  /** Straight-line metres (straight-line basis) or route metres (road graph). */
  metres: number;
  /** Estimated travel time, seconds; null when the basis cannot estimate one (straight line). */
  etaSeconds: number | null;
}

export interface RoutingProvider {
  readonly basis: RoutingBasis;
  /** The `n` nearest available candidates to `to` (WGS-84), nearest first. */
  rank(to: Position, candidates: readonly DispatchCandidate[], n: number): RankedResource[];
}

/** Distance as the crow flies: no roads, no travel time. */
export const straightLineRouting: RoutingProvider = {
  basis: 'straight-line',
  rank(to, candidates, n) {
    return candidates
      .filter((c) => c.available)
      .map((c) => ({ id: c.id, metres: haversineMetres([c.lon, c.lat], to), etaSeconds: null }))
      .sort((a, b) => a.metres - b.metres || a.id.localeCompare(b.id))
      .slice(0, Math.max(0, n));
  },
};
