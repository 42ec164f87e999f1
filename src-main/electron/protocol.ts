import { createReadStream } from 'node:fs';
import { readFile as fsReadFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { extname, isAbsolute, join, relative } from 'node:path';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '@shared/security';
import { attachmentDisposition, DOWNLOAD_PATH, type ArchiveDownloads } from '../consultation/archive-downloads';

/**
 * The renderer is served from `app://console/` instead of `file://`: a real origin lets the CSP,
 * the IPC sender check and the permission table all key on one value.
 */
const origin = new URL(APP_ORIGIN);

/** Scheme of the app protocol, without the colon (`app`). */
export const APP_SCHEME = origin.protocol.slice(0, -1);
/** Host part of the app origin (`console`). */
export const APP_HOST = origin.host;
/** Page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the app origin: scheme `app`, host `console`, no credentials, no
 * port. Parsed with the URL parser rather than compared by prefix, so `app://console.evil/` and
 * `app://x@console/` do not pass.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === origin.protocol &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/**
 * Maps a request URL on the app origin to a file under `rendererRoot` (`index.html` for `/` and
 * for any path ending in `/`). Returns null for another origin, for `.`/`..` segments (plain or
 * percent-encoded), for encoded separators or NUL, and for anything that would land outside
 * the root. Chromium normalises standard-scheme URLs before they reach the handler; this check
 * does not rely on that.
 */
export function resolveAppAsset(rendererRoot: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  // Work on the raw text after the origin: the URL parser would silently fold `..` segments,
  // turning a traversal attempt into a harmless-looking path instead of a refusal.
  if (requestUrl !== APP_ORIGIN && !requestUrl.startsWith(`${APP_ORIGIN}/`)) return null;
  const rawPath = requestUrl.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '';

  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..') return null;
    if (/[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push('index.html');

  const file = join(rendererRoot, ...segments);
  const rel = relative(rendererRoot, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

/**
 * Content type for a file by its extension. Module scripts are refused by Chromium without a
 * JavaScript type, so the table must cover what the renderer build emits.
 */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads a whole file; injectable so the handler can be tested without a renderer build. */
export type ReadAsset = (file: string) => Promise<Uint8Array>;

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * The `protocol.handle` callback for the app scheme: GET/HEAD only, files under `rendererRoot`
 * only, each response carrying the renderer CSP.
 */
export function createAssetHandler(
  rendererRoot: string,
  readAsset: ReadAsset = fsReadFile,
  /** The CSP to send; a function when it depends on configuration read after the handler is registered. */
  csp: string | (() => string) = CONTENT_SECURITY_POLICY,
  /** One-time downloads (exported archives) at `app://console/cc-download/<token>`, as the console host serves them. */
  downloads?: () => Pick<ArchiveDownloads, 'take'> | undefined,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    if (isAppUrl(request.url) && new URL(request.url).pathname.startsWith(DOWNLOAD_PATH)) return serveDownload(request, downloads?.());
    const file = resolveAppAsset(rendererRoot, request.url);
    if (!file) return plain(404, 'not found');
    let body: Uint8Array;
    try {
      body = await readAsset(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plain(404, 'not found');
      return plain(500, 'could not read the file');
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file),
        'Content-Security-Policy': typeof csp === 'function' ? csp() : csp,
        'X-Content-Type-Options': 'nosniff',
        // Files change with every build; revalidation is free on a local protocol.
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** A one-time download: GET only, the token used up at once, the file streamed and deleted once sent. */
function serveDownload(request: Request, downloads: Pick<ArchiveDownloads, 'take'> | undefined): Response {
  if (request.method !== 'GET') return plain(405, 'method not allowed');
  const d = downloads?.take(new URL(request.url).pathname);
  if (!d) return plain(404, 'this download link was used already, has expired or never existed; export again');
  const file = createReadStream(d.path);
  file.on('close', () => d.done());
  return new Response(Readable.toWeb(file) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': d.contentType,
      'Content-Length': String(d.bytes),
      'Content-Disposition': attachmentDisposition(d.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
