import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef, watch } from 'vue';
import type { ConferenceGrant, ConferenceState, ParticipantDisplay } from '@shared/conference';
import { api } from '../api/client';
import { blobToBase64, CompositeRecorder } from '../conference/recorder';
import { ConferenceRoom, HIGH_SUBSTREAM, type DeviceChoice, type RemoteFeed } from '../conference/room';
import { useSettingsStore } from './settings';
import { useVideoStore } from './video';

export type ConferencePhase = 'idle' | 'joining' | 'joined' | 'lost' | 'error';

/** A tile of the conference grid: a participant (this one included) or a field camera. */
export type ConferenceTile =
  | { key: string; kind: 'self'; display: ParticipantDisplay; stream: MediaStream | null; talking: boolean }
  | { key: string; kind: 'remote'; feed: number; display: ParticipantDisplay; stream: MediaStream | null; talking: boolean }
  | { key: string; kind: 'camera'; cameraId: string };

/**
 * One conference at a time in a window: joining (devices asked for only then), the participant
 * grid with its active speaker, mute / camera off / screen share, the field cameras and recording
 * shared through the host, and the decoders the conference holds under the video cap.
 */
export const useConferenceStore = defineStore('conference', () => {
  const id = ref<string | null>(null);
  const phase = ref<ConferencePhase>('idle');
  const error = ref('');
  const grant = ref<ConferenceGrant | null>(null);
  const shared = ref<ConferenceState | null>(null);
  const room = shallowRef<ConferenceRoom | null>(null);
  const self = ref<ParticipantDisplay>({ name: '', muted: false, cameraOff: false, screen: false });
  const localStream = shallowRef<MediaStream | null>(null);
  const remotes = shallowRef<RemoteFeed[]>([]);
  const cameras = ref<MediaDeviceInfo[]>([]);
  const microphones = ref<MediaDeviceInfo[]>([]);
  const devices = ref<DeviceChoice>({});
  /** A feed pinned by a click; otherwise the last one that talked. */
  const pinned = ref<string | null>(null);
  const lastSpeaker = ref<string | null>(null);
  let subscribed = false;
  /** This window's recording (the one that pressed record uploads it), and its id on the host. */
  let recorder: CompositeRecorder | null = null;
  let recorderId: string | null = null;
  /**
   * The connection to the media server made while the join screen is shown (grant, session and
   * publisher handle; no devices, not in the room), taken by the next join.
   */
  let prepared: Promise<ConferenceRoom | null> | null = null;
  /** Which preparation is current (a dropped one must not report into the join screen). */
  let preparing: symbol | null = null;
  /** The media server as the join screen shows it: being connected, connected, or not reachable (the join will try again). */
  const server = ref<'connecting' | 'ready' | 'unreachable' | null>(null);
  /** The last recording failure (the host refused a chunk), shown beside the controls. */
  const recordingError = ref('');

  const video = useVideoStore();
  const settings = useSettingsStore();

  function refresh(): void {
    const r = room.value;
    remotes.value = r ? [...r.remotes.values()].map((f) => ({ ...f })) : [];
    const talking = remotes.value.find((f) => f.talking);
    if (talking) lastSpeaker.value = `feed-${talking.feed}`;
    triggerRef(remotes);
  }

  const tiles = computed<ConferenceTile[]>(() => {
    const list: ConferenceTile[] = [];
    if (phase.value === 'joined') list.push({ key: 'self', kind: 'self', display: self.value, stream: localStream.value, talking: false });
    for (const f of remotes.value) list.push({ key: `feed-${f.feed}`, kind: 'remote', feed: f.feed, display: f.display, stream: f.stream, talking: f.talking });
    for (const c of shared.value?.cameras ?? []) list.push({ key: `camera-${c}`, kind: 'camera', cameraId: c });
    return list;
  });

  /** The enlarged tile: the pinned one, else the last remote speaker, else the first remote, else this participant. */
  const featured = computed<string | null>(() => {
    const keys = new Set(tiles.value.map((t) => t.key));
    for (const k of [pinned.value, lastSpeaker.value, tiles.value.find((t) => t.kind === 'remote')?.key, tiles.value[0]?.key]) if (k && keys.has(k)) return k;
    return null;
  });

  /**
   * Tiles that decode, under the same cap as the video panels: the featured one first, then in
   * grid order. The rest show that they are over the cap.
   */
  const decoding = computed<Set<string>>(() => {
    const cap = video.state.prefs.maxPlayers;
    const order = tiles.value.filter((t) => t.kind !== 'self').sort((a, b) => Number(b.key === featured.value) - Number(a.key === featured.value));
    return new Set(order.slice(0, cap).map((t) => t.key));
  });

  watch(
    () => (phase.value === 'joined' ? decoding.value.size : 0),
    (n) => (video.conferenceDecoders = n),
    { immediate: true },
  );

  /** Tiles scrolled out of sight (their component reports it): not decoded. */
  const hidden = ref(new Set<string>());
  function setVisible(key: string, visible: boolean): void {
    if (visible === !hidden.value.has(key)) return;
    const next = new Set(hidden.value);
    if (visible) next.delete(key);
    else next.add(key);
    hidden.value = next;
  }

  // Bandwidth and decoders: the featured feed gets Janus's high simulcast layer, every small tile
  // the low one; a tile over the decode budget or out of sight gets no video at all.
  watch([featured, remotes, decoding, hidden], () => {
    for (const f of remotes.value) {
      const key = `feed-${f.feed}`;
      const isFeatured = key === featured.value;
      void room.value?.setLayer(f.feed, isFeatured ? HIGH_SUBSTREAM : 0, isFeatured || (decoding.value.has(key) && !hidden.value.has(key)));
    }
  });

  function onShared(state: ConferenceState): void {
    if (state.id !== id.value) return;
    shared.value = state;
    // Stopped by another window: this one stops uploading.
    if (recorder && state.recordingId !== recorderId) void dropRecorder();
  }

  async function dropRecorder(): Promise<void> {
    const r = recorder;
    recorder = null;
    recorderId = null;
    await r?.stop();
  }

  async function open(conferenceId: string): Promise<void> {
    if (id.value !== conferenceId) {
      if (room.value) await leave();
      else await dropPrepared();
      id.value = conferenceId;
      shared.value = null;
      pinned.value = null;
      lastSpeaker.value = null;
    }
    if (!subscribed) {
      subscribed = true;
      api.on('conferenceChanged', onShared);
    }
    await Promise.all([video.load(), settings.load()]);
    shared.value = await api.conferenceState({ id: conferenceId });
    if (phase.value !== 'joined' && phase.value !== 'joining') prepare();
  }

  /**
   * Connects to the media server for the next join while the join screen is shown, as
   * conferencing products do on their pre-join screen: nothing is captured and the others see
   * nobody until "join". A failure here only means the join connects itself.
   */
  function prepare(): void {
    const confId = id.value;
    if (!confId || prepared || (room.value && phase.value !== 'lost')) return;
    server.value = 'connecting';
    const token = Symbol('prepare');
    preparing = token;
    const ready = (async () => {
      const g = await api.joinConference({ id: confId });
      const r: ConferenceRoom = new ConferenceRoom(g, {
        changed: refresh,
        lost: () => {
          if (room.value === r) phase.value = 'lost';
          else if (preparing === token) {
            prepared = null;
            preparing = null;
            server.value = 'unreachable';
          }
        },
      });
      await r.prepare().catch(async (err: unknown) => {
        await r.leave();
        throw err;
      });
      if (preparing === token) server.value = 'ready';
      return r;
    })().catch(() => {
      if (preparing === token) {
        prepared = null;
        preparing = null;
        server.value = 'unreachable';
      }
      return null;
    });
    prepared = ready;
  }

  /** The prepared room if it is still connected, for this conference, with a pin valid for a while yet. */
  async function takePrepared(confId: string): Promise<ConferenceRoom | null> {
    const ready = prepared;
    prepared = null;
    preparing = null;
    server.value = null;
    const r = ready ? await ready : null;
    if (r && r.connected && r.grant.id === confId && r.grant.expiresAt - Date.now() > 60_000) return r;
    await r?.leave();
    return null;
  }

  async function dropPrepared(): Promise<void> {
    const ready = prepared;
    prepared = null;
    preparing = null;
    server.value = null;
    await (await ready)?.leave();
  }

  async function listDevices(): Promise<void> {
    const all = await navigator.mediaDevices.enumerateDevices();
    cameras.value = all.filter((d) => d.kind === 'videoinput');
    microphones.value = all.filter((d) => d.kind === 'audioinput');
  }

  async function join(name: string): Promise<void> {
    if (!id.value || phase.value === 'joining' || phase.value === 'joined') return;
    phase.value = 'joining';
    error.value = '';
    // After a lost connection: release what is left of the old room first.
    await room.value?.leave();
    room.value = null;
    try {
      let r = await takePrepared(id.value);
      if (!r) {
        const fresh: ConferenceRoom = new ConferenceRoom(await api.joinConference({ id: id.value }), {
          changed: refresh,
          lost: () => {
            if (room.value === fresh) phase.value = 'lost';
          },
        });
        r = fresh;
      }
      grant.value = r.grant;
      room.value = r;
      await r.join(name, devices.value);
      self.value = r.display;
      localStream.value = r.localStream ?? null;
      phase.value = 'joined';
      refresh();
      await listDevices();
      shared.value = await api.conferenceState({ id: id.value });
    } catch (err) {
      await room.value?.leave();
      room.value = null;
      localStream.value = null;
      phase.value = 'error';
      error.value = (err as Error).message;
    }
  }

  /** Leaves the room (and drops the connection prepared for a join). */
  async function leave(): Promise<void> {
    await dropPrepared();
    if (recorder) await setRecording(false).catch(() => dropRecorder());
    const r = room.value;
    room.value = null;
    await r?.leave();
    localStream.value = null;
    remotes.value = [];
    phase.value = 'idle';
  }

  async function toggleMute(): Promise<void> {
    await room.value?.setMuted(!self.value.muted);
    if (room.value) self.value = room.value.display;
  }

  async function toggleCamera(): Promise<void> {
    await room.value?.setCameraOff(!self.value.cameraOff);
    if (room.value) self.value = room.value.display;
  }

  async function toggleScreen(): Promise<void> {
    await room.value?.shareScreen(!self.value.screen);
    if (room.value) self.value = room.value.display;
  }

  async function chooseDevices(choice: DeviceChoice): Promise<void> {
    devices.value = { ...devices.value, ...choice };
    if (room.value) {
      await room.value.switchDevices(devices.value);
      localStream.value = room.value.localStream ?? null;
    }
  }

  function pin(key: string | null): void {
    pinned.value = pinned.value === key ? null : key;
  }

  /**
   * Starts recording (this window records the grid and uploads it to the host, into the session)
   * or stops it (the last chunks reach the host first).
   */
  async function setRecording(on: boolean): Promise<void> {
    const confId = id.value;
    if (!confId) return;
    recordingError.value = '';
    if (!on) {
      await dropRecorder();
      shared.value = await api.setConferenceRecording({ id: confId, on: false });
      return;
    }
    const state = await api.setConferenceRecording({ id: confId, on: true });
    shared.value = state;
    const recordingId = state.recordingId;
    if (!recordingId || recorder) return;
    const r = new CompositeRecorder(
      () =>
        tiles.value.flatMap((t) =>
          t.kind === 'camera' ? [] : [{ key: t.key, label: t.display.name, stream: t.stream, featured: t.key === featured.value, cameraOff: t.display.cameraOff }],
        ),
      async (chunk, seq) => {
        await api.appendConferenceRecording({ id: confId, recordingId, seq, base64: await blobToBase64(chunk) });
      },
      (err) => {
        recordingError.value = err.message;
        if (recorder === r) {
          recorder = null;
          recorderId = null;
          void api.setConferenceRecording({ id: confId, on: false }).then((s) => (shared.value = s)).catch(() => {});
        }
      },
    );
    recorder = r;
    recorderId = recordingId;
    try {
      r.start();
    } catch (err) {
      recorder = null;
      recorderId = null;
      shared.value = await api.setConferenceRecording({ id: confId, on: false });
      throw err;
    }
  }

  async function addCamera(cameraId: string): Promise<void> {
    if (id.value) shared.value = await api.addConferenceCamera({ id: id.value, cameraId });
  }

  async function removeCamera(cameraId: string): Promise<void> {
    if (id.value) shared.value = await api.removeConferenceCamera({ id: id.value, cameraId });
  }

  return {
    id,
    phase,
    error,
    grant,
    server,
    shared,
    recordingError,
    self,
    localStream,
    remotes,
    tiles,
    featured,
    decoding,
    cameras,
    microphones,
    devices,
    open,
    prepare,
    listDevices,
    join,
    leave,
    toggleMute,
    toggleCamera,
    toggleScreen,
    chooseDevices,
    pin,
    setVisible,
    setRecording,
    addCamera,
    removeCamera,
  };
});
