/**
 * What a live consultation needs at run time: Yjs, the Hocuspocus client and the shared document's
 * functions (≈ 120 kB). The consultation store imports this when a session is joined, so the
 * situation view (which shows the consultation button) does not load it with its first paint.
 */
export { Doc } from 'yjs';
export { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
export * from '@shared/consultation/doc';
