import type { Incident } from '@shared/domain/incident';
import type { IncidentPoint } from '@shared/map/points';
import type { OverlayStores } from './overlay';
import type { SituationMap } from './situation-map';

/**
 * The map benchmark's handle (`npm run bench -- map`), only in a bundle built with VITE_BENCH=1:
 * the shipped console has none of it.
 */
export function installBenchProbe(map: () => SituationMap | undefined, stores: OverlayStores, setWindowAll: () => void): void {
  const m = (): SituationMap => {
    const x = map();
    if (!x) throw new Error('no map');
    return x;
  };
  Object.defineProperty(window, '__ccMapBench', {
    configurable: true,
    value: Object.freeze({
      /** Points (newest first) → drawn and idle, ms, with the heatmap on. */
      benchLoad: async (rows: IncidentPoint[]) => {
        setWindowAll();
        stores.layers.toggle('heatmap', true);
        await new Promise((r) => setTimeout(r, 500));
        const t0 = performance.now();
        const drawn = m().whenDrawn();
        const before = m().uploads.full;
        stores.situation.points = rows;
        while (m().uploads.full === before) await new Promise((r) => requestAnimationFrame(r));
        const sent = performance.now() - t0;
        await drawn;
        return { sent, idle: performance.now() - t0 };
      },
      /** A batch of live changes → sent to the worker, and → drawn and idle, ms. */
      benchUpsert: async (changed: Incident[]) => {
        const before = m().uploads.diff + m().uploads.full;
        const t0 = performance.now();
        const drawn = m().whenDrawn();
        stores.situation.upsert(changed);
        while (m().uploads.diff + m().uploads.full === before) await new Promise((r) => requestAnimationFrame(r));
        const sent = performance.now() - t0;
        await drawn;
        return { sent, idle: performance.now() - t0, kind: m().uploads.diff > 0 ? 'diff' : 'full' };
      },
    }),
  });
}
