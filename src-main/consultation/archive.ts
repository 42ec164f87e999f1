import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
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
 * The archive zip. `recordings` are the conference's WebM files (`recordings/rec-….webm`), stored
 * without compression (WebM is compressed already) and listed in the manifest like every file.
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

export class ArchiveRefused extends Error {}

/** Reads an archive: the summary, and every manifest file with whether its checksum matched. */
export function readArchive(zip: Uint8Array): { summary: ConsultationSummary; manifest: ArchiveManifest; files: { name: string; sha256: string; ok: boolean }[] } {
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
  const files = manifest.files.map((f) => {
    const b = entries[f.name];
    return { name: f.name, sha256: f.sha256, ok: !!b && sha256(b) === f.sha256 };
  });
  const bad = files.filter((f) => !f.ok).map((f) => f.name);
  if (bad.length) throw new ArchiveRefused(`checksum mismatch or missing file: ${bad.join(', ')}`);
  const summary = ConsultationSummarySchema.safeParse(JSON.parse(strFromU8(entries['summary.json']!)));
  if (!summary.success) throw new ArchiveRefused(`summary.json: ${summary.error.issues[0]?.message}`);
  return { summary: summary.data, manifest, files };
}
