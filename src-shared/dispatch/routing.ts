import { z } from 'zod';
import { haversineMetres, type Position } from '../geo/geometry';
import { NearestIndex } from '../map/nearest';

/**
 * How dispatch ranks resources (vehicles, units) for a case. Candidates come from a spatial index
 * (kdbush/geokdbush through `NearestIndex`), never a scan of every resource: the index yields the
 * nearest few by great-circle distance, and a `TravelEstimator` turns each into metres and seconds.
 * Today the estimator is a straight line × a detour factor at an urban speed; an offline road
 * graph is another estimator (`basis: 'road-graph'`) plugged in without changing any caller. The
 * console always shows which basis and which assumption a ranking used.
 */
export const RoutingBasisSchema = z.enum(['straight-line', 'road-graph']);
export type RoutingBasis = z.infer<typeof RoutingBasisSchema>;

/** What a straight-line estimate assumes (shown on screen beside the ranking). */
export const StraightLineAssumptionSchema = z.object({
  /** Road distance ÷ straight-line distance (urban networks: 1.3–1.5). */
  detourFactor: z.number().min(1).max(3),
  /** Average urban speed, km/h. */
  speedKmh: z.number().positive().max(120),
});
export type StraightLineAssumption = z.infer<typeof StraightLineAssumptionSchema>;

/** The defaults: 1.4 is the usual detour index of a grid-like city; 25 km/h a city-centre average. */
export const DEFAULT_STRAIGHT_LINE: StraightLineAssumption = { detourFactor: 1.4, speedKmh: 25 };

/** One leg's estimate. */
export interface TravelEstimate {
  /** Straight-line metres (great circle). */
  metres: number;
  /** Estimated road metres (straight line × detour, or the route's length). */
  roadMetres: number;
  /** Estimated travel time, seconds. */
  seconds: number;
}

/** Estimates the travel from a resource to a case. A road graph implements this too. */
export interface TravelEstimator {
  readonly basis: RoutingBasis;
  /** What the estimate assumes, for the screen (null for a road graph: its routes are the basis). */
  readonly assumption: StraightLineAssumption | null;
  estimate(from: Position, to: Position): TravelEstimate;
}

/** Straight line × detour factor at an urban speed. */
export function straightLineEstimator(a: StraightLineAssumption = DEFAULT_STRAIGHT_LINE): TravelEstimator {
  const metresPerSecond = (a.speedKmh * 1000) / 3600;
  return {
    basis: 'straight-line',
    assumption: a,
    estimate(from, to) {
      const metres = haversineMetres(from, to);
      const roadMetres = metres * a.detourFactor;
      return { metres: Math.round(metres), roadMetres: Math.round(roadMetres), seconds: Math.round(roadMetres / metresPerSecond) };
    },
  };
}

/** A resource that could be sent: where it is and whether it is free. */
export interface DispatchCandidate {
  id: string;
  lon: number;
  lat: number;
  available: boolean;
}

/** One ranked resource. */
export interface RankedResource<T extends DispatchCandidate = DispatchCandidate> extends TravelEstimate {
  id: string;
  item: T;
}

/**
 * Resources indexed once per set of positions, ranked for a case by estimated travel time. The
 * index narrows the field to the nearest `n × oversample` available candidates within `maxKm`;
 * the estimator orders those (a road graph may reorder what the straight line put first, which is
 * why a few more than `n` are estimated).
 */
export class ResourceRanker<T extends DispatchCandidate> {
  private readonly index: NearestIndex<T>;

  constructor(
    items: readonly T[],
    readonly estimator: TravelEstimator = straightLineEstimator(),
  ) {
    this.index = new NearestIndex(items);
  }

  rank(to: Position, n: number, opts: { oversample?: number; maxKm?: number } = {}): RankedResource<T>[] {
    if (n <= 0) return [];
    const near = this.index.nearest(to[0], to[1], n * (opts.oversample ?? 3), (c) => c.available, opts.maxKm ?? 50);
    return near
      .map(({ item }) => ({ id: item.id, item, ...this.estimator.estimate([item.lon, item.lat], to) }))
      .sort((a, b) => a.seconds - b.seconds || a.metres - b.metres || a.id.localeCompare(b.id))
      .slice(0, n);
  }
}
