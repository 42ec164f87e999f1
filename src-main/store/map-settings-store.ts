import { DEFAULT_MAP_SETTINGS, MapSettingsSchema, type BasemapInput, type MapSettings, type MapSettingsView } from '@shared/map/basemap';
import type { Db } from './database';

/** Basemap sources an operator configured; see MapSettingsStore.sources(). */
export interface BasemapSources {
  /** `scheme://host[:port]` origins. */
  origins: string[];
  /** Absolute folders a PMTiles archive may be in (besides the data directory). */
  folders: string[];
}

/**
 * Map settings (the basemap), kept as one JSON document under the `map` key of the settings table.
 * A stored value that no longer validates falls back to the offline basemap.
 */
export class MapSettingsStore {
  constructor(private readonly db: Db) {}

  get(): MapSettings {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'map'").get() as { value: string } | undefined;
    if (!row) return structuredClone(DEFAULT_MAP_SETTINGS);
    try {
      const parsed = MapSettingsSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : structuredClone(DEFAULT_MAP_SETTINGS);
    } catch {
      return structuredClone(DEFAULT_MAP_SETTINGS);
    }
  }

  /** What the renderer may read: the token blanked. */
  view(): MapSettingsView {
    const s = this.get();
    if (s.basemap.kind === 'tianditu') {
      return { basemap: { ...s.basemap, token: '' }, tokenSet: s.basemap.token !== '' };
    }
    return { ...s, tokenSet: false };
  }

  /**
   * The basemap sources the operator configured (the command line's `basemap`, never a session):
   * the origins the host may fetch tiles and styles from, and the folders PMTiles files may be in.
   */
  sources(): BasemapSources {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'map.sources'").get() as { value: string } | undefined;
    try {
      const v = JSON.parse(row?.value ?? '{}') as Partial<BasemapSources>;
      const strings = (a: unknown): string[] => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []);
      return { origins: strings(v.origins), folders: strings(v.folders) };
    } catch {
      return { origins: [], folders: [] };
    }
  }

  /** Adds operator-configured origins and folders. */
  allowSources(add: Partial<BasemapSources>): BasemapSources {
    const now = this.sources();
    const next = { origins: [...new Set([...now.origins, ...(add.origins ?? [])])], folders: [...new Set([...now.folders, ...(add.folders ?? [])])] };
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('map.sources', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(next));
    return next;
  }

  /** Sets the basemap. A Tianditu basemap given with an empty token keeps the stored one. */
  setBasemap(input: BasemapInput): MapSettings {
    const current = this.get();
    const next = MapSettingsSchema.parse({ basemap: input });
    if (next.basemap.kind === 'tianditu' && next.basemap.token === '' && current.basemap.kind === 'tianditu') {
      next.basemap.token = current.basemap.token;
    }
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('map', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(next));
    return next;
  }
}
