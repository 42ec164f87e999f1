import type { IncomingMessage } from 'node:http';
import { Hocuspocus } from '@hocuspocus/server';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { DocumentPersistence } from './document-persistence';

/** What a connection brought besides its token: a console session of the host that serves it. */
export interface CollabContext {
  consoleSession?: boolean;
}

export interface CollabEngineOptions {
  persistence: DocumentPersistence;
  /** Whether `token` may open `documentName` (a console session is always let in). */
  authorize: (token: string, documentName: string) => boolean;
  log?: (line: string) => void;
  /** Store at most this long after a change (ms); default 300. */
  debounceMs?: number;
}

/**
 * The collaboration server: Hocuspocus (Yjs sync and awareness over WebSocket) with documents
 * persisted into SQLite. The console host hands it the sockets of its `/collab` path; the
 * standalone program (`programs/collab-server.ts`) runs the same engine on its own port.
 */
export function createCollabEngine(o: CollabEngineOptions): Hocuspocus {
  return new Hocuspocus({
    name: 'consultation',
    quiet: true,
    debounce: o.debounceMs ?? 300,
    maxDebounce: (o.debounceMs ?? 300) * 4,
    async onAuthenticate({ token, documentName, context }) {
      if ((context as CollabContext | undefined)?.consoleSession) return;
      if (!o.authorize(token ?? '', documentName)) throw new Error('not a participant of this consultation');
    },
    async onLoadDocument({ document, documentName }) {
      const state = o.persistence.load(documentName);
      if (state) Y.applyUpdate(document, state);
      return document;
    },
    async onStoreDocument({ document, documentName }) {
      try {
        o.persistence.store(documentName, Y.encodeStateAsUpdate(document));
      } catch (err) {
        o.log?.(`collab: storing ${documentName} failed: ${(err as Error).message}`);
      }
    },
  });
}

/** Hands one upgraded socket to the engine. */
export function serveCollabSocket(engine: Hocuspocus, ws: WebSocket, req: IncomingMessage, context: CollabContext): void {
  engine.handleConnection(ws, req, context);
}

/** The freshest copy of a document: the live one if a client holds it open, else the stored one. */
export function readDocument(engine: Hocuspocus, persistence: DocumentPersistence, name: string): Y.Doc {
  const copy = new Y.Doc();
  const live = engine.documents.get(name);
  if (live) Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
  else {
    const state = persistence.load(name);
    if (state) Y.applyUpdate(copy, state);
  }
  return copy;
}
