import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@shared/contract';
import { FeedIngest } from '../../../src-main/feeds/feed-ingest';
import { HttpPollFeed } from '../../../src-main/feeds/http-poll-feed';
import { Open311Feed } from '../../../src-main/feeds/open311-feed';
import { SseFeed } from '../../../src-main/feeds/sse-feed';
import type { FeedConnector, FeedSink } from '../../../src-main/feeds/feed-connector';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { noEvents, until } from './helpers';

const USER = 'loudi';
const PASS = 'S3cret-pw';
const TOKEN = 'T0ken-abc';
const hello = { type: 'hello', runId: 'R', latestSeq: 0, serverTime: 0 };

let dir: string;
let db: Db;
let ingest: FeedIngest;
let server: Server;
let base: string;
let feed: FeedConnector | undefined;
const auths: (string | undefined)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cred-'));
  db = openDatabase(dir);
  ingest = new FeedIngest(db, new IncidentStore(db), noEvents);
  auths.length = 0;
  // A backend that answers only with Basic auth, as many vendor gateways do.
  server = createServer((req, res) => {
    auths.push(req.headers.authorization);
    if (req.headers.authorization !== `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' }).end();
      return;
    }
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/pages') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello, items: [], more: false }));
    else if (path === '/requests.json') res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    else if (path === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(hello)}\n\n`);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sink that records every status a feed-status event would carry. */
function recordingSink(events: FeedStatus[]): FeedSink {
  const sink = ingest.sink();
  return { ...sink, statusChanged: () => (sink.statusChanged(), feed && events.push(feed.status())) };
}

const makers: [string, (url: string, sink: FeedSink) => FeedConnector, string][] = [
  ['http-poll', (url, sink) => new HttpPollFeed({ id: 'poll', name: 'poll', url, sink, intervalMs: 100_000 }), '/pages'],
  ['open311', (url, sink) => new Open311Feed({ id: 'cm', name: 'cm', url, sink, intervalMs: 100_000 }), '/requests.json'],
  ['sse', (url, sink) => new SseFeed({ id: 'sse', name: 'sse', url, sink }), '/stream'],
];

describe('feed credentials in the URL', () => {
  for (const [kind, make, path] of makers) {
    it(`${kind}: user:pass@ in the URL becomes a Basic Authorization header and the feed connects`, async () => {
      const events: FeedStatus[] = [];
      feed = make(`http://${USER}:${PASS}@${base}${path}?token=${TOKEN}`, recordingSink(events));
      feed.start();
      await until(() => feed!.status().state === 'live', 10_000, `${kind} live`);
      expect(auths.at(-1)).toBe(`Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`);
      expect(feed.status().endpoint).not.toContain(PASS);
      expect(feed.status().endpoint).not.toContain(TOKEN);
    });

    it(`${kind}: no status event and no lastError carries the password or the token`, async () => {
      const events: FeedStatus[] = [];
      feed = make(`http://${USER}:wrong-${PASS}@${base}${path}?token=${TOKEN}`, recordingSink(events));
      feed.start();
      await until(() => feed!.status().lastError !== null, 10_000, `${kind} fails`);
      const seen = JSON.stringify([...events, feed.status()]);
      expect(feed.status().lastError).toMatch(/401/);
      expect(seen).not.toContain(PASS);
      expect(seen).not.toContain(TOKEN);
    });
  }

  it('a lastError that quotes a URL (here a refused connection message) is shown redacted', async () => {
    const events: FeedStatus[] = [];
    // Port 1 on loopback refuses; the URL also carries a userinfo the base would have to strip.
    feed = new HttpPollFeed({ id: 'poll', name: 'poll', url: `http://${USER}:${PASS}@127.0.0.1:1/pages?access_token=${TOKEN}`, sink: recordingSink(events) });
    feed.start();
    await until(() => feed!.status().lastError !== null, 10_000, 'fails');
    const seen = JSON.stringify([...events, feed.status()]);
    expect(seen).not.toContain(PASS);
    expect(seen).not.toContain(TOKEN);
  });
});
