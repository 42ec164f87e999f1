import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FeedStatus } from '@shared/contract';
import type { QuarantineEntry } from '@shared/domain/alert';
import { api } from '../api/client';

/** Health of the backend feeds, pushed by the host; the quarantine on demand. */
export const useFeedsStore = defineStore('feeds', () => {
  const feeds = ref<FeedStatus[]>([]);
  const quarantine = ref<QuarantineEntry[]>([]);
  const quarantineTotal = ref(0);
  const reconnecting = ref(new Set<string>());

  /** The worst state across feeds: what the header shows at a glance. */
  const overall = computed<FeedStatus['state'] | 'none'>(() => {
    if (feeds.value.length === 0) return 'none';
    const order: FeedStatus['state'][] = ['down', 'degraded', 'connecting', 'stopped', 'live'];
    return order.find((s) => feeds.value.some((f) => f.state === s)) ?? 'live';
  });

  /** Totals over every feed. */
  const totals = computed(() =>
    feeds.value.reduce(
      (t, f) => ({ received: t.received + f.received, accepted: t.accepted + f.accepted, rejected: t.rejected + f.rejected, duplicates: t.duplicates + f.duplicates }),
      { received: 0, accepted: 0, rejected: 0, duplicates: 0 },
    ),
  );

  let lastRejected = -1;
  function onFeeds(f: FeedStatus[]): void {
    feeds.value = f;
    // New refusals: refresh the quarantine list if someone is looking at it.
    const rejected = f.reduce((n, x) => n + x.rejected, 0);
    if (watchingQuarantine && rejected !== lastRejected) void loadQuarantine();
    lastRejected = rejected;
  }

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    unsubscribe ??= api.on('feedsChanged', onFeeds);
    feeds.value = await api.feedStatus();
  }

  let watchingQuarantine = false;
  /** Loads the newest refused messages (and keeps them fresh while `watch` is true). */
  async function loadQuarantine(watch?: boolean): Promise<void> {
    if (watch !== undefined) watchingQuarantine = watch;
    const page = await api.listQuarantine({ limit: 200 });
    quarantine.value = page.items;
    quarantineTotal.value = page.total;
  }

  /** The operator's reconnect: drop the link now and connect again. */
  async function reconnect(id: string): Promise<void> {
    reconnecting.value = new Set([...reconnecting.value, id]);
    try {
      await api.reconnectFeed({ id });
      feeds.value = await api.feedStatus();
    } finally {
      const next = new Set(reconnecting.value);
      next.delete(id);
      reconnecting.value = next;
    }
  }

  return { feeds, overall, totals, quarantine, quarantineTotal, reconnecting, load, loadQuarantine, reconnect };
});
