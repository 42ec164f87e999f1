import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { GridMeasure } from '@shared/map/situation';
import { DEFAULT_VISIBLE, type LayerGroup } from '../map/layer-groups';

/** Which map layer groups are on, and what the grid situation layer shows. */
export const useMapLayersStore = defineStore('mapLayers', () => {
  const visible = ref<Record<LayerGroup, boolean>>({ ...DEFAULT_VISIBLE });
  const gridMeasure = ref<GridMeasure>('count');

  function toggle(group: LayerGroup, on = !visible.value[group]): void {
    visible.value = { ...visible.value, [group]: on };
  }

  return { visible, gridMeasure, toggle };
});
