import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isSecretName } from '@shared/redact';

/** One gateway origin with the credentials the renderer must never see. */
interface Upstream {
  origin: string;
  headers: Record<string, string>;
  /** Secret query parameters, added back to every request. */
  query: [string, string][];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
const REQUEST_HEADERS = ['range', 'content-type', 'accept', 'if-match'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'cache-control', 'link'];
const MAX_BODY = 256 * 1024; // a WHEP offer or an ICE candidate, never media

/**
 * Keeps camera and gateway credentials in the host. A stream URL from video.json with userinfo
 * (`http://user:pass@gw/…`) or a secret query parameter (`?token=…`) reaches the renderer as
 * `http://127.0.0.1:<port>/<play token>/<upstream>/<path>` on this loopback proxy, which adds the
 * credentials (a Basic `Authorization` header, the secret parameters) when it forwards the
 * request. The play token is random per launch and known only to the renderer the host serves.
 * Relative URLs inside HLS playlists keep working because the path is kept as it is.
 */
export class MediaCredentialProxy {
  private readonly token = randomBytes(18).toString('base64url');
  private readonly upstreams: Upstream[] = [];
  private readonly keys = new Map<string, number>();
  private server?: Server;
  private base = '';

  /** Starts listening on loopback; resolves with the proxy's base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** True when a URL carries something the renderer must not see. */
  static hasSecret(url: string): boolean {
    try {
      const u = new URL(url);
      return u.username !== '' || u.password !== '' || [...u.searchParams.keys()].some(isSecretName);
    } catch {
      return false;
    }
  }

  /** The URL the renderer gets: unchanged when it holds no secret, else through this proxy. Call after start(). */
  publicUrl(url: string): string {
    if (!MediaCredentialProxy.hasSecret(url)) return url;
    if (!this.base) throw new Error('the media proxy is not started');
    const u = new URL(url);
    const headers: Record<string, string> = {};
    if (u.username || u.password) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    }
    const query: [string, string][] = [];
    const kept = new URLSearchParams();
    for (const [k, v] of u.searchParams) {
      if (isSecretName(k)) query.push([k, v]);
      else kept.append(k, v);
    }
    const key = JSON.stringify([u.origin, headers, query]);
    let index = this.keys.get(key);
    if (index === undefined) {
      index = this.upstreams.push({ origin: u.origin, headers, query }) - 1;
      this.keys.set(key, index);
    }
    const search = kept.toString();
    return `${this.base}/${this.token}/${index}${u.pathname}${search ? `?${search}` : ''}`;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'location, content-range, link');
    const m = /^\/([\w-]+)\/(\d+)(\/[^?#]*)(\?.*)?$/.exec(req.url ?? '');
    const upstream = m && this.tokenMatches(m[1]!) ? this.upstreams[Number(m[2])] : undefined;
    if (!m || !upstream || !METHODS.has(req.method ?? '')) return void res.writeHead(404).end();
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, HEAD, POST, PATCH, DELETE', 'access-control-allow-headers': 'range, content-type, if-match', 'access-control-max-age': '600' });
      return void res.end();
    }
    const target = new URL(`${upstream.origin}${m[3]}${m[4] ?? ''}`);
    for (const [k, v] of upstream.query) target.searchParams.set(k, v);
    const headers: Record<string, string> = { ...upstream.headers };
    for (const h of REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const out = send(target, { method: req.method, headers, timeout: 15_000 }, (up) => {
      const h: Record<string, string> = {};
      for (const name of RESPONSE_HEADERS) {
        const v = up.headers[name];
        if (typeof v === 'string') h[name] = v;
      }
      // WHEP answers with the session's Location: keep it pointing at this proxy.
      const loc = up.headers.location;
      if (typeof loc === 'string') {
        const abs = new URL(loc, target);
        if (abs.origin === upstream.origin) h.location = `${this.base}/${this.token}/${m[2]}${abs.pathname}`;
      }
      res.writeHead(up.statusCode ?? 502, h);
      up.pipe(res);
    });
    out.on('timeout', () => out.destroy(new Error('gateway timeout')));
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on('close', () => out.destroy());
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY) {
        out.destroy();
        req.destroy();
      } else out.write(chunk);
    });
    req.on('end', () => out.end());
  }

  private tokenMatches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
