import * as Y from 'yjs';
import type { ConsultationSummary, Decision, PinnedItem } from './summary';
import type { Annotation, Position } from './annotation';

/**
 * The shared state of a consultation (会商) as one Yjs document, synced by the collaboration
 * server: every participant holds a copy, edits merge (also those made offline), and the server
 * persists it. Each part lives under its own top-level name:
 * - `meta` (map): id, title, host, startedAt, endedAt, origin, presenter;
 * - `view` (map, key `current`): the presenter's map view, replaced whole on each change;
 * - `pinned` (array): pinned incidents, signals and alerts with a note, in the presenter's order;
 * - `annotations` (map id → annotation): what was drawn on the map; removed only by its author's undo;
 * - `decisions` (array): the decision log, append-only;
 * - `video` (map, key `current`): the video layout shown to the room.
 * Plain JSON values inside, so a value is replaced whole and never half-merged.
 */

// The drawings' kinds, colours and geometry live apart (./annotation.ts) so that what draws or
// lists them does not load Yjs; re-exported here for the document's users.
export { ANNOTATION_COLORS, ANNOTATION_KINDS, arrowHead, type Annotation, type AnnotationGeometry, type AnnotationKind, type Position } from './annotation';
export interface MapView {
  center: Position;
  zoom: number;
  bearing: number;
  /** Visibility groups switched on. */
  layers: string[];
  /** The incidents' time window shown (epoch ms), null for the live picture. */
  timeWindow: { from: number; to: number } | null;
  /** Who set it, and when (epoch ms). */
  by: string;
  at: number;
  /**
   * What the presenter's map shows, [west, south, east, north] (WGS-84): the room's screen, larger
   * than a console's, fits this extent rather than taking the zoom.
   */
  bounds?: [number, number, number, number];
}

export type ConsultationOrigin = { kind: 'incident' | 'signal' | 'alert'; id: string } | { kind: 'empty'; id: null };

export interface SessionMeta {
  id: string;
  title: string;
  host: string;
  startedAt: number;
  endedAt: number | null;
  origin: ConsultationOrigin;
  /** The presenting participant's key (`name@console`), and their name. */
  presenter: string;
  presenterName: string;
}

export interface DecisionEntry extends Decision {
  id: string;
  /** The pinned incident the decision is about, if any. */
  incidentId: string | null;
}

export interface SharedVideo {
  /** Layout id (`1`, `4`, `9`, `1+5` …) and the cameras in its tiles. */
  layout: string;
  cameras: string[];
}

/** The participant a console shows in presence and uses as the presenter key. */
export interface Participant {
  key: string;
  name: string;
  console: string;
}

const meta = (d: Y.Doc) => d.getMap<unknown>('meta');
const view = (d: Y.Doc) => d.getMap<MapView>('view');
const pinned = (d: Y.Doc) => d.getArray<PinnedItem>('pinned');
const annotations = (d: Y.Doc) => d.getMap<Annotation>('annotations');
const decisions = (d: Y.Doc) => d.getArray<DecisionEntry>('decisions');
const video = (d: Y.Doc) => d.getMap<SharedVideo>('video');

/** Writes a new session's meta (once, by the console that starts it). */
export function initSession(d: Y.Doc, m: SessionMeta): void {
  d.transact(() => {
    for (const [k, v] of Object.entries(m)) meta(d).set(k, v);
  });
}

/** The session's meta, or undefined while the document has not arrived yet. */
export function readMeta(d: Y.Doc): SessionMeta | undefined {
  const m = meta(d);
  if (!m.has('id')) return undefined;
  return Object.fromEntries(m.entries()) as unknown as SessionMeta;
}

export function passPresenter(d: Y.Doc, to: Participant): void {
  d.transact(() => {
    meta(d).set('presenter', to.key);
    meta(d).set('presenterName', to.name);
  });
}

export function endSession(d: Y.Doc, at: number): void {
  if (meta(d).get('endedAt') == null) meta(d).set('endedAt', at);
}

export function setView(d: Y.Doc, v: MapView): void {
  view(d).set('current', v);
}
export const readView = (d: Y.Doc): MapView | undefined => view(d).get('current');

export function setVideo(d: Y.Doc, v: SharedVideo): void {
  video(d).set('current', v);
}
export const readVideo = (d: Y.Doc): SharedVideo | undefined => video(d).get('current');

export const readPinned = (d: Y.Doc): PinnedItem[] => pinned(d).toArray();

/** Pins an item at the end (an item pinned already keeps its place). */
export function pin(d: Y.Doc, item: PinnedItem): void {
  if (readPinned(d).some((p) => p.kind === item.kind && p.id === item.id)) return;
  pinned(d).push([item]);
}

export function unpin(d: Y.Doc, kind: PinnedItem['kind'], id: string): void {
  const i = readPinned(d).findIndex((p) => p.kind === kind && p.id === id);
  if (i >= 0) pinned(d).delete(i, 1);
}

/** Moves the pinned item at `from` to `to` (the presenter's order). */
export function movePinned(d: Y.Doc, from: number, to: number): void {
  const list = pinned(d);
  if (from === to || from < 0 || from >= list.length || to < 0 || to >= list.length) return;
  d.transact(() => {
    const item = list.get(from);
    list.delete(from, 1);
    list.insert(to, [item]);
  });
}

export function setPinNote(d: Y.Doc, index: number, note: string): void {
  const list = pinned(d);
  if (index < 0 || index >= list.length) return;
  d.transact(() => {
    const item = list.get(index);
    list.delete(index, 1);
    list.insert(index, [{ ...item, note }]);
  });
}

/** Adds an annotation; `origin` marks the transaction as this participant's (for their undo). */
export function addAnnotation(d: Y.Doc, a: Annotation, origin?: unknown): void {
  d.transact(() => annotations(d).set(a.id, a), origin);
}

export function readAnnotations(d: Y.Doc): Annotation[] {
  return [...annotations(d).values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/**
 * An undo manager over the annotations that undoes only this participant's own drawing: it
 * tracks transactions made with `origin` and leaves everyone else's alone.
 */
export function ownUndo(d: Y.Doc, origin: unknown): Y.UndoManager {
  return new Y.UndoManager(annotations(d), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
}

/** Appends a decision to the log (entries are never changed or removed). */
export function appendDecision(d: Y.Doc, e: DecisionEntry): void {
  decisions(d).push([e]);
}

export const readDecisions = (d: Y.Doc): DecisionEntry[] => decisions(d).toArray();

/** Annotations as a GeoJSON FeatureCollection (properties: kind, color, text, author, at). */
export function annotationsGeoJSON(d: Y.Doc): ConsultationSummary['annotations'] {
  return {
    type: 'FeatureCollection',
    features: readAnnotations(d).map((a) => ({
      type: 'Feature' as const,
      id: a.id,
      geometry: a.geometry,
      properties: { kind: a.kind, color: a.color, text: a.text, author: a.author, at: a.at },
    })),
  };
}

/** The session as the briefing and the archive take it. */
export function summarize(d: Y.Doc): ConsultationSummary | undefined {
  const m = readMeta(d);
  if (!m) return undefined;
  return {
    id: m.id,
    title: m.title,
    host: m.host,
    startedAt: m.startedAt,
    endedAt: m.endedAt ?? null,
    pinned: readPinned(d).map(({ kind, id, note }) => ({ kind, id, note })),
    decisions: readDecisions(d).map(({ at, by, text, unit, deadline, caseId }) => ({ at, by, text, unit, deadline, caseId })),
    annotations: annotationsGeoJSON(d),
  };
}

/** Document names on the collaboration server: one per session. */
export const documentName = (sessionId: string): string => `consultation:${sessionId}`;
export const sessionIdOf = (documentName: string): string | undefined =>
  /^consultation:([A-Za-z0-9_-]{1,64})$/.exec(documentName)?.[1];
