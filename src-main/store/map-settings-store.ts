import { DEFAULT_MAP_SETTINGS, MapSettingsSchema, type BasemapInput, type MapSettings, type MapSettingsView } from '@shared/map/basemap';
import type { Db } from './database';

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
