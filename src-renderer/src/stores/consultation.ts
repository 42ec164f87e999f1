import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import type { ConsultationInfo } from '@shared/consultation/contract';
import type {
  Annotation,
  AnnotationGeometry,
  AnnotationKind,
  ConsultationOrigin,
  DecisionEntry,
  MapView,
  Participant,
  SessionMeta,
  SharedVideo,
} from '@shared/consultation/doc';
import type { ConsultationSummary, PinnedItem } from '@shared/consultation/summary';
import { api } from '../api/client';
import { useSettingsStore } from './settings';
import { useVideoStore } from './video';
import { LAYOUT_KINDS, fitTiles, type LayoutKind } from '@shared/video/layouts';

/** Who is in the session now (Yjs awareness). */
export interface Presence extends Participant {
  clientId: number;
  following: boolean;
}

export type SyncState = 'connecting' | 'synced' | 'offline';

/** This window's console label: the shell and a short id kept for the tab's life. */
function consoleLabel(shell: string | undefined): string {
  let id = sessionStorage.getItem('cc-console-id');
  if (!id) {
    id = Math.random().toString(36).slice(2, 6);
    sessionStorage.setItem('cc-console-id', id);
  }
  return `${shell === 'electron' ? '桌面' : '浏览器'}-${id}`;
}

const newId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * 会商: the consultation this window takes part in. The state lives in a Yjs document synced with
 * the collaboration server (the console host's `/collab`, the Electron window's loopback port or
 * the standalone server of collab.json); this store mirrors it into refs on every change and
 * writes through the shared functions of `@shared/consultation/doc`. An archived session opens
 * read-only from its summary, with no server.
 */
export const useConsultationStore = defineStore('consultation', () => {
  const sessions = ref<ConsultationInfo[]>([]);
  const activeId = ref<string>();
  const readOnly = ref(false);
  const sync = ref<SyncState>('offline');
  const error = ref<string>();
  const meta = shallowRef<SessionMeta>();
  const view = shallowRef<MapView>();
  const pinned = shallowRef<PinnedItem[]>([]);
  const annotations = shallowRef<Annotation[]>([]);
  const decisions = shallowRef<DecisionEntry[]>([]);
  const video = shallowRef<SharedVideo>();
  const presence = shallowRef<Presence[]>([]);
  /** Following the presenter's map (false: broken away until "rejoin"). */
  const following = ref(true);
  /** The drawing tool in use, and the colour. */
  const drawKind = ref<AnnotationKind | null>(null);
  const drawColor = ref<string>('#ff4d4f');
  /** The label a text annotation gets. */
  const drawText = ref('');
  const canUndo = ref(false);

  /** Yjs, the Hocuspocus client and the document's functions, loaded with the first session joined. */
  let kit: typeof import('./consultation-kit') | undefined;
  let doc: Y.Doc | undefined;
  let provider: HocuspocusProvider | undefined;
  let socket: HocuspocusProviderWebsocket | undefined;
  let undo: Y.UndoManager | undefined;
  /** The transaction origin of this window's own edits (its undo tracks only these). */
  const LOCAL = { local: true };

  const me = computed<Participant>(() => {
    const s = useSettingsStore();
    const name = s.settings.operatorName;
    const consoleName = consoleLabel(s.info?.shell);
    return { key: `${name}@${consoleName}`, name, console: consoleName };
  });
  const isPresenter = computed(() => !!meta.value && meta.value.presenter === me.value.key);
  const active = computed(() => !!activeId.value);
  const ended = computed(() => meta.value?.endedAt != null);

  async function loadSessions(): Promise<void> {
    sessions.value = await api.listConsultations();
  }

  function mirror(): void {
    if (!doc || !kit) return;
    meta.value = kit.readMeta(doc);
    view.value = kit.readView(doc);
    pinned.value = kit.readPinned(doc);
    annotations.value = kit.readAnnotations(doc);
    decisions.value = kit.readDecisions(doc);
    video.value = kit.readVideo(doc);
  }

  function mirrorPresence(): void {
    const states = provider?.awareness?.getStates();
    if (!states) return;
    const list: Presence[] = [];
    for (const [clientId, s] of states) {
      const u = (s as { user?: Participant & { following?: boolean } }).user;
      if (u?.key) list.push({ clientId, key: u.key, name: u.name, console: u.console, following: u.following ?? true });
    }
    presence.value = list.sort((a, b) => a.name.localeCompare(b.name) || a.console.localeCompare(b.console));
  }

  function announce(): void {
    provider?.setAwarenessField('user', { ...me.value, following: following.value });
  }

  /** Connects to a session's document; resolves once synced (or with the session's meta written). */
  async function connect(id: string, init?: SessionMeta): Promise<void> {
    leave();
    const k = (kit ??= await import('./consultation-kit'));
    await useSettingsStore().load();
    const ep = await api.collabEndpoint({ id });
    const url = ep.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    activeId.value = id;
    readOnly.value = false;
    following.value = true;
    sync.value = 'connecting';
    error.value = undefined;
    doc = new k.Doc();
    doc.on('update', mirror);
    socket = new k.HocuspocusProviderWebsocket({ url });
    provider = new k.HocuspocusProvider({ websocketProvider: socket, name: ep.documentName, document: doc, token: ep.token });
    provider.attach();
    provider.on('status', ({ status }: { status: (typeof k.WebSocketStatus)[keyof typeof k.WebSocketStatus] }) => {
      if (status !== k.WebSocketStatus.Connected) sync.value = status === k.WebSocketStatus.Connecting ? 'connecting' : 'offline';
    });
    provider.on('synced', () => (sync.value = 'synced'));
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => (error.value = reason));
    provider.awareness?.on('change', mirrorPresence);
    undo = k.ownUndo(doc, LOCAL);
    const refreshUndo = () => (canUndo.value = (undo?.undoStack.length ?? 0) > 0);
    undo.on('stack-item-added', refreshUndo);
    undo.on('stack-item-popped', refreshUndo);
    announce();
    await new Promise<void>((resolve) => {
      if (provider?.isSynced) return resolve();
      provider?.on('synced', () => resolve());
    });
    if (init && !k.readMeta(doc)) k.initSession(doc, init);
    mirror();
  }

  /** Starts a session hosted by this console (from an incident, a signal, an alert, or empty) and presents it. */
  async function start(title: string, origin: ConsultationOrigin): Promise<string> {
    const info = await api.startConsultation({ title, origin });
    await connect(info.id, {
      id: info.id,
      title: info.title,
      host: info.host,
      startedAt: info.startedAt,
      endedAt: null,
      origin,
      presenter: me.value.key,
      presenterName: me.value.name,
    });
    if (origin.kind !== 'empty') pin({ kind: origin.kind, id: origin.id, note: '' });
    await loadSessions();
    return info.id;
  }

  /** Joins a session by its code (started on another console): connects, then records it here. */
  async function join(id: string): Promise<void> {
    if (activeId.value === id && doc) return;
    const known = sessions.value.find((s) => s.id === id);
    if (known?.readOnly) return openArchived(id);
    await connect(id);
    const m = meta.value;
    if (m) await api.joinConsultation({ id, title: m.title, host: m.host, startedAt: m.startedAt, origin: m.origin });
    await loadSessions();
  }

  /** Leaves the session (it goes on for the others). */
  /** Recordings of the archive opened last that stayed in the zip (named in its manifest, not checked here). */
  const archiveRecordingsLeft = ref<{ name: string; bytes: number }[]>([]);

  function leave(): void {
    archiveRecordingsLeft.value = [];
    undo?.destroy();
    provider?.destroy();
    socket?.destroy();
    doc?.destroy();
    provider = undefined;
    socket = undefined;
    doc = undefined;
    undo = undefined;
    activeId.value = undefined;
    meta.value = undefined;
    view.value = undefined;
    pinned.value = [];
    annotations.value = [];
    decisions.value = [];
    video.value = undefined;
    presence.value = [];
    drawKind.value = null;
    canUndo.value = false;
    sync.value = 'offline';
  }

  /** The live document and its functions, when this window may write to it. */
  const writable = (): { d: Y.Doc; k: NonNullable<typeof kit> } | undefined => (readOnly.value || ended.value || !doc || !kit ? undefined : { d: doc, k: kit });

  /** The presenter's map moved: everyone following sees it. */
  function publishView(v: Omit<MapView, 'by' | 'at'>): void {
    const w = writable();
    if (w && isPresenter.value) w.k.setView(w.d, { ...v, by: me.value.name, at: Date.now() });
  }

  function setFollowing(on: boolean): void {
    following.value = on;
    announce();
  }

  function passPresenterTo(p: Participant): void {
    const w = writable();
    if (w) w.k.passPresenter(w.d, p);
  }

  function pin(item: PinnedItem): void {
    const w = writable();
    if (w) w.k.pin(w.d, item);
  }
  function unpin(item: PinnedItem): void {
    const w = writable();
    if (w) w.k.unpin(w.d, item.kind, item.id);
  }
  function move(from: number, to: number): void {
    const w = writable();
    if (w && isPresenter.value) w.k.movePinned(w.d, from, to);
  }
  function note(index: number, text: string): void {
    const w = writable();
    if (w) w.k.setPinNote(w.d, index, text);
  }

  function draw(kind: AnnotationKind, geometry: AnnotationGeometry, text: string | null = null): void {
    const w = writable();
    if (!w) return;
    w.k.addAnnotation(w.d, { id: newId(), kind, geometry, color: drawColor.value, text, author: me.value.name, at: Date.now() }, LOCAL);
  }
  /** Undoes this participant's last drawing (never anyone else's). */
  function undoMine(): void {
    undo?.undo();
  }

  /** Logs a decision; with a pinned incident it goes into that case's history, or opens a new case. */
  async function decide(d: { text: string; unit: string | null; deadline: number | null; incidentId: string | null; createCase: boolean }): Promise<void> {
    const id = activeId.value;
    const target = writable();
    if (!id || !target) return;
    const centre = view.value?.center;
    const { caseId } = await api.logDecision({
      sessionId: id,
      text: d.text,
      unit: d.unit,
      deadline: d.deadline,
      incidentId: d.incidentId,
      createAt: d.createCase && !d.incidentId && centre ? { lon: centre[0], lat: centre[1] } : null,
    });
    target.k.appendDecision(target.d, { id: newId(), at: Date.now(), by: me.value.name, text: d.text, unit: d.unit, deadline: d.deadline, caseId, incidentId: d.incidentId });
  }

  function shareVideo(v: SharedVideo): void {
    const w = writable();
    if (w) w.k.setVideo(w.d, v);
  }

  /** Ends the session for everyone (the host or the presenter). */
  async function end(): Promise<void> {
    const id = activeId.value;
    if (!id || !doc || !kit) return;
    kit.endSession(doc, Date.now());
    await api.endConsultation({ id });
    await loadSessions();
  }

  /**
   * The session's archive: the host writes it to a file and answers a one-time download path
   * (same origin, valid for minutes) that the caller opens with a link — the zip, recordings and
   * all, never passes through the contract.
   */
  async function exportArchive(id: string): Promise<{ fileName: string; download: string; bytes: number }> {
    const zip = await api.exportConsultation({ id });
    return { fileName: zip.fileName, download: zip.download, bytes: zip.bytes };
  }

  /**
   * Opens an archive file read-only (another console's session). The conference recordings stay
   * in the zip (they can be gigabytes): the rest is sent, and the host checks every file sent
   * against the manifest and lists the recordings it did not get.
   */
  async function openArchive(file: File): Promise<string> {
    const [{ zipSync }, { readZipEntries }] = await Promise.all([import('fflate'), import('../consultation/archive-file')]);
    let kept: Record<string, Uint8Array>;
    try {
      // Only the small files are read from disk: the recordings' bytes are never loaded.
      kept = await readZipEntries(file, (name) => !/^recordings\//.test(name));
    } catch (err) {
      throw new Error(`not a zip file (${(err as Error).message})`);
    }
    const bytes = zipSync(kept, { level: 0 });
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const opened = await api.openConsultationArchive({ base64: btoa(bin) });
    await loadSessions();
    showSummary(opened.summary);
    archiveRecordingsLeft.value = opened.files.filter((f) => f.absent).map((f) => ({ name: f.name, bytes: f.bytes }));
    return opened.info.id;
  }

  async function openArchived(id: string): Promise<void> {
    showSummary(await api.consultationSummary({ id }));
  }

  function showSummary(s: ConsultationSummary): void {
    leave();
    activeId.value = s.id;
    readOnly.value = true;
    meta.value = { id: s.id, title: s.title, host: s.host, startedAt: s.startedAt, endedAt: s.endedAt, origin: { kind: 'empty', id: null }, presenter: '', presenterName: '' };
    pinned.value = s.pinned;
    decisions.value = s.decisions.map((d, i) => ({ ...d, id: String(i), incidentId: null }));
    annotations.value = s.annotations.features.map((f, i) => ({
      id: String(f.id ?? i),
      kind: f.properties.kind as AnnotationKind,
      geometry: f.geometry as AnnotationGeometry,
      color: String(f.properties.color ?? '#ffffff'),
      text: (f.properties.text as string | null) ?? null,
      author: String(f.properties.author ?? ''),
      at: Number(f.properties.at ?? 0),
    }));
  }

  /**
   * The wall follows the session: when the room's video changes, this console's video wall takes
   * the same layout and cameras (persisted as the wall panel, which the wall window follows).
   */
  watch(video, (v, prev) => {
    if (!v || readOnly.value || JSON.stringify(v) === JSON.stringify(prev)) return;
    const store = useVideoStore();
    const kind: LayoutKind = (LAYOUT_KINDS as readonly string[]).includes(v.layout) ? (v.layout as LayoutKind) : '4';
    void store.load().then(() => {
      store.panels.wall.kind = kind;
      store.panels.wall.tiles = fitTiles(v.cameras, '16');
      store.panels.wall.enlarged = null;
    });
  });

  return {
    sessions,
    activeId,
    active,
    readOnly,
    ended,
    sync,
    error,
    meta,
    view,
    pinned,
    annotations,
    decisions,
    video,
    presence,
    following,
    drawKind,
    drawColor,
    drawText,
    canUndo,
    me,
    isPresenter,
    loadSessions,
    start,
    join,
    leave,
    publishView,
    setFollowing,
    passPresenterTo,
    pin,
    unpin,
    move,
    note,
    draw,
    undoMine,
    decide,
    shareVideo,
    end,
    exportArchive,
    openArchive,
    archiveRecordingsLeft,
  };
});
