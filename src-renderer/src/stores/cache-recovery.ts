import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CacheRecovery } from '@shared/contract';
import { api } from '../api/client';

/**
 * The notice that the incident cache was found damaged at start and moved aside: shown on every
 * screen until an operator dismisses it (on one screen, for all).
 */
export const useCacheRecoveryStore = defineStore('cacheRecovery', () => {
  const notice = ref<CacheRecovery | null>(null);
  const dismissing = ref(false);

  async function load(): Promise<void> {
    api.on('cacheRecoveryChanged', (n) => (notice.value = n));
    notice.value = await api.cacheRecovery();
  }

  async function dismiss(): Promise<void> {
    dismissing.value = true;
    try {
      await api.dismissCacheRecovery();
      notice.value = null;
    } finally {
      dismissing.value = false;
    }
  }

  return { notice, dismissing, load, dismiss };
});
