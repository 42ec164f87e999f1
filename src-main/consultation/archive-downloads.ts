import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The URL path downloads are served under: `/cc-download/<token>` and nothing else. */
export const DOWNLOAD_PATH = '/cc-download/';
/** A token: 32 random bytes (256 bits), base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A file waiting for its one download. */
export interface PendingDownload {
  path: string;
  fileName: string;
  bytes: number;
  contentType: string;
}

interface Entry extends PendingDownload {
  expiresAt: number;
  timer: NodeJS.Timeout;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Files the host wrote for the person to download (an archive too big for one contract reply):
 * each is handed out once under a random 256-bit token, for a short time, and deleted after its
 * download or when it expires. Tokens are kept only as their SHA-256 (a lookup leaks no timing
 * about the token), the URL carries no path, and files live in one directory of the data
 * directory that is emptied on start (a host that stopped abruptly leaves nothing behind for long).
 */
export class ArchiveDownloads {
  readonly dir: string;
  private readonly pending = new Map<string, Entry>();

  constructor(
    dataDir: string,
    private readonly o: { ttlMs?: number; maxPending?: number; now?: () => number; log?: (line: string) => void } = {},
  ) {
    this.dir = join(dataDir, 'downloads');
    mkdirSync(this.dir, { recursive: true });
    for (const f of readdirSync(this.dir)) rmSync(join(this.dir, f), { force: true, recursive: true });
  }

  /** How long a token stays valid (default 10 minutes). */
  get ttlMs(): number {
    return this.o.ttlMs ?? 10 * 60_000;
  }

  /** A fresh path in the downloads directory to write a file to. */
  tempPath(ext: string): string {
    return join(this.dir, `${randomBytes(12).toString('hex')}${ext}`);
  }

  /** Hands out `file` once: answers its token and the URL path to fetch it from. */
  issue(file: PendingDownload): { token: string; url: string; expiresAt: number } {
    // At most a few files wait: the oldest goes first (an archive can be gigabytes on disk).
    const max = this.o.maxPending ?? 4;
    while (this.pending.size >= max) this.drop(this.pending.keys().next().value!);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = (this.o.now ?? Date.now)() + this.ttlMs;
    const key = hash(token);
    const timer = setTimeout(() => this.drop(key), this.ttlMs);
    timer.unref();
    this.pending.set(key, { ...file, expiresAt, timer });
    return { token, url: `${DOWNLOAD_PATH}${token}`, expiresAt };
  }

  /**
   * The file for a request path, taken (a second request gets nothing), or null for any other
   * path, an unknown or expired token. The caller streams it and calls `done()` when finished,
   * which deletes the file.
   */
  take(pathname: string): (PendingDownload & { done(): void }) | null {
    if (!pathname.startsWith(DOWNLOAD_PATH)) return null;
    const token = pathname.slice(DOWNLOAD_PATH.length);
    if (!TOKEN.test(token)) return null;
    const key = hash(token);
    const e = this.pending.get(key);
    if (!e) return null;
    this.pending.delete(key);
    clearTimeout(e.timer);
    if ((this.o.now ?? Date.now)() > e.expiresAt) {
      rmSync(e.path, { force: true });
      return null;
    }
    return { path: e.path, fileName: e.fileName, bytes: e.bytes, contentType: e.contentType, done: () => rmSync(e.path, { force: true }) };
  }

  /** Files waiting now (tests). */
  get size(): number {
    return this.pending.size;
  }

  /** Deletes every waiting file (the host stops). */
  clear(): void {
    for (const key of [...this.pending.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const e = this.pending.get(key);
    if (!e) return;
    this.pending.delete(key);
    clearTimeout(e.timer);
    rmSync(e.path, { force: true });
    this.o.log?.(`download of ${e.fileName} expired unused; its file was deleted`);
  }
}

/** `Content-Disposition: attachment` with the name in ASCII and in UTF-8 (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
