import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleHost, type HostedCore } from '../../../src-main/console-host/console-host';
import { buildArchive, readArchive, writeArchiveFile } from '../../../src-main/consultation/archive';
import { ArchiveDownloads } from '../../../src-main/consultation/archive-downloads';
import { createAssetHandler } from '../../../src-main/electron/protocol';
import { stubHandlers } from '../fixtures/handler-stubs';
import { get } from '../fixtures/http-get';

const summary = {
  id: 's1',
  title: '内涝会商',
  host: '值班员',
  startedAt: 1,
  endedAt: 2,
  pinned: [],
  decisions: [{ at: 1, by: '王局长', text: '=转移群众', unit: null, deadline: null, caseId: null }],
  annotations: { type: 'FeatureCollection' as const, features: [] },
};
const REC = 'recordings/rec-20260101T000000Z-abcdef.webm';
const NOW = Date.UTC(2026, 11, 1);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-archive-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A recording of `n` bytes that starts as WebM does (more than one read chunk when large). */
function recordingFile(n: number): { path: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(randomBytes(n));
  bytes.set([0x1a, 0x45, 0xdf, 0xa3]);
  const path = join(dir, 'rec.webm');
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('archive written as a stream to a file', () => {
  it('holds the same files and manifest as the in-memory archive, recordings stored', async () => {
    const rec = recordingFile(3 * 1024 * 1024 + 17);
    const pdf = join(dir, 'briefing.pdf');
    writeFileSync(pdf, '%PDF-1.7 briefing');
    const out = join(dir, 'out.zip');
    const written = await writeArchiveFile(summary, pdf, NOW, [{ name: REC, path: rec.path, bytes: rec.bytes.length }], out);
    const zip = new Uint8Array(readFileSync(out));
    expect(written.bytes).toBe(zip.length);
    const opened = readArchive(zip);
    const reference = readArchive(buildArchive(summary, new Uint8Array(readFileSync(pdf)), NOW, [{ name: REC, bytes: rec.bytes }]));
    expect(opened.manifest).toEqual(reference.manifest);
    expect(opened.files.every((f) => f.ok)).toBe(true);
    expect(opened.summary.decisions[0]?.text).toBe('=转移群众');
    expect(Buffer.from(unzipSync(zip)[REC]!).equals(rec.bytes)).toBe(true);
    // Stored, not deflated: the archive is hardly larger than the random recording.
    expect(zip.length).toBeLessThan(rec.bytes.length + 8192);
  });

  it('leaves no file behind when a recording cannot be read', async () => {
    const out = join(dir, 'out.zip');
    await expect(writeArchiveFile(summary, undefined, NOW, [{ name: REC, path: join(dir, 'gone.webm'), bytes: 10 }], out)).rejects.toThrow(/ENOENT/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses recordings past what a zip without ZIP64 holds', async () => {
    await expect(writeArchiveFile(summary, undefined, NOW, [{ name: REC, path: 'x', bytes: 5 * 1024 ** 3 }], join(dir, 'o.zip'))).rejects.toThrow(/4 GiB/);
  });
});

describe('opening an archive without its recordings', () => {
  const full = (): Record<string, Uint8Array> => unzipSync(buildArchive(summary, undefined, NOW, [{ name: REC, bytes: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]) }]));

  it('lists a recording left out as absent, with its size, and checks every file present', () => {
    const files = full();
    delete files[REC];
    const opened = readArchive(zipSync(files), { allowAbsentRecordings: true });
    expect(opened.files.find((f) => f.name === REC)).toMatchObject({ ok: false, absent: true, bytes: 7 });
    expect(opened.files.filter((f) => f.name !== REC).every((f) => f.ok)).toBe(true);
  });

  it('still refuses a missing recording unless asked, any other missing file, and a changed recording', () => {
    const files = full();
    const withoutRec = { ...files };
    delete withoutRec[REC];
    expect(() => readArchive(zipSync(withoutRec))).toThrow(/missing file: recordings/);
    const withoutCsv = { ...files };
    delete withoutCsv['decisions.csv'];
    expect(() => readArchive(zipSync(withoutCsv), { allowAbsentRecordings: true })).toThrow(/decisions\.csv/);
    expect(() => readArchive(zipSync({ ...files, [REC]: strToU8('changed') }), { allowAbsentRecordings: true })).toThrow(/checksum mismatch or missing file: recordings/);
  });
});

describe('one-time archive downloads', () => {
  let host: ConsoleHost;
  let downloads: ArchiveDownloads;
  let clock = NOW;
  let cookie: string;
  const core: HostedCore = { handlers: stubHandlers(), on: () => () => {} };

  beforeEach(async () => {
    clock = NOW;
    downloads = new ArchiveDownloads(join(dir, 'data'), { ttlMs: 60_000, now: () => clock });
    host = new ConsoleHost({ core, rendererDir: dir, port: 0, downloads });
    await host.start();
    cookie = String((await get(host.port, `/?token=${host.token}`)).headers['set-cookie']).split(';')[0]!;
  });
  afterEach(async () => {
    downloads.clear();
    await host.stop();
  });

  const pending = (content = 'PK zip bytes') => {
    const path = downloads.tempPath('.zip');
    writeFileSync(path, content);
    return { path, ...downloads.issue({ path, fileName: 'consultation-s1.zip', bytes: Buffer.byteLength(content), contentType: 'application/zip' }) };
  };

  it('serves the file once as an attachment, streamed, then deletes it; a second use is 404', async () => {
    const d = pending();
    expect(d.url).toBe(`/cc-download/${d.token}`);
    const r = await get(host.port, d.url, { cookie });
    expect(r.status).toBe(200);
    expect(r.body).toBe('PK zip bytes');
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="consultation-s1.zip"; filename*=UTF-8''consultation-s1.zip`);
    expect(r.headers['cache-control']).toBe('no-store');
    await expect.poll(() => existsSync(d.path)).toBe(false);
    expect((await get(host.port, d.url, { cookie })).status).toBe(404);
  });

  it('refuses an unknown token, a path, no session and another origin', async () => {
    const d = pending();
    expect((await get(host.port, `/cc-download/${randomBytes(32).toString('base64url')}`, { cookie })).status).toBe(404);
    expect((await get(host.port, `/cc-download/${d.token.slice(0, -1)}`, { cookie })).status).toBe(404);
    expect((await get(host.port, `/cc-download/..%2f..%2fdata%2fdownloads`, { cookie })).status).toBe(404);
    expect((await get(host.port, d.url)).status).toBe(401);
    expect((await get(host.port, d.url, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, d.url, { cookie, host: `evil.example:${host.port}` })).status).toBe(403);
    // None of those used up the real token.
    expect((await get(host.port, d.url, { cookie })).status).toBe(200);
  });

  it('hands out unguessable tokens: 256 random bits, none repeated, the URL naming no file', () => {
    const tokens = Array.from({ length: 200 }, () => pending().token);
    expect(new Set(tokens).size).toBe(200);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // At most four files wait: the older ones were deleted with their tokens.
    expect(downloads.size).toBe(4);
    expect(readdirSync(downloads.dir)).toHaveLength(4);
  });

  it('expires: an old token is 404 and its file deleted', async () => {
    const d = pending();
    clock += 61_000;
    expect((await get(host.port, d.url, { cookie })).status).toBe(404);
    expect(existsSync(d.path)).toBe(false);
  });

  it('empties its directory on start (a host that stopped abruptly)', () => {
    const left = pending().path;
    new ArchiveDownloads(join(dir, 'data'));
    expect(existsSync(left)).toBe(false);
  });

  it('is served the same way by the app protocol of the desktop window', async () => {
    const d = pending('zip for the window');
    const handler = createAssetHandler(dir, undefined, 'default-src', () => downloads);
    const ok = await handler(new Request(`app://console${d.url}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="consultation-s1.zip"/);
    expect(await ok.text()).toBe('zip for the window');
    expect((await handler(new Request(`app://console${d.url}`))).status).toBe(404);
    await expect.poll(() => existsSync(d.path)).toBe(false);
  });
});
