import { haversineMetres } from '../geo/geometry';

/** Length of a path along the ground, metres. */
export function pathMetres(path: readonly (readonly [number, number])[]): number {
  let m = 0;
  for (let i = 1; i < path.length; i++) m += haversineMetres(path[i - 1] as [number, number], path[i] as [number, number]);
  return m;
}
