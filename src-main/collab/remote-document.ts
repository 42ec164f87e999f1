import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

/**
 * A copy of a document held by a (standalone) collaboration server, fetched over its protocol as
 * any participant would: connect, sync, copy, leave.
 */
export async function fetchRemoteDocument(url: string, token: string, name: string, timeoutMs = 10_000): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket as never, maxAttempts: 1 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
  provider.attach();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the collaboration server at ${url} did not answer`)), timeoutMs);
      provider.on('synced', () => {
        clearTimeout(timer);
        resolve();
      });
      provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
        clearTimeout(timer);
        reject(new Error(`the collaboration server refused the token: ${reason}`));
      });
    });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return copy;
  } finally {
    provider.destroy();
    socket.destroy();
  }
}
