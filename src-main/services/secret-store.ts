import { chmodSync, existsSync, openSync, closeSync, readFileSync, renameSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database';

/**
 * Where the console keeps secrets (the Tianditu token, feed and gateway credentials): never in the
 * database, never in a file others can read. Two implementations: `FileSecretStore` (an
 * owner-only 0600 file, for the console host and the command line) and, in the Electron app,
 * `SafeStorageSecretStore` (src-main/electron/safe-storage-secrets.ts: encrypted with the OS key
 * store through Electron's safeStorage).
 */
export interface SecretStore {
  /** What keeps the secrets, for messages (`file 0600`, `safeStorage (gnome_libsecret)`). */
  readonly kind: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  names(): Promise<string[]>;
  /** Moves secrets the command line left in the plain owner-only file into this store (safeStorage). */
  importPlaintext?(): Promise<string[]>;
}

/** Stored in place of the Tianditu token in the basemap setting: the token itself is in the secret store. */
export const IN_SECRET_STORE = '@secret-store';

/** Plain-text secrets file in the data directory (owner-only). */
export const SECRETS_FILE = 'secrets.json';
/** Secret names: what `{secret:NAME}` in feeds.json and video.json refers to. */
export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The Tianditu key of the basemap setting. */
export const TIANDITU_TOKEN_SECRET = 'basemap.tianditu.token';

/** Reads a JSON object of strings; an absent file is empty. */
export function readSecretsFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path}: not a JSON object`);
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Writes a secrets file with mode 0600 from its first byte (temp file, fsync, rename). */
export function writeSecretsFile(path: string, values: Record<string, string>): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(values, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600); // an existing temp file keeps its old mode otherwise
  renameSync(temp, path);
}

/**
 * Secrets in `secrets.json`, readable and writable by the owner only (0600). A file found with
 * wider permissions (copied in by hand) is narrowed to 0600 when the store opens it, and the log
 * says so.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file 0600';
  private readonly path: string;

  constructor(dataDir: string, private readonly log: (line: string) => void = () => {}) {
    this.path = join(dataDir, SECRETS_FILE);
  }

  private read(): Record<string, string> {
    if (existsSync(this.path) && process.platform !== 'win32' && (statSync(this.path).mode & 0o077) !== 0) {
      chmodSync(this.path, 0o600);
      this.log(`${SECRETS_FILE} was readable by others; its permissions are now 0600`);
    }
    return readSecretsFile(this.path);
  }

  async get(name: string): Promise<string | undefined> {
    return this.read()[name];
  }

  async set(name: string, value: string): Promise<void> {
    if (!SECRET_NAME.test(name)) throw new Error(`secret name "${name.slice(0, 80)}": letters, digits, . _ -`);
    writeSecretsFile(this.path, { ...this.read(), [name]: value });
  }

  async delete(name: string): Promise<void> {
    const values = this.read();
    if (!(name in values)) return;
    delete values[name];
    writeSecretsFile(this.path, values);
  }

  async names(): Promise<string[]> {
    return Object.keys(this.read()).sort();
  }
}

/**
 * Replaces `{secret:NAME}` in every string of a configuration (feeds.json, video.json) with the
 * secret, percent-encoded (the references sit in URLs: `https://loudi:{secret:cm-pw}@cm.example.org`,
 * `?token={secret:gps-token}`). A reference to a missing secret is an error naming it.
 */
export async function resolveSecretRefs<T>(value: T, secrets: SecretStore, file: string): Promise<T> {
  const names = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/\{secret:([^}]*)\}/g)) names.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(value);
  if (names.size === 0) return value;
  const found = new Map<string, string>();
  for (const name of names) {
    const s = SECRET_NAME.test(name) ? await secrets.get(name) : undefined;
    if (s === undefined) throw new Error(`${file}: the secret "${name.slice(0, 64)}" is not in the secret store (npm run cli -- secret set ${name.slice(0, 64)})`);
    found.set(name, s);
  }
  const replace = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{secret:([^}]*)\}/g, (_, n: string) => encodeURIComponent(found.get(n)!));
    if (Array.isArray(v)) return v.map(replace);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  return replace(value) as T;
}

/** The operator agreed to keep secrets with Linux's `basic_text` safeStorage backend (`cli secret --allow-basic-text yes`). */
export function operatorAllowsBasicText(db: Db): boolean {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'secrets.allowBasicText'").get() as { value: string } | undefined;
  return row?.value === 'true';
}

export function setOperatorAllowsBasicText(db: Db, allow: boolean): void {
  db.prepare("INSERT INTO settings (key, value) VALUES ('secrets.allowBasicText', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(allow));
}
