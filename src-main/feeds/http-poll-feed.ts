import { redactUrl } from '@shared/redact';
import type { FeedSink } from './feed-connector';
import { GridStreamConnector } from './grid-stream';
import { fetchText } from './http-fetch';
import { PollCycle } from './poll-cycle';

export interface HttpPollFeedOptions {
  id: string;
  name: string;
  /** http(s) URL of the pages; the connector adds `since` and `limit`. */
  url: string;
  sink: FeedSink;
  /** Pause between polls once caught up, ms. */
  intervalMs?: number;
  /** Items asked for per page. */
  pageSize?: number;
  /** Largest page accepted, bytes. */
  maxPageBytes?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * JSON pages with a cursor: `GET url?since=<seq>&limit=N` answers
 * `{ "hello": {type:"hello", runId, …}, "items": [stream messages], "more": true|false }`.
 * Pages follow each other at once while `more` is true, then every `intervalMs`. Each page is
 * stored with its cursor before the next is asked for, so memory holds one page at most.
 */
export class HttpPollFeed extends GridStreamConnector {
  private readonly cycle = new PollCycle((ctrl) => this.poll(ctrl));

  constructor(private readonly o: HttpPollFeedOptions) {
    super({ ...o, maxBatch: Number.MAX_SAFE_INTEGER, flushMs: 60_000 }, 'http-poll', redactUrl(o.url));
  }

  protected override isPolling(): boolean {
    return true;
  }

  protected open(): void {
    this.cycle.start();
  }

  protected async close(): Promise<void> {
    await this.cycle.stop();
  }

  private async poll(ctrl: AbortController): Promise<void> {
    try {
      for (;;) {
        const since = this.resumeFrom();
        const url = new URL(this.o.url);
        url.searchParams.set('since', String(since));
        url.searchParams.set('limit', String(this.o.pageSize ?? 500));
        const { text, size } = await fetchText(url.toString(), { maxBytes: this.o.maxPageBytes ?? 16 * 1024 * 1024, signal: ctrl.signal });
        if (!this.cycle.current(ctrl)) return;
        let page: unknown;
        try {
          page = JSON.parse(text);
        } catch {
          this.refuse('page is not JSON', text, size);
          throw new Error('page is not JSON');
        }
        const p = page as { hello?: unknown; items?: unknown; more?: unknown };
        if (!p || typeof p !== 'object' || !Array.isArray(p.items)) {
          this.refuse('page has no items', page, size);
          throw new Error('page has no items');
        }
        if (!this.onMessage(p.hello)) continue; // the source restarted: ask again from 0
        for (const item of p.items) if (!this.onMessage(item)) break;
        if (!this.flush()) throw new Error(this.st.lastError ?? 'store failed');
        if (p.more !== true) break;
      }
      if (!this.cycle.current(ctrl)) return;
      this.cycle.again(this.o.intervalMs ?? 2000);
    } catch (err) {
      if (!this.cycle.current(ctrl)) return;
      this.discardBuffer();
      this.connectionLost((err as Error).message);
    }
  }
}
