import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { ConsultationSummarySchema, type ConsultationSummary } from '@shared/consultation/summary';

/**
 * A consultation's archive: one zip another console can open read-only. Files:
 * `manifest.json` (the session, and each other file's name, size and SHA-256), `summary.json`
 * (what the briefing takes), `annotations.geojson`, `decisions.json`, `decisions.csv` (UTF-8 with
 * BOM, for Excel), `briefing.pdf` when the session's briefing was made and `recordings/*.webm`, the
 * conference's recordings.
 */
export interface ArchiveManifest {
  format: 'loudi-consultation-archive';
  version: 1;
  session: { id: string; title: string; host: string; startedAt: number; endedAt: number | null };
  createdAt: number;
  files: { name: string; bytes: number; sha256: string }[];
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const csvCell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  // A cell starting with = + - @ would be a formula in Excel: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const iso = (ms: number | null): string => (ms == null ? '' : new Date(ms).toISOString());

export function decisionsCsv(s: ConsultationSummary): string {
  const rows = [['at', 'by', 'decision', 'unit', 'deadline', 'case']];
  for (const d of s.decisions) rows.push([iso(d.at), d.by, d.text, d.unit ?? '', iso(d.deadline), d.caseId ?? '']);
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The archive zip in memory. `recordings` are the conference's WebM files (`recordings/rec-….webm`),
 * stored without compression (WebM is compressed already) and listed in the manifest like every
 * file. Export uses `writeArchiveFile` (a stream to a file); this is the reference it is held to.
 */
export function buildArchive(s: ConsultationSummary, briefingPdf: Uint8Array | undefined, now: number, recordings: { name: string; bytes: Uint8Array }[] = []): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'summary.json': strToU8(JSON.stringify(s, null, 2)),
    'annotations.geojson': strToU8(JSON.stringify(s.annotations, null, 2)),
    'decisions.json': strToU8(JSON.stringify(s.decisions, null, 2)),
    'decisions.csv': strToU8(decisionsCsv(s)),
  };
  if (briefingPdf) files['briefing.pdf'] = briefingPdf;
  for (const r of recordings) files[r.name] = r.bytes;
  const manifest: ArchiveManifest = {
    format: 'loudi-consultation-archive',
    version: 1,
    session: { id: s.id, title: s.title, host: s.host, startedAt: s.startedAt, endedAt: s.endedAt },
    createdAt: now,
    files: Object.entries(files).map(([name, b]) => ({ name, bytes: b.length, sha256: sha256(b) })),
  };
  const stored = new Set(recordings.map((r) => r.name));
  const entries = Object.fromEntries(Object.entries(files).map(([name, b]) => [name, stored.has(name) ? ([b, { level: 0 }] as [Uint8Array, { level: 0 }]) : b]));
  return zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)), ...entries }, { level: 6, mtime: new Date(now) });
}

/** The largest archive written: fflate writes no ZIP64, so every size and offset must fit in 32 bits. */
export const MAX_ARCHIVE_BYTES = 0xffffffff - 16 * 1024 * 1024;

/** What a recording is read in (bytes): never the whole file in memory. */
const READ_CHUNK = 1024 * 1024;

/**
 * The archive written to `outPath` as a stream: the same files and manifest as `buildArchive`,
 * but recordings (and the briefing) are read in 1 MiB chunks, hashed and written as they pass,
 * so a session with hours of recording never sits in memory. `manifest.json` comes last, so its
 * checksums are of the very bytes written (a zip is read by its central directory, not by order).
 * The file is removed when writing fails.
 */
export async function writeArchiveFile(
  s: ConsultationSummary,
  briefingPdf: string | undefined,
  now: number,
  recordings: { name: string; path: string; bytes: number }[],
  outPath: string,
): Promise<{ bytes: number; manifest: ArchiveManifest }> {
  const planned = recordings.reduce((n, r) => n + r.bytes, 0);
  if (planned > MAX_ARCHIVE_BYTES) throw new ArchiveRefused(`the recordings come to ${Math.round(planned / 1048576)} MiB: an archive holds at most 4 GiB; export fewer recordings`);
  const out = createWriteStream(outPath, { flags: 'wx' });
  let written = 0;
  let failure: Error | null = null;
  out.on('error', (err) => (failure ??= err));
  const zip = new Zip((err, chunk, final) => {
    if (err) return void (failure ??= err);
    written += chunk.length;
    out.write(chunk);
    if (final) out.end();
  });
  const mtime = new Date(now);
  const listed: ArchiveManifest['files'] = [];
  /** Waits while the file has unwritten bytes queued (back-pressure; fflate's callback is synchronous). */
  const drain = async (): Promise<void> => {
    if (failure) throw failure;
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  const small = (name: string, b: Uint8Array, list = true): void => {
    const f = new ZipDeflate(name, { level: 6 });
    f.mtime = mtime;
    zip.add(f);
    f.push(b, true);
    if (list) listed.push({ name, bytes: b.length, sha256: sha256(b) });
  };
  /** A file copied in chunks, stored (already compressed), hashed on the way. */
  const streamed = async (name: string, path: string): Promise<void> => {
    const f = new ZipPassThrough(name);
    f.mtime = mtime;
    zip.add(f);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      const b = chunk as Buffer;
      hash.update(b);
      bytes += b.length;
      if (bytes > MAX_ARCHIVE_BYTES) throw new ArchiveRefused(`${name} grew past what an archive holds`);
      f.push(new Uint8Array(b.buffer, b.byteOffset, b.length), false);
      await drain();
    }
    f.push(new Uint8Array(0), true);
    listed.push({ name, bytes, sha256: hash.digest('hex') });
  };
  try {
    small('summary.json', strToU8(JSON.stringify(s, null, 2)));
    small('annotations.geojson', strToU8(JSON.stringify(s.annotations, null, 2)));
    small('decisions.json', strToU8(JSON.stringify(s.decisions, null, 2)));
    small('decisions.csv', strToU8(decisionsCsv(s)));
    if (briefingPdf) await streamed('briefing.pdf', briefingPdf);
    for (const r of recordings) await streamed(r.name, r.path);
    const manifest: ArchiveManifest = {
      format: 'loudi-consultation-archive',
      version: 1,
      session: { id: s.id, title: s.title, host: s.host, startedAt: s.startedAt, endedAt: s.endedAt },
      createdAt: now,
      files: listed,
    };
    small('manifest.json', strToU8(JSON.stringify(manifest, null, 2)), false);
    zip.end();
    if (!out.writableFinished) await once(out, 'finish');
    if (failure) throw failure;
    if (written > MAX_ARCHIVE_BYTES) throw new ArchiveRefused('the archive passed 4 GiB');
    return { bytes: written, manifest };
  } catch (err) {
    zip.terminate();
    out.destroy();
    rmSync(outPath, { force: true });
    throw err;
  }
}

export class ArchiveRefused extends Error {}

/** A conference recording's name in the archive (what a console may leave out when opening it). */
export const RECORDING_ENTRY = /^recordings\/rec-[0-9TZ]{16}-[0-9a-z]{6}\.webm$/;

/** One manifest file as read: whether its checksum matched, or that it was left out (a recording). */
export interface ArchiveFileCheck {
  name: string;
  sha256: string;
  bytes: number;
  ok: boolean;
  /** A recording the opener did not carry: named in the manifest, not checked. */
  absent?: boolean;
}

/**
 * Reads an archive: the summary, and every manifest file with whether its checksum matched. With
 * `allowAbsentRecordings`, a recording named in the manifest may be missing (the renderer leaves
 * them out when opening an archive read-only); it is listed `absent`, never `ok`. Any file present
 * must match, and anything else missing refuses the archive.
 */
export function readArchive(
  zip: Uint8Array,
  o: { allowAbsentRecordings?: boolean } = {},
): { summary: ConsultationSummary; manifest: ArchiveManifest; files: ArchiveFileCheck[] } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (err) {
    throw new ArchiveRefused(`not a zip file (${(err as Error).message})`);
  }
  const m = entries['manifest.json'];
  if (!m) throw new ArchiveRefused('no manifest.json: not a consultation archive');
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(strFromU8(m)) as ArchiveManifest;
  } catch {
    throw new ArchiveRefused('manifest.json is not JSON');
  }
  if (manifest?.format !== 'loudi-consultation-archive' || !Array.isArray(manifest.files)) throw new ArchiveRefused('not a consultation archive');
  const files: ArchiveFileCheck[] = manifest.files.map((f) => {
    const b = entries[f.name];
    if (!b && o.allowAbsentRecordings && RECORDING_ENTRY.test(f.name)) return { name: f.name, sha256: f.sha256, bytes: Number(f.bytes) || 0, ok: false, absent: true };
    return { name: f.name, sha256: f.sha256, bytes: Number(f.bytes) || 0, ok: !!b && sha256(b) === f.sha256 };
  });
  const bad = files.filter((f) => !f.ok && !f.absent).map((f) => f.name);
  if (bad.length) throw new ArchiveRefused(`checksum mismatch or missing file: ${bad.join(', ')}`);
  const summaryBytes = entries['summary.json'];
  if (!summaryBytes) throw new ArchiveRefused('no summary.json');
  let summaryJson: unknown;
  try {
    summaryJson = JSON.parse(strFromU8(summaryBytes));
  } catch {
    throw new ArchiveRefused('summary.json is not JSON');
  }
  const summary = ConsultationSummarySchema.safeParse(summaryJson);
  if (!summary.success) throw new ArchiveRefused(`summary.json: ${summary.error.issues[0]?.message}`);
  return { summary: summary.data, manifest, files };
}
