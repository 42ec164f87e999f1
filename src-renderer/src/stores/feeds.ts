import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FeedStatus } from '@shared/contract';
import { api } from '../api/client';

/** Health of the backend feeds, pushed by the host. */
export const useFeedsStore = defineStore('feeds', () => {
  const feeds = ref<FeedStatus[]>([]);

  /** The worst state across feeds: what the header shows at a glance. */
  const overall = computed<FeedStatus['state'] | 'none'>(() => {
    if (feeds.value.length === 0) return 'none';
    const order: FeedStatus['state'][] = ['down', 'degraded', 'connecting', 'stopped', 'live'];
    return order.find((s) => feeds.value.some((f) => f.state === s)) ?? 'live';
  });

  async function load(): Promise<void> {
    api.on('feedsChanged', (f) => (feeds.value = f));
    feeds.value = await api.feedStatus();
  }

  return { feeds, overall, load };
});
