import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import type { VideoState } from '@shared/contract';
import type { Camera } from '@shared/domain/camera';
import type { Incident } from '@shared/domain/incident';
import { fitTiles, layoutFor, placeCamera, swapTiles, tileCount, type LayoutKind, type VideoLayout } from '@shared/video/layouts';
import type { Panel } from '@shared/video/schemas';
import { DEFAULT_VIDEO_PREFS } from '@shared/video/prefs';
import { api } from '../api/client';
import { livePlayerCount } from '../video/players';
import { captureFrame } from '../video/snapshot';

/**
 * What a panel shows now: its layout, the cameras of all 16 tile positions (a smaller layout shows
 * the first ones and keeps the rest, so 16 → 1 → 16 brings the picture back), and which tile (if
 * any) is enlarged to fill the panel.
 */
export interface PanelModel {
  kind: LayoutKind;
  tiles: (string | null)[];
  enlarged: number | null;
}

/** All 16 positions. */
const full = (tiles: readonly (string | null)[]): (string | null)[] => fitTiles(tiles, '16');

const emptyState = (): VideoState => ({
  favourites: [],
  groups: [],
  layouts: [],
  panels: { console: null, wall: null },
  prefs: { ...DEFAULT_VIDEO_PREFS },
});

const DEFAULT_KIND: Record<Panel, LayoutKind> = { console: '4', wall: '9' };

const sameLayout = (a: VideoLayout | null, b: PanelModel): boolean =>
  !!a && a.kind === b.kind && a.tiles.length === b.tiles.length && a.tiles.every((t, i) => t === b.tiles[i]);

/**
 * The video views' state: the camera catalog, favourites, groups, named layouts, each panel's
 * tiles (the console's video view and the video wall), tours, the decode cap, and the incident
 * the cameras were opened for (snapshots attach to it).
 */
export const useVideoStore = defineStore('video', () => {
  const cameras = shallowRef<Camera[]>([]);
  const byId = computed(() => new Map(cameras.value.map((c) => [c.id, c] as const)));
  const state = ref<VideoState>(emptyState());
  const loaded = ref(false);
  const panels = reactive<Record<Panel, PanelModel>>({
    console: { kind: DEFAULT_KIND.console, tiles: full([]), enlarged: null },
    wall: { kind: DEFAULT_KIND.wall, tiles: full([]), enlarged: null },
  });
  const windowVisible = ref(document.visibilityState === 'visible');
  const contextIncident = ref<Pick<Incident, 'id' | 'title'> | null>(null);
  const tours = reactive<Record<Panel, { groupId: number; page: number } | null>>({ console: null, wall: null });
  const tourTimers: Partial<Record<Panel, ReturnType<typeof setInterval>>> = {};
  const favourites = computed(() => new Set(state.value.favourites));
  const playerCount = livePlayerCount;
  /**
   * Decoders a conference in this window holds (its remote videos and field-camera tiles): they
   * count against the same cap, so the video panels get what is left.
   */
  const conferenceDecoders = ref(0);
  const panelCap = computed(() => Math.max(0, state.value.prefs.maxPlayers - conferenceDecoders.value));
  let loading: Promise<void> | undefined;

  const persistTimers: Partial<Record<Panel, ReturnType<typeof setTimeout>>> = {};
  /** Layout writes of this window the host has not answered yet, per panel. */
  const sending: Record<Panel, number> = { console: 0, wall: 0 };

  document.addEventListener('visibilitychange', () => (windowVisible.value = document.visibilityState === 'visible'));

  function applyState(s: VideoState): void {
    state.value = s;
    for (const p of ['console', 'wall'] as const) {
      const incoming = s.panels[p];
      // Another window (or the console sending to the wall) changed this panel: follow it. Not while
      // this window has a change of its own waiting or on its way: that change is newer, and the
      // incoming layout may be the echo of an earlier one of ours (following it would undo a click).
      if (persistTimers[p] !== undefined || sending[p] > 0) continue;
      if (incoming && !sameLayout(incoming, panels[p])) {
        panels[p].kind = incoming.kind;
        panels[p].tiles = full(incoming.tiles);
        panels[p].enlarged = null;
      }
    }
  }

  function load(): Promise<void> {
    loading ??= (async () => {
      api.on('videoChanged', applyState);
      const [cams, s] = await Promise.all([api.listCameras(), api.getVideoState()]);
      cameras.value = cams;
      applyState(s);
      loaded.value = true;
      for (const p of ['console', 'wall'] as const) {
        watch(
          () => [panels[p].kind, ...panels[p].tiles],
          () => schedulePersist(p),
        );
      }
    })();
    return loading;
  }


  /** Panels whose layout the host has confirmed stored (a reload shows them as they are). */
  const saved = reactive<Record<Panel, boolean>>({ console: true, wall: true });
  function schedulePersist(p: Panel): void {
    clearTimeout(persistTimers[p]);
    saved[p] = sameLayout(state.value.panels[p], panels[p]);
    persistTimers[p] = setTimeout(() => persist(p), 300);
  }
  function persist(p: Panel): void {
    clearTimeout(persistTimers[p]);
    persistTimers[p] = undefined;
    const layout = { kind: panels[p].kind, tiles: [...panels[p].tiles] };
    if (sameLayout(state.value.panels[p], panels[p])) {
      saved[p] = true;
      return;
    }
    state.value = { ...state.value, panels: { ...state.value.panels, [p]: layout } };
    sending[p]++;
    api
      .setPanelLayout({ panel: p, layout })
      .then((confirmed) => {
        sending[p]--;
        // The host's answer is its state after this write: take it (another window's later change too).
        applyState(confirmed);
        saved[p] = sameLayout(layout, panels[p]);
      })
      .catch((err: unknown) => {
        sending[p]--;
        console.error('video layout', err);
      });
  }
  // A window closed or reloaded within the pause still keeps its last picture.
  window.addEventListener('pagehide', () => {
    for (const p of ['console', 'wall'] as const) if (persistTimers[p] !== undefined) persist(p);
  });

  function setKind(p: Panel, kind: LayoutKind): void {
    panels[p].kind = kind;
    panels[p].enlarged = null;
  }

  /** The cameras of the tiles on screen. */
  function shownCameras(p: Panel): string[] {
    return panels[p].tiles.slice(0, tileCount(panels[p].kind)).filter((x): x is string => !!x);
  }

  function place(p: Panel, index: number, cameraId: string): void {
    panels[p].tiles = placeCamera(panels[p].tiles, index, cameraId);
  }

  function swap(p: Panel, a: number, b: number): void {
    panels[p].tiles = swapTiles(panels[p].tiles, a, b);
    const e = panels[p].enlarged;
    if (e === a) panels[p].enlarged = b;
    else if (e === b) panels[p].enlarged = a;
  }

  function clearTile(p: Panel, index: number): void {
    const next = [...panels[p].tiles];
    next[index] = null;
    panels[p].tiles = next;
    if (panels[p].enlarged === index) panels[p].enlarged = null;
  }

  function clearAll(p: Panel): void {
    stopTour(p);
    panels[p].tiles = full([]);
    panels[p].enlarged = null;
    // The console's incident banner names what its tiles were opened for: empty tiles, no banner.
    if (p === 'console') contextIncident.value = null;
  }

  function toggleEnlarge(p: Panel, index: number): void {
    panels[p].enlarged = panels[p].enlarged === index ? null : index;
  }

  /** Puts a camera in the first empty tile (or the last one when all are taken). */
  function addToNextFree(p: Panel, cameraId: string): void {
    const shown = panels[p].tiles.slice(0, tileCount(panels[p].kind));
    if (shown.includes(cameraId)) return;
    const free = shown.indexOf(null);
    place(p, free >= 0 ? free : shown.length - 1, cameraId);
  }

  /** Fills a panel's tiles with these cameras, in the given layout or the panel's current one. */
  function openCameras(p: Panel, ids: readonly string[], kind?: LayoutKind): void {
    const k = kind ?? panels[p].kind;
    panels[p].kind = k;
    panels[p].tiles = full(ids.slice(0, tileCount(k)));
    panels[p].enlarged = null;
  }

  /** Online cameras among ids, for "open all" on a department or region. */
  function playable(ids: readonly string[]): string[] {
    return ids.filter((id) => byId.value.get(id)?.status === 'online');
  }

  /** The cameras nearest an incident, in the console's video view; returns how many were found. */
  async function openNearby(incident: Pick<Incident, 'id' | 'title' | 'lon' | 'lat'>, n = 9): Promise<number> {
    await load();
    const near = await api.nearestCameras({ lon: incident.lon, lat: incident.lat, n, maxKm: 5, onlineOnly: true });
    contextIncident.value = { id: incident.id, title: incident.title };
    stopTour('console');
    if (near.length > 0) openCameras('console', near.map((x) => x.camera.id), layoutFor(near.length));
    return near.length;
  }

  async function toggleFavourite(cameraId: string): Promise<void> {
    applyState(await api.setFavourite({ cameraId, favourite: !favourites.value.has(cameraId) }));
  }

  async function saveGroup(name: string, cameraIds: string[], id?: number): Promise<void> {
    applyState(await api.saveCameraGroup({ id, name, cameraIds }));
  }

  async function addToGroup(groupId: number, cameraId: string): Promise<void> {
    const g = state.value.groups.find((x) => x.id === groupId);
    if (!g || g.cameraIds.includes(cameraId)) return;
    await saveGroup(g.name, [...g.cameraIds, cameraId], g.id);
  }

  async function deleteGroup(id: number): Promise<void> {
    applyState(await api.deleteCameraGroup({ id }));
  }

  async function saveLayout(p: Panel, name: string): Promise<void> {
    applyState(await api.saveVideoLayout({ name, layout: { kind: panels[p].kind, tiles: [...panels[p].tiles] } }));
  }

  function restoreLayout(p: Panel, name: string): void {
    const l = state.value.layouts.find((x) => x.name === name);
    if (!l) return;
    stopTour(p);
    panels[p].kind = l.layout.kind;
    panels[p].tiles = full(l.layout.tiles);
    panels[p].enlarged = null;
  }

  async function deleteLayout(name: string): Promise<void> {
    applyState(await api.deleteVideoLayout({ name }));
  }

  /** Sends what a panel shows to the other panel (e.g. the console's picture to the wall). */
  function sendTo(from: Panel, to: Panel): void {
    panels[to].kind = panels[from].kind;
    panels[to].tiles = [...panels[from].tiles];
    panels[to].enlarged = null;
  }

  async function setPrefs(patch: Partial<VideoState['prefs']>): Promise<void> {
    applyState(await api.setVideoPrefs(patch));
  }

  function showTourPage(p: Panel): void {
    const t = tours[p];
    const g = t && state.value.groups.find((x) => x.id === t.groupId);
    if (!t || !g || g.cameraIds.length === 0) return stopTour(p);
    const size = tileCount(panels[p].kind);
    const pages = Math.max(1, Math.ceil(g.cameraIds.length / size));
    const page = t.page % pages;
    panels[p].tiles = full(g.cameraIds.slice(page * size, page * size + size));
    panels[p].enlarged = null;
  }

  /** Rotates a group through the panel, one page of tiles every `tourSeconds`. */
  function startTour(p: Panel, groupId: number): void {
    stopTour(p);
    tours[p] = { groupId, page: 0 };
    showTourPage(p);
    tourTimers[p] = setInterval(() => {
      const t = tours[p];
      if (!t) return;
      t.page++;
      showTourPage(p);
    }, state.value.prefs.tourSeconds * 1000);
  }

  function stopTour(p: Panel): void {
    clearInterval(tourTimers[p]);
    tourTimers[p] = undefined;
    tours[p] = null;
  }

  /** Attaches a still of a tile to the incident the cameras were opened for. */
  async function attachSnapshot(cameraId: string, element: HTMLVideoElement | HTMLImageElement): Promise<void> {
    const incident = contextIncident.value;
    if (!incident) throw new Error('no incident');
    const frame = await captureFrame(element);
    await api.attachSnapshot({ incidentId: incident.id, cameraId, ...frame });
  }

  /** Asks the host for the wall window; false when there is none to open (the browser console). */
  async function openWallWindow(): Promise<boolean> {
    const { opened } = await api.openVideoWall();
    return opened;
  }

  return {
    cameras,
    byId,
    state,
    loaded,
    panels,
    saved,
    windowVisible,
    contextIncident,
    tours,
    favourites,
    playerCount,
    conferenceDecoders,
    panelCap,
    load,
    setKind,
    shownCameras,
    place,
    swap,
    clearTile,
    clearAll,
    toggleEnlarge,
    addToNextFree,
    openCameras,
    playable,
    openNearby,
    toggleFavourite,
    saveGroup,
    addToGroup,
    deleteGroup,
    saveLayout,
    restoreLayout,
    deleteLayout,
    sendTo,
    setPrefs,
    startTour,
    stopTour,
    attachSnapshot,
    openWallWindow,
  };
});
