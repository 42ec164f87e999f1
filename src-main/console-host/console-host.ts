import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_CHANNELS, type EventName } from '@shared/channels';
import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { dispatch } from '@shared/dispatch';
import { contentSecurityPolicy } from '@shared/security';
import { contentType, resolveStaticPath } from './static-files';

/** What the host needs from the core: the handlers and the event stream. */
export interface HostedCore {
  readonly handlers: OperationHandlers;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}

export interface ConsoleHostOptions {
  core: HostedCore;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  log?: (line: string) => void;
  /** Media gateway origins the players may load from (added to the CSP). */
  mediaOrigins?: readonly string[];
}

export const SESSION_COOKIE = 'cc_session';
export const API_PATH = '/cc-api';

/**
 * The browser console host: serves the built renderer and implements the contract over a
 * WebSocket, for a second screen or a leader's laptop. Access needs the per-launch token, as in
 * Jupyter: the token in the URL opens a session (an HttpOnly cookie); every request and socket
 * without a session or the token is refused (HTTP 401, socket 403).
 */
export class ConsoleHost {
  readonly token: string;
  private readonly sessions = new Set<string>();
  private server?: Server;
  private wss?: WebSocketServer;
  private readonly unsubscribe: (() => void)[] = [];
  private boundHost = '127.0.0.1';
  private boundPort = 0;

  constructor(private readonly o: ConsoleHostOptions) {
    this.token = o.token ?? randomBytes(24).toString('base64url');
  }

  /** Starts listening; resolves with the ready-to-open URL (token included). */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.onRequest(req, res));
    const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname !== API_PATH || !this.hostAllowed(req) || !this.originAllowed(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      if (!this.hasSession(req) && !this.tokenMatches(url.searchParams.get('token'))) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.serveSocket(ws));
    });
    this.server = server;
    this.wss = wss;
    this.boundHost = this.o.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, this.boundHost, () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    for (const name of Object.keys(EVENT_CHANNELS) as EventName[]) {
      this.unsubscribe.push(this.o.core.on(name, (payload) => this.broadcast(name, payload)));
    }
    return this.url();
  }

  /** The URL to open, with the token. */
  url(): string {
    const host = this.boundHost.includes(':') ? `[${this.boundHost}]` : this.boundHost;
    return `http://${host}:${this.boundPort}/?token=${this.token}`;
  }

  get port(): number {
    return this.boundPort;
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.wss?.close();
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Browsers keep connections open; a stopping host must not wait for them.
    server.closeAllConnections();
    await closed;
  }

  private tokenMatches(candidate: string | null): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private hasSession(req: IncomingMessage): boolean {
    const cookies = req.headers.cookie ?? '';
    for (const part of cookies.split(';')) {
      const [k, v] = part.trim().split('=');
      if (k === SESSION_COOKIE && v && this.sessions.has(v)) return true;
    }
    return false;
  }

  /** Refuses requests whose Host header is not this server (DNS rebinding). */
  private hostAllowed(req: IncomingMessage): boolean {
    const host = (req.headers.host ?? '').toLowerCase();
    const port = String(this.boundPort);
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', this.boundHost.toLowerCase()]);
    if (this.boundHost === '0.0.0.0' || this.boundHost === '::') return host.endsWith(`:${port}`);
    return [...names].some((n) => host === `${n}:${port}`);
  }

  /** A browser socket must come from a page this host served (cross-site WebSocket hijacking). */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // not a browser; the token or session still decides
    try {
      return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
    } catch {
      return false;
    }
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://host');
    if (!this.hostAllowed(req)) return void res.writeHead(403).end('forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (this.tokenMatches(url.searchParams.get('token'))) {
      // Trade the token for a session cookie and drop it from the address bar.
      const session = randomBytes(24).toString('base64url');
      this.sessions.add(session);
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (!this.hasSession(req)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('401: open the console with the URL (and token) the host printed at start.\n');
    }
    const file = resolveStaticPath(this.o.rendererDir, url.pathname);
    let size = -1;
    try {
      if (file) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (!file || size < 0) return void res.writeHead(404).end('not found');
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-length': size,
      'content-security-policy': contentSecurityPolicy(this.o.mediaOrigins),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  private serveSocket(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return;
      const id = msg.id;
      void dispatch(this.o.core.handlers, msg.channel, msg.payload, (err) =>
        this.o.log?.(`operation ${String(msg.channel)} failed: ${(err as Error).stack ?? String(err)}`),
      ).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  }

  private broadcast(name: EventName, payload: unknown): void {
    if (!this.wss || this.wss.clients.size === 0) return;
    const frame = JSON.stringify({ event: EVENT_CHANNELS[name], payload });
    for (const ws of this.wss.clients) {
      // A client that cannot keep up is dropped rather than buffered without bound; it reconnects
      // and re-queries.
      if (ws.bufferedAmount > 32 * 1024 * 1024) ws.terminate();
      else if (ws.readyState === ws.OPEN) ws.send(frame);
    }
  }
}
