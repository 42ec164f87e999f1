import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';

/** Frames carry Yjs updates; a whole session (1,000 annotations) fits. */
export const MAX_COLLAB_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Serves a collaboration engine on its own port (the standalone server, and the Electron app's
 * embedded one on loopback): every WebSocket on any path goes to the engine, which checks its token.
 */
export async function listenCollab(engine: Hocuspocus, host: string, port: number, log?: (line: string) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => void res.writeHead(426, { 'content-type': 'text/plain' }).end('a collaboration server: connect with a WebSocket\n'));
  server.on('clientError', (_err, socket) => socket.destroy());
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COLLAB_FRAME_BYTES });
  wss.on('error', (err) => log?.(`collab: ${err.message}`));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (err) => log?.(`collab: socket closed on a client error: ${err.message}`));
      engine.handleConnection(ws, req, {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  const shown = a.address.includes(':') ? `[${a.address}]` : a.address;
  return {
    url: `ws://${shown}:${a.port}`,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
