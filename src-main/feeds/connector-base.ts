import type { FeedStatus } from '@shared/contract';
import { redactSecrets } from '@shared/redact';
import { backoffDelay, type FeedConnector, type FeedSink } from './feed-connector';

export interface ConnectorOptions {
  id: string;
  name: string;
  sink: FeedSink;
  now?: () => number;
  log?: (line: string) => void;
  /** How far ahead of this console's clock a message's time may be (default one day); later ones are refused. */
  maxFutureSkewMs?: number;
  /** Reconnect backoff: first delay and cap, ms. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

/**
 * What every connector shares: its status (state, counts, lag, last error), reconnecting with
 * exponential backoff and jitter, the operator's reconnect, and refusing messages into the
 * quarantine. A subclass opens one connection attempt in `open()` and tears it down in `close()`;
 * when the connection ends it calls `connectionLost()`.
 */
export abstract class ConnectorBase implements FeedConnector {
  readonly id: string;
  protected readonly st: FeedStatus;
  protected readonly now: () => number;
  protected stopped = true;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  /** Consecutive failed attempts since the last success. */
  protected failures = 0;

  protected readonly base: ConnectorOptions;

  constructor(
    base: ConnectorOptions,
    kind: string,
    endpoint: string,
  ) {
    this.id = base.id;
    // Every log line of every connector goes through the one redaction.
    const log = base.log;
    this.base = { ...base, log: log && ((line) => log(redactSecrets(line))) };
    this.now = base.now ?? Date.now;
    this.st = {
      id: base.id,
      name: base.name,
      kind,
      state: 'stopped',
      endpoint,
      received: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      lagMs: null,
      lastMessageAt: null,
      lastError: null,
    };
  }

  /** Starts one connection attempt (or poll loop). */
  protected abstract open(): void;
  /** Ends the current connection, if any; resolves once it is gone. */
  protected abstract close(): Promise<void>;

  /** What the Feeds view and every status event show: never a secret from a URL or an error. */
  status(): FeedStatus {
    return { ...this.st, lastError: this.st.lastError === null ? null : redactSecrets(this.st.lastError) };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('connecting');
    this.open();
  }

  reconnect(): void {
    if (this.stopped) return;
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.close().then(() => {
      if (this.stopped || this.retryTimer) return;
      this.setState('connecting');
      this.open();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.close();
    this.setState('stopped');
  }

  /** The connection or poll failed or ended: try again after a backoff. */
  protected connectionLost(error?: string): void {
    if (error) this.st.lastError = error;
    if (this.stopped || this.retryTimer) return;
    this.failures += 1;
    // One failed poll after a good one is "degraded"; more, or a lost stream, is "down".
    this.setState(this.st.state === 'live' && this.failures < 3 && this.isPolling() ? 'degraded' : 'down');
    const delay = backoffDelay(this.attempt++, this.base.backoffBaseMs ?? 500, this.base.backoffCapMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      if (this.st.state === 'down') this.setState('connecting');
      this.open();
    }, delay);
  }

  /** Polling connectors stay "degraded" through a single failed poll. */
  protected isPolling(): boolean {
    return false;
  }

  /** A successful connection or poll. */
  protected connected(): void {
    this.attempt = 0;
    this.failures = 0;
    this.st.lastError = null;
    this.setState('live');
  }

  /** Counts and quarantines a refused message; the feed goes on. */
  protected refuse(reason: string, payload: unknown, size?: number): void {
    this.st.received += 1;
    this.st.rejected += 1;
    this.st.lastError = reason;
    try {
      this.base.sink.quarantine?.({ feedId: this.id, reason: redactSecrets(reason), payload, size });
    } catch (err) {
      this.base.log?.(`feed ${this.id}: quarantine failed: ${(err as Error).message}`);
    }
  }

  /** A message from the source arrived, stamped `sourceTime` (epoch ms) by the source. */
  protected arrived(sourceTime: number | null): void {
    const now = this.now();
    this.st.lastMessageAt = now;
    if (sourceTime !== null && Number.isFinite(sourceTime)) this.st.lagMs = Math.max(0, now - sourceTime);
  }

  protected setState(state: FeedStatus['state']): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.base.sink.statusChanged();
  }
}
