import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { Incident } from '@shared/domain/incident';
import { decodePoints, mergeChanges, newestFirst, pointFromIncident, type IncidentPoint } from '@shared/map/points';
import { countSituation, gridMeasureValues, matchesAt, statusAt, WINDOW_PRESETS } from '@shared/map/situation';
import { api } from '../api/client';
import { useSituationFilterStore } from './situation-filter';
import { useMapLayersStore } from './map-layers';
import { useIncidentsStore } from './incidents';
import { useMapResourcesStore } from './map-resources';

/** Replay speeds: from real time to an hour per second (a day in 24 seconds). */
export const REPLAY_SPEEDS = [1, 10, 60, 360, 1440, 3600] as const;
const TICK_MS = 100;
const LIVE_TICK_MS = 15_000;


/**
 * The situation picture: incident points of the loaded window, one clock (now, or the replay
 * time), and everything derived from them with the shared situation functions — the visible
 * incidents, the counters and the per-grid figures. The map, the list and the counters read these,
 * so they follow the same clock and the same filter.
 */
export const useSituationStore = defineStore('situation', () => {
  const filterStore = useSituationFilterStore();
  const layers = useMapLayersStore();

  /** Loaded points, newest first. */
  const points = shallowRef<IncidentPoint[]>([]);
  const loading = ref(false);
  const truncated = ref(false);
  const cacheRange = ref<{ first: number; last: number } | null>(null);

  const mode = ref<'live' | 'replay'>('live');
  const now = ref(Date.now());
  const replay = ref({ from: 0, to: 0, t: 0, speed: 1440 as number, playing: false });

  const clock = computed(() => (mode.value === 'live' ? now.value : replay.value.t));
  const window = computed(() => filterStore.windowAt(clock.value));

  /** The incidents of the situation at the clock, newest first. */
  const visible = computed(() => {
    const f = filterStore.filter;
    const w = window.value;
    const t = clock.value;
    return points.value.filter((p) => matchesAt(p, f, w, t));
  });
  const counters = computed(() => countSituation(visible.value, clock.value));
  const gridValues = computed(() => gridMeasureValues(counters.value.byGrid, layers.gridMeasure));

  function statusOf(p: IncidentPoint): IncidentPoint['status'] {
    return statusAt(p, clock.value);
  }

  /** The report-time range to load for the current window and mode. */
  function neededRange(): { from?: number; to?: number } {
    const w = filterStore.window;
    if (mode.value === 'replay') {
      const back = w === 'all' || w === 'custom' ? 0 : WINDOW_PRESETS[w];
      return { from: Math.max(0, replay.value.from - back), to: replay.value.to + 1 };
    }
    if (w === 'all') return {};
    if (w === 'custom') return { from: filterStore.custom[0], to: filterStore.custom[1] };
    return { from: Date.now() - WINDOW_PRESETS[w] };
  }

  let loadSeq = 0;
  async function load(): Promise<void> {
    const seq = ++loadSeq;
    loading.value = true;
    try {
      const cols = await api.incidentPoints({ ...neededRange(), limit: 250_000 });
      if (seq !== loadSeq) return;
      points.value = decodePoints(cols).sort(newestFirst);
      truncated.value = cols.truncated;
      cacheRange.value = cols.cacheFirst !== null && cols.cacheLast !== null ? { first: cols.cacheFirst, last: cols.cacheLast } : null;
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  /** Live changes from the host: inserted or replaced in place. */
  function upsert(changed: readonly Incident[]): void {
    if (!changed.length) return;
    points.value = mergeChanges(points.value, changed.map(pointFromIncident));
    const last = Math.max(...changed.map((i) => i.reportedAt));
    if (cacheRange.value) cacheRange.value = { first: Math.min(cacheRange.value.first, ...changed.map((i) => i.reportedAt)), last: Math.max(cacheRange.value.last, last) };
    else cacheRange.value = { first: Math.min(...changed.map((i) => i.reportedAt)), last };
    if (mode.value === 'live') now.value = Date.now();
  }

  let stopLive: (() => void) | undefined;

  /**
   * What the situation view calls on every visit: the live wiring (incident deltas, vehicles,
   * alert areas, the live clock) is made once per store, however often the view is opened, and
   * the loaded window is refreshed.
   */
  function connect(): Promise<void> {
    if (!stopLive) {
      stopLive = useIncidentsStore().onDelta((changed) => upsert(changed));
      startLiveClock();
      useMapResourcesStore().subscribe();
    }
    return load();
  }

  let liveTimer: ReturnType<typeof setInterval> | undefined;
  let replayTimer: ReturnType<typeof setInterval> | undefined;

  function startLiveClock(): void {
    clearInterval(liveTimer);
    liveTimer = setInterval(() => {
      if (mode.value === 'live') now.value = Date.now();
    }, LIVE_TICK_MS);
  }

  /** Enter replay over [from, to] (default: the whole cache), paused at the start. */
  async function startReplay(from?: number, to?: number): Promise<void> {
    const range = cacheRange.value ?? { first: Date.now() - 86_400_000, last: Date.now() };
    const f = from ?? range.first;
    const t = Math.max(to ?? range.last, f + 60_000);
    pause();
    mode.value = 'replay';
    replay.value = { ...replay.value, from: f, to: t, t: f, playing: false };
    await load();
  }

  async function stopReplay(): Promise<void> {
    pause();
    mode.value = 'live';
    now.value = Date.now();
    await load();
  }

  function play(): void {
    if (mode.value !== 'replay') return;
    if (replay.value.t >= replay.value.to) replay.value.t = replay.value.from;
    replay.value.playing = true;
    clearInterval(replayTimer);
    let last = performance.now();
    replayTimer = setInterval(() => {
      const n = performance.now();
      seek(replay.value.t + (n - last) * replay.value.speed);
      last = n;
      if (replay.value.t >= replay.value.to) pause();
    }, TICK_MS);
  }

  function pause(): void {
    clearInterval(replayTimer);
    replayTimer = undefined;
    replay.value.playing = false;
  }

  function seek(t: number): void {
    replay.value.t = Math.min(replay.value.to, Math.max(replay.value.from, Math.round(t)));
  }

  /** One step: a hundredth of the replay range, at least a minute. */
  function step(direction: 1 | -1): void {
    const size = Math.max(60_000, Math.round((replay.value.to - replay.value.from) / 100));
    seek(replay.value.t + direction * size);
  }

  function setSpeed(speed: number): void {
    replay.value.speed = speed;
  }

  watch(
    () => [filterStore.window, filterStore.custom] as const,
    () => void load(),
  );

  return {
    points,
    loading,
    truncated,
    cacheRange,
    mode,
    replay,
    clock,
    window,
    visible,
    counters,
    gridValues,
    statusOf,
    load,
    connect,
    upsert,
    startLiveClock,
    startReplay,
    stopReplay,
    play,
    pause,
    seek,
    step,
    setSpeed,
  };
});
