import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '@shared/domain/alert';
import { redactUrl } from '@shared/redact';
import { ConnectorBase } from './connector-base';
import type { FeedSink } from './feed-connector';
import { FetchError, fetchText } from './http-fetch';
import { MAX_CAP_BYTES, parseCapDocument } from './cap';
import { PollCycle } from './poll-cycle';
import { readRegularFile } from './read-limited';

export interface CapFeedOptions {
  id: string;
  name: string;
  /** An http(s) URL of a CAP document or of an Atom/RSS index of them… */
  url?: string;
  /** …or a folder of `.xml` CAP documents (a drop folder). */
  folder?: string;
  sink: FeedSink;
  intervalMs?: number;
  maxDocumentBytes?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * CAP 1.2 alerts: polls a single document, an Atom/RSS index (fetching each entry it has not
 * seen), or a folder. What it has seen (entry id and update time, or file name, size and time)
 * is the cursor, stored with the alerts; the alerts table refuses a second copy anyway.
 */
export class CapFeed extends ConnectorBase {
  private readonly cycle = new PollCycle((ctrl) => this.poll(ctrl));

  constructor(private readonly o: CapFeedOptions) {
    super(o, 'cap', o.url ? redactUrl(o.url) : `folder:${o.folder ?? ''}`);
    if (!o.url === !o.folder) throw new Error('a CAP feed needs either a url or a folder');
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

  private seen(): Set<string> {
    try {
      const c = JSON.parse(this.o.sink.cursor(this.id) ?? '') as { seen?: unknown };
      if (Array.isArray(c.seen)) return new Set(c.seen.filter((s): s is string => typeof s === 'string'));
    } catch {
      // no cursor yet
    }
    return new Set();
  }

  private async poll(ctrl: AbortController): Promise<void> {
    try {
      const seen = this.seen();
      const current = new Set<string>();
      const alerts: Alert[] = [];
      const max = this.o.maxDocumentBytes ?? MAX_CAP_BYTES;
      const take = (xml: string, size: number, where: string): void => {
        const doc = parseCapDocument(xml, this.id, this.now(), where, this.base.maxFutureSkewMs);
        if (doc.kind === 'alert' && doc.result.ok) {
          this.st.received += 1;
          alerts.push(doc.result.alert);
        } else {
          this.refuse(doc.kind === 'alert' && !doc.result.ok ? doc.result.reason : doc.kind === 'invalid' ? doc.reason : 'an index inside an index', xml, size);
        }
      };
      if (this.o.folder) {
        const names = (await readdir(this.o.folder)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
        for (const name of names.slice(0, 5000)) {
          const path = join(this.o.folder, name);
          let key = '';
          // Not stat().size: the file is opened, refused unless regular (a symlink to /dev/zero,
          // a FIFO), and its bytes counted while read (read-limited.ts).
          const got = await readRegularFile(path, max, (s) => {
            key = `${name}:${s.size}:${s.mtimeMs}`;
            current.add(key);
            return seen.has(key);
          }).catch((err: NodeJS.ErrnoException) => ({ kind: 'gone' as const, code: err.code }));
          if (got.kind === 'gone' || got.kind === 'skipped') continue;
          if (got.kind === 'refused') {
            const refusedKey = `${name}:refused:${got.stats.mtimeMs}`;
            current.add(refusedKey);
            if (!seen.has(refusedKey)) this.refuse(`${name}: ${got.reason}`, name, got.size);
            continue;
          }
          take(got.text, got.size, `file://${path}`);
        }
      } else {
        const url = this.o.url!;
        const top = await this.fetch(url, max, ctrl);
        if (!this.cycle.current(ctrl)) return;
        if (top) {
          const doc = parseCapDocument(top.text, this.id, this.now(), url, this.base.maxFutureSkewMs);
          if (doc.kind === 'index') {
            for (const e of doc.entries) {
              const key = `${e.id}@${e.updated ?? ''}`;
              current.add(key);
              if (seen.has(key)) continue;
              const got = await this.fetch(e.link, max, ctrl);
              if (!this.cycle.current(ctrl)) return;
              if (got) take(got.text, got.size, e.link);
            }
          } else {
            take(top.text, top.size, url);
          }
        }
      }
      this.connected();
      if (alerts.length) this.arrived(Math.max(...alerts.map((a) => a.sent)));
      const cursor = { feedId: this.id, value: JSON.stringify({ seen: [...current] }) };
      const stored = this.o.sink.alerts?.(alerts, cursor) ?? { added: alerts.length, duplicates: 0 };
      this.st.accepted += stored.added;
      this.st.duplicates += stored.duplicates;
      this.o.sink.statusChanged();
      if (!this.cycle.current(ctrl)) return;
      this.cycle.again(this.o.intervalMs ?? 10_000);
    } catch (err) {
      if (!this.cycle.current(ctrl)) return;
      this.connectionLost((err as Error).message);
    }
  }

  /** Fetches one document; an oversize one is quarantined (undefined), other failures throw. */
  private async fetch(url: string, max: number, ctrl: AbortController): Promise<{ text: string; size: number } | undefined> {
    try {
      return await fetchText(url, { maxBytes: max, signal: ctrl.signal, headers: { accept: 'application/cap+xml, application/atom+xml, application/xml' } });
    } catch (err) {
      if (err instanceof FetchError && err.oversize) {
        this.refuse(err.message, url);
        return undefined;
      }
      throw err;
    }
  }
}
