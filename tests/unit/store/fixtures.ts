import type { Incident } from '@shared/domain/incident';

export const T0 = Date.parse('2026-07-01T00:00:00+08:00');

/** A test incident reported `n` minutes after T0. */
export function incident(n: number, patch: Partial<Incident> = {}): Incident {
  return {
    id: `test:${n}`,
    source: 'test',
    sourceId: String(n),
    category: 'gg.epidemic',
    severity: 'blue',
    status: 'reported',
    title: `事件 ${n}`,
    description: '网格员上报：乐坪大道附近井盖缺失',
    lon: 112.0,
    lat: 27.73,
    original: { lon: 112.0, lat: 27.73, datum: 'WGS84' },
    gridId: '431302-20',
    address: '娄底市娄星区乐坪大道1号',
    reportedAt: T0 + n * 60_000,
    updatedAt: T0 + n * 60_000,
    unit: null,
    ...patch,
  };
}
