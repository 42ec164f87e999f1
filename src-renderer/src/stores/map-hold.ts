import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/**
 * Lets an action that is about to leave the situation view stop its map drawing at once: "open
 * nearby cameras" asks the host for the cameras and then switches to the video view, and on
 * CPU-drawn WebGL a map frame drawn meanwhile holds the window for 150–450 ms, so the answer would
 * wait behind a picture nobody is going to see. Held while the action runs and a turn after (the
 * view switch has hidden the map by then); if the action stays in the view, the map draws what
 * it missed.
 */
export const useMapHoldStore = defineStore('mapHold', () => {
  const holds = ref(0);
  const held = computed(() => holds.value > 0);

  async function during<T>(work: () => Promise<T>): Promise<T> {
    holds.value++;
    try {
      return await work();
    } finally {
      setTimeout(() => holds.value--, 0);
    }
  }

  return { held, during };
});
