import { BasemapSchema } from '@shared/map/basemap';
import { decodePoints } from '@shared/map/points';
import { ANY_FILTER, countSituation, situationAt } from '@shared/map/situation';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { openCache } from '../open-cache';
import { MapQueries } from '../../store/map-queries';
import { MapSettingsStore } from '../../store/map-settings-store';
import { basemapOrigin } from '../../map/basemap-service';
import { FileSecretStore, IN_SECRET_STORE, TIANDITU_TOKEN_SECRET } from '../../services/secret-store';
import { dirname, isAbsolute } from 'node:path';
import { CliUsageError, type CliCommand } from '../command';

/**
 * `basemap`: show or choose the situation map's basemap (the same setting as the map's basemap
 * dialog). Without --kind it prints the current one (any token blanked).
 */
export const basemapCommand: CliCommand = {
  name: 'basemap',
  summary: 'show or choose the situation map basemap (offline, xyz, tianditu, style, pmtiles)',
  usage: 'basemap [--kind offline|xyz|tianditu|style|pmtiles] [--url URL] [--path FILE] [--layer vec|img|ter] [--token KEY] [--datum WGS84|GCJ02] [--allow-origin URL]... [--allow-folder DIR]... [--data-dir DIR] [--json]',
  options: {
    kind: { type: 'string' },
    url: { type: 'string' },
    path: { type: 'string' },
    layer: { type: 'string' },
    token: { type: 'string' },
    datum: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    'allow-folder': { type: 'string', multiple: true },
  },
  async run(ctx, values) {
    // The operator's own command: what it sets becomes a configured source (sessions can only choose among them).
    const origins = ((values['allow-origin'] as string[] | undefined) ?? []).map((u) => {
      const o = basemapOrigin(u);
      if (!o) throw new CliUsageError(`--allow-origin: ${u} is not an http(s) origin`);
      return o;
    });
    const folders = ((values['allow-folder'] as string[] | undefined) ?? []).map((f) => {
      if (!isAbsolute(f)) throw new CliUsageError('--allow-folder needs an absolute path');
      return f;
    });
    const db = openCache(ctx);
    try {
      const store = new MapSettingsStore(db);
      if (origins.length || folders.length) store.allowSources({ origins, folders });
      if (values.kind !== undefined) {
        const input = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && ['kind', 'url', 'path', 'layer', 'token', 'datum'].includes(k)));
        const parsed = BasemapSchema.safeParse(input);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new CliUsageError(`${issue?.path.join('.') || 'basemap'}: ${issue?.message ?? 'invalid'}`);
        }
        const b = parsed.data;
        if (b.kind === 'xyz' || b.kind === 'style') store.allowSources({ origins: [basemapOrigin(b.url)!] });
        if (b.kind === 'pmtiles') {
          if (!isAbsolute(b.path)) throw new CliUsageError('--path needs an absolute path');
          store.allowSources({ folders: [dirname(b.path)] });
        }
        if (b.kind === 'tianditu' && b.token !== '') {
          // The key goes to the owner-only secret store, not into the database.
          await new FileSecretStore(ctx.dataDir, ctx.say).set(TIANDITU_TOKEN_SECRET, b.token);
          store.setBasemap({ ...b, token: IN_SECRET_STORE });
        } else store.setBasemap(b);
        ctx.say(`basemap set to ${b.kind}`);
      }
      const sources = store.sources();
      ctx.say(`basemap origins the console may fetch: ${sources.origins.join(', ') || '(none)'}; PMTiles folders: ${['the data directory', ...sources.folders].join(', ')}`);
      ctx.result(store.view());
      return 0;
    } finally {
      db.close();
    }
  },
};

/**
 * `grid-situation`: per-grid counts, open and overdue cases and closure rate over the last hours,
 * computed by the same functions as the map's grid situation layer.
 */
export const gridSituationCommand: CliCommand = {
  name: 'grid-situation',
  summary: 'per-grid incident counts, overdue cases and closure rate (as the map shows them)',
  usage: 'grid-situation [--hours N] [--data-dir DIR] [--json]',
  options: { hours: { type: 'string' } },
  run(ctx, values) {
    const hours = values.hours === undefined ? 24 : Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0) throw new CliUsageError('--hours must be a positive number');
    const db = openCache(ctx);
    try {
      const now = Date.now();
      const window = { from: now - hours * 3600_000, to: now + 1 };
      const points = decodePoints(new MapQueries(db).incidentPoints({ from: window.from, limit: 500_000 }));
      const c = countSituation(situationAt(points, ANY_FILTER, window, now), now);
      const grids = LOUDI_GRIDS.map((g) => ({ grid: g.id, name: g.zh, ...(c.byGrid.get(g.id) ?? { count: 0, open: 0, overdue: 0, closed: 0, closureRate: null }) }));
      if (!ctx.json) {
        for (const g of grids) {
          const rate = g.closureRate === null ? '—' : `${(g.closureRate * 100).toFixed(1)}%`;
          ctx.say(`${g.grid}  ${g.name}  ${String(g.count).padStart(5)}  open ${String(g.open).padStart(4)}  overdue ${String(g.overdue).padStart(4)}  closed ${rate}`);
        }
      }
      ctx.result({ hours, total: c.total, open: c.open, overdue: c.overdue, bySeverity: c.bySeverity, grids });
      return 0;
    } finally {
      db.close();
    }
  },
};
