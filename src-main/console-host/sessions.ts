import { randomBytes } from 'node:crypto';

/** Twelve hours: a shift, with its handover. */
export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** Screens logged in at once: the wall, the desks and a few laptops. */
export const DEFAULT_MAX_SESSIONS = 32;
/** How long the code in an `--open` URL can be redeemed. */
export const ONE_TIME_CODE_TTL_MS = 60 * 1000;

export interface SessionOptions {
  /** A session not used for this long ends. */
  idleMs?: number;
  /** Live sessions at most; a new login past it is refused. */
  max?: number;
  now?: () => number;
}

/**
 * The console host's logins: a session per screen (the cookie's value), ended by idleness, by
 * "log out all screens", or never started past the limit; and one-time codes, each good for one
 * login within a minute (so a browser can be opened with a URL that is useless once used).
 */
export class SessionRegistry {
  readonly idleMs: number;
  readonly max: number;
  private readonly now: () => number;
  /** Session id → when it was last used. */
  private readonly lastUsed = new Map<string, number>();
  /** One-time code → when it stops being good. */
  private readonly codes = new Map<string, number>();

  constructor(o: SessionOptions = {}) {
    this.idleMs = o.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.max = o.max ?? DEFAULT_MAX_SESSIONS;
    this.now = o.now ?? Date.now;
  }

  /** A new session, or null when the limit is reached. */
  open(): string | null {
    this.sweep();
    if (this.lastUsed.size >= this.max) return null;
    const id = randomBytes(24).toString('base64url');
    this.lastUsed.set(id, this.now());
    return id;
  }

  /** Whether the session is live; using it keeps it alive. */
  use(id: string): boolean {
    const at = this.lastUsed.get(id);
    if (at === undefined) return false;
    if (this.now() - at > this.idleMs) {
      this.lastUsed.delete(id);
      return false;
    }
    this.lastUsed.set(id, this.now());
    return true;
  }

  /** Whether the session is live, without counting this as use. */
  isLive(id: string): boolean {
    const at = this.lastUsed.get(id);
    return at !== undefined && this.now() - at <= this.idleMs;
  }

  /** Ends one session. */
  end(id: string): void {
    this.lastUsed.delete(id);
  }

  /** Ends every session; returns how many there were. */
  endAll(): number {
    const n = this.lastUsed.size;
    this.lastUsed.clear();
    this.codes.clear();
    return n;
  }

  get size(): number {
    return this.lastUsed.size;
  }

  /** Forgets idle sessions and stale codes. */
  sweep(): void {
    const now = this.now();
    for (const [id, at] of this.lastUsed) if (now - at > this.idleMs) this.lastUsed.delete(id);
    for (const [code, until] of this.codes) if (now > until) this.codes.delete(code);
  }

  /** A code good for one login within a minute. */
  issueCode(): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + ONE_TIME_CODE_TTL_MS);
    return code;
  }

  /** Spends a code: true once, within its minute; false for an unknown, used or stale code. */
  redeem(code: string): boolean {
    const until = this.codes.get(code);
    if (until === undefined) return false;
    this.codes.delete(code);
    return this.now() <= until;
  }
}
