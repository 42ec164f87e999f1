import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_CHANNELS, OPERATION_CHANNELS, type EventName } from '@shared/channels';
import { MAX_REQUEST_FRAME_BYTES, type OperationHandlers, type PayloadOf } from '@shared/contract';
import { dispatch } from '@shared/dispatch';
import { contentSecurityPolicy } from '@shared/security';
import { MAX_COLLAB_FRAME_BYTES } from '../collab/collab-listener';
import { attachmentDisposition, DOWNLOAD_PATH, type ArchiveDownloads } from '../consultation/archive-downloads';
import { SessionRegistry } from './sessions';
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
  /** WebSocket origins the renderer may connect to besides this host (the conference's Janus server). */
  socketOrigins?: readonly string[];
  /** A session not used for this long ends (default 12 h). */
  sessionIdleMs?: number;
  /** Screens logged in at once (default 32). */
  maxSessions?: number;
  /**
   * Host names (or addresses) the browser may use to reach this host, besides the loopback names
   * and the bound address. Bound to every interface (0.0.0.0, ::) the machine's own name and
   * addresses are added; any other name is refused (DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** Serve HTTPS and WSS with this certificate and key (PEM); the session cookie is then Secure. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Called with the new URL when "log out all screens" has replaced the token. */
  onNewToken?: (url: string) => void;
  /** Clock (tests). */
  now?: () => number;
  /**
   * The embedded collaboration server (consultations): its sockets arrive on `COLLAB_PATH`, let
   * in with a console session or, without one, left to its participant-token check.
   */
  collab?: { handleConnection(ws: WebSocket, req: IncomingMessage, context: { consoleSession: boolean }): void };
  /** Files handed out once under `/cc-download/<token>` (exported archives), to a logged-in screen. */
  downloads?: Pick<ArchiveDownloads, 'take'>;
}

export const SESSION_COOKIE = 'cc_session';
/** Requests of one socket being answered at once; past it the host stops reading that socket. */
export const MAX_REQUESTS_IN_FLIGHT = 16;
/**
 * Bytes a socket may leave unread (replies and events queued to it). Past it the socket is
 * closed: a client that does not read cannot make the host hold its replies without bound.
 */
export const MAX_UNREAD_BYTES = 32 * 1024 * 1024;
/** Close codes the host sends (RFC 6455 §7.4). */
export const CLOSE_POLICY = 1008;
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_TOO_SLOW = 1013;
/** The socket's session ended (idle, or everyone logged out): the page must log in again. */
export const CLOSE_SESSION_ENDED = 4401;
export const API_PATH = '/cc-api';
export const COLLAB_PATH = '/collab';

/**
 * The browser console host: serves the built renderer and implements the contract over a
 * WebSocket, for a second screen or a leader's laptop. Access needs the per-launch token, as in
 * Jupyter: the token in the URL opens a session (an HttpOnly cookie); every request and socket
 * without a session or the token is refused (HTTP 401, socket 403).
 */
export class ConsoleHost {
  private currentToken: string;
  private readonly sessions: SessionRegistry;
  /** Each socket's session (none for a socket opened with the token). */
  private readonly socketSession = new Map<WebSocket, string | undefined>();
  private sweepTimer?: NodeJS.Timeout;
  /** The accepted host names, refreshed with the idle sweep (addresses can change). */
  private hostNames?: string[];
  private server?: Server;
  private wss?: WebSocketServer;
  private collabWss?: WebSocketServer;
  private readonly unsubscribe: (() => void)[] = [];
  private boundHost = '127.0.0.1';
  private boundPort = 0;

  constructor(private readonly o: ConsoleHostOptions) {
    this.currentToken = o.token ?? randomBytes(24).toString('base64url');
    this.sessions = new SessionRegistry({ idleMs: o.sessionIdleMs, max: o.maxSessions, now: o.now });
  }

  /** The long-lived access token of this launch (replaced by "log out all screens"). */
  get token(): string {
    return this.currentToken;
  }

  /** Starts listening; resolves with the ready-to-open URL (token included). */
  async start(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.onRequest(req, res);
    const server: Server = this.o.tls ? createTlsServer({ cert: this.o.tls.cert, key: this.o.tls.key }, handler) : createServer(handler);
    // A TLS handshake that fails is that client's problem, never the host's.
    server.on('tlsClientError', (_err: Error, socket: import('node:net').Socket) => socket.destroy());
    // No client may end the process: every emitter that can fail on a client's bytes has a handler.
    server.on('clientError', (err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_FRAME_BYTES });
    wss.on('error', (err) => this.o.log?.(`socket server: ${err.message}`));
    const collabWss = new WebSocketServer({ noServer: true, maxPayload: MAX_COLLAB_FRAME_BYTES });
    collabWss.on('error', (err) => this.o.log?.(`collaboration socket server: ${err.message}`));
    this.collabWss = collabWss;
    server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname === COLLAB_PATH && this.o.collab && this.hostAllowed(req) && this.originAllowed(req)) {
        const consoleSession = !!this.sessionOf(req);
        const collab = this.o.collab;
        collabWss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', (err) => this.o.log?.(`collaboration socket closed on a client error: ${err.message}`));
          collab.handleConnection(ws, req, { consoleSession });
        });
        return;
      }
      if (url.pathname !== API_PATH || !this.hostAllowed(req) || !this.originAllowed(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      const session = this.sessionOf(req);
      if (!session && !this.tokenMatches(url.searchParams.get('token'))) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.serveSocket(ws, session));
    });
    this.server = server;
    this.wss = wss;
    this.boundHost = this.o.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, this.boundHost, () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    // Sockets whose session has gone idle are closed; the page then asks to log in again.
    this.sweepTimer = setInterval(() => {
      this.hostNames = undefined;
      this.endIdleSockets();
    }, 60_000);
    this.sweepTimer.unref();
    for (const name of Object.keys(EVENT_CHANNELS) as EventName[]) {
      this.unsubscribe.push(this.o.core.on(name, (payload) => this.broadcast(name, payload)));
    }
    return this.url();
  }

  /** The URL to open, with the token. */
  url(): string {
    return `${this.origin()}/?token=${this.token}`;
  }

  /**
   * A URL for one login within a minute (a one-time code, not the token): what `--open` hands to
   * the browser, whose command line other users of the machine can read.
   */
  oneTimeUrl(): string {
    return `${this.origin()}/?code=${this.sessions.issueCode()}`;
  }

  /**
   * A session for this host's own printing browser (the briefing PDF): the loopback origin, the
   * cookie to present, and `end()`, which ends the session once the page is printed (so prints
   * never use up the screens allowed). Null when every session is taken.
   */
  printerSession(): { origin: string; cookie: { name: string; value: string }; end(): void } | null {
    const id = this.sessions.open();
    if (!id) return null;
    const bound = this.boundHost.toLowerCase();
    const loopback = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : this.boundHost.includes(':') ? `[${this.boundHost}]` : this.boundHost;
    return {
      origin: `${this.o.tls ? 'https' : 'http'}://${loopback}:${this.boundPort}`,
      cookie: { name: SESSION_COOKIE, value: id },
      end: () => {
        this.sessions.end(id);
        this.endIdleSockets();
      },
    };
  }

  private origin(): string {
    const host = this.boundHost.includes(':') ? `[${this.boundHost}]` : this.boundHost;
    return `${this.o.tls ? 'https' : 'http'}://${host}:${this.boundPort}`;
  }

  /** Host names a browser may use to reach this host (printed at start). */
  allowedHostNames(): string[] {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    const bound = this.boundHost.toLowerCase();
    if (bound === '0.0.0.0' || bound === '::') {
      names.add(hostname().toLowerCase());
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) if (!a.internal) names.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
      }
    } else names.add(bound.includes(':') ? `[${bound}]` : bound);
    for (const n of this.o.allowedHosts ?? []) if (n.trim()) names.add(n.trim().toLowerCase());
    return [...names];
  }

  /** Live sessions (tests, and the log). */
  get sessionCount(): number {
    this.sessions.sweep();
    return this.sessions.size;
  }

  /**
   * "Log out all screens": ends every session, closes every socket (code 4401) and replaces the
   * token, so an old URL no longer logs in; the new URL goes to `onNewToken` (the host's terminal).
   */
  logOutAll(): number {
    const n = this.sessions.endAll();
    this.currentToken = randomBytes(24).toString('base64url');
    for (const ws of this.wss?.clients ?? []) this.closeSocket(ws, CLOSE_SESSION_ENDED, 'logged out');
    for (const ws of this.collabWss?.clients ?? []) ws.close(CLOSE_SESSION_ENDED, 'logged out');
    this.o.log?.(`all screens logged out (${n} session${n === 1 ? '' : 's'}); the token was replaced`);
    this.o.onNewToken?.(this.url());
    return n;
  }

  private endIdleSockets(): void {
    for (const [ws, session] of this.socketSession) {
      if (session && !this.sessions.isLive(session)) this.closeSocket(ws, CLOSE_SESSION_ENDED, 'session expired');
    }
  }

  get port(): number {
    return this.boundPort;
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const u of this.unsubscribe.splice(0)) u();
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.wss?.close();
    for (const ws of this.collabWss?.clients ?? []) ws.terminate();
    this.collabWss?.close();
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

  /** The request's live session (using it keeps it alive), if any. */
  private sessionOf(req: IncomingMessage): string | undefined {
    const cookies = req.headers.cookie ?? '';
    for (const part of cookies.split(';')) {
      const [k, v] = part.trim().split('=');
      if (k === SESSION_COOKIE && v && this.sessions.use(v)) return v;
    }
    return undefined;
  }

  /** Refuses requests whose Host header is not a name of this server (DNS rebinding). */
  private hostAllowed(req: IncomingMessage): boolean {
    const host = (req.headers.host ?? '').toLowerCase();
    const port = String(this.boundPort);
    this.hostNames ??= this.allowedHostNames();
    return this.hostNames.some((n) => host === `${n}:${port}`);
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
    const code = url.searchParams.get('code');
    if (this.tokenMatches(url.searchParams.get('token')) || (code !== null && this.sessions.redeem(code))) {
      // Trade the token (or a one-time code) for a session cookie and drop it from the address bar.
      const session = this.sessions.open();
      if (!session) {
        res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8' });
        return void res.end(`429: ${this.sessions.max} screens are logged in already; log out all screens from the console, or wait until one has been idle for ${Math.round(this.sessions.idleMs / 3_600_000)} h.\n`);
      }
      url.searchParams.delete('token');
      url.searchParams.delete('code');
      res.writeHead(303, {
        'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/${this.o.tls ? '; Secure' : ''}`,
        location: `${url.pathname}${url.search}`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (!this.sessionOf(req)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      const why = code !== null ? 'this one-time link was used already or is more than a minute old; ' : '';
      return void res.end(`401: ${why}open the console with the URL (and token) the host printed at start. A session ends after ${Math.round(this.sessions.idleMs / 3_600_000)} h unused, or when all screens are logged out.\n`);
    }
    if (url.pathname.startsWith(DOWNLOAD_PATH)) return this.serveDownload(req, res, url.pathname);
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
      'content-security-policy': contentSecurityPolicy(this.o.mediaOrigins, this.o.socketOrigins),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  /**
   * A one-time download (an exported archive): a logged-in screen, a page of this host (Origin),
   * GET only; the token is used up by the first request, right or wrong ending, and the file is
   * streamed from disk and deleted once sent.
   */
  private serveDownload(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (!this.originAllowed(req)) return void res.writeHead(403).end('forbidden origin');
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    const d = this.o.downloads?.take(pathname);
    if (!d) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end('404: this download link was used already, has expired or never existed; export again.\n');
    }
    res.on('close', () => d.done());
    const stream = createReadStream(d.path);
    stream.on('error', (err) => {
      this.o.log?.(`download of ${d.fileName} failed: ${err.message}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    stream.once('open', () => {
      res.writeHead(200, {
        'content-type': d.contentType,
        'content-length': d.bytes,
        'content-disposition': attachmentDisposition(d.fileName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      stream.pipe(res);
    });
  }

  /** Sockets open now (tests, and the log). */
  get socketCount(): number {
    return this.wss?.clients.size ?? 0;
  }

  /**
   * One client's socket. Every text frame carries `{ id: number, channel, payload }` and gets
   * `{ id, result }`; a frame that cannot be answered (not JSON, no numeric id, binary) closes the
   * socket with a reason, so a waiting client learns at once instead of hanging. Protocol errors
   * (oversize 1009, bad UTF-8 1007, unmasked/reserved/RSV 1002) are closed by `ws` with their code
   * and end only that socket.
   */
  private serveSocket(ws: WebSocket, session: string | undefined): void {
    let inFlight = 0;
    let paused = false;
    this.socketSession.set(ws, session);
    ws.on('error', (err) => this.o.log?.(`socket closed on a client error: ${err.message}`));
    ws.on('close', () => {
      inFlight = 0;
      this.socketSession.delete(ws);
      ws.removeAllListeners('message');
    });
    const refuse = (code: number, reason: string): void => {
      this.o.log?.(`socket closed: ${reason}`);
      this.closeSocket(ws, code, reason);
    };
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      if (session && !this.sessions.use(session)) return this.closeSocket(ws, CLOSE_SESSION_ENDED, 'session expired');
      if (isBinary) return refuse(CLOSE_UNSUPPORTED, 'binary frames are not part of the protocol');
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return refuse(CLOSE_POLICY, 'a request must be JSON');
      }
      const id = (msg as { id?: unknown } | null)?.id;
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || typeof id !== 'number' || !Number.isFinite(id)) {
        return refuse(CLOSE_POLICY, 'a request must be an object with a numeric id');
      }
      const { channel, payload } = msg as { channel?: unknown; payload?: unknown };
      if (channel === OPERATION_CHANNELS.logOutAllScreens) {
        // A host operation, not the core's: answer first, then end every session (this one too).
        ws.send(JSON.stringify({ id, result: { ok: true, value: { sessions: this.sessions.size } } }));
        this.logOutAll();
        return;
      }
      inFlight++;
      if (inFlight >= MAX_REQUESTS_IN_FLIGHT && !paused) {
        // Back-pressure: stop reading this socket until its answers are out.
        paused = true;
        ws.pause();
      }
      void dispatch(this.o.core.handlers, channel, payload, (err) =>
        this.o.log?.(`operation ${String(channel).slice(0, 80)} failed: ${(err as Error).stack ?? String(err)}`),
      ).then((result) => {
        inFlight--;
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_UNREAD_BYTES) return refuse(CLOSE_TOO_SLOW, 'the client does not read its replies');
        ws.send(JSON.stringify({ id, result }));
        if (paused && inFlight < MAX_REQUESTS_IN_FLIGHT / 2) {
          paused = false;
          ws.resume();
        }
      });
    });
  }

  /**
   * Closes a socket with a code and reason, and drops it for good shortly after: a client that
   * does not read would never see the close frame, and its queued bytes must be freed now.
   */
  private closeSocket(ws: WebSocket, code: number, reason: string): void {
    if (ws.readyState === ws.CLOSED) return;
    if (ws.readyState === ws.OPEN) ws.close(code, reason);
    if (ws.bufferedAmount > MAX_UNREAD_BYTES) ws.terminate();
    else setTimeout(() => ws.terminate(), 1000).unref();
  }

  private broadcast(name: EventName, payload: unknown): void {
    if (!this.wss || this.wss.clients.size === 0) return;
    const frame = JSON.stringify({ event: EVENT_CHANNELS[name], payload });
    for (const ws of this.wss.clients) {
      // A client that cannot keep up is dropped rather than buffered without bound; it reconnects
      // and re-queries.
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_UNREAD_BYTES) this.closeSocket(ws, CLOSE_TOO_SLOW, 'the client does not read its events');
      else ws.send(frame);
    }
  }
}
