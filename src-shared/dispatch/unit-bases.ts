import { LOUDI_GRIDS } from '../geo/grids';
import { RESPONSIBLE_UNITS } from '../domain/units';

/**
 * Where each responsible unit (责任单位) sends its crews from, for ranking units at dispatch.
 * The city's real station addresses are not in the console's data, so — like the grids — this is a
 * deterministic stand-in: each unit is based at the centre of one grid, spread over the city. A
 * real list replaces this table without changing any caller.
 */
const BASE_GRID_INDEX: Readonly<Record<(typeof RESPONSIBLE_UNITS)[number], number>> = {
  娄星区城管局: 18,
  娄星区综治中心: 20,
  乐坪街道办: 9,
  花山街道办: 26,
  大科街道办: 31,
  长青街道办: 4,
  市水利局: 13,
  市应急管理局: 17,
  市消防救援支队: 23,
  市公安局娄星分局: 11,
  市自然资源和规划局: 29,
  市住房和城乡建设局: 35,
};

export interface UnitBase {
  /** The unit's name, as the case's `unit` records it. */
  id: string;
  lon: number;
  lat: number;
}

export const UNIT_BASES: readonly UnitBase[] = RESPONSIBLE_UNITS.map((id) => {
  const g = LOUDI_GRIDS.find((x) => x.index === BASE_GRID_INDEX[id]) ?? LOUDI_GRIDS[0]!;
  return { id, lon: g.center[0], lat: g.center[1] };
});
