import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BasemapInput, MapSettingsView, PmtilesInfo } from '@shared/map/basemap';
import { DEFAULT_MAP_SETTINGS } from '@shared/map/basemap-defaults';
import { api } from '../api/client';
import type { BasemapHost } from '../map/basemap';

/** The basemap setting, kept by the host and followed across windows. */
export const useBasemapStore = defineStore('basemap', () => {
  const settings = ref<MapSettingsView>({ ...DEFAULT_MAP_SETTINGS, tokenSet: false });
  const error = ref<string>();
  let subscribed = false;

  async function load(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      api.on('mapSettingsChanged', (s) => (settings.value = s));
    }
    settings.value = await api.getMapSettings();
  }

  async function choose(b: BasemapInput): Promise<boolean> {
    error.value = undefined;
    try {
      settings.value = await api.setBasemap(b);
      return true;
    } catch (err) {
      error.value = (err as Error).message;
      return false;
    }
  }

  /** How the map's tile and resource protocols reach the host (the renderer fetches nothing itself). */
  const host: BasemapHost = {
    tile: (req) => api.basemapTile(req),
    resource: (url) => api.basemapResource({ url }),
  };
  const pmtilesInfo = (): Promise<PmtilesInfo> => api.pmtilesInfo();

  return { settings, error, load, choose, host, pmtilesInfo };
});
