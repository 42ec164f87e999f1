import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Alert } from '@shared/domain/alert';
import { MAX_CAP_BYTES, parseCapDocument } from '../../feeds/cap';
import { FeedIngest } from '../../feeds/feed-ingest';
import { parseDatum } from '../../feeds/coords';
import { IncidentStore } from '../../store/incident-store';
import { openDatabase } from '../../store/database';
import { CATEGORY_MAP_FILE, loadCategoryMap } from '../../import/category-mapping';
import { importRecordFile, type FileImportProgress } from '../../import/file-import';
import { CliUsageError, type CliCommand, type CliContext } from '../command';

const FORMATS = ['cap', 'open311', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Summary {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: { file: string; reason: string }[];
  /** Service codes/names that no mapping, category name or rule knew (stored as the system's `other`), with counts. */
  unmapped: Record<string, number>;
  unmappedTotal: number;
}

/**
 * `ingest <file…> --format cap|open311|json` (alias `import`): files from a backend, taken exactly
 * as the feeds take them (validated, normalized, quarantined when refused, duplicates linked).
 * Open311 and grid-event files of any size are streamed (JSON array, NDJSON, GeoJSON, CSV) with
 * progress on stderr. Idempotent: the same file again adds nothing (everything in it counts as a
 * duplicate). Service codes no mapping knows are counted and listed in the summary.
 */
function ingestCommand(name: string, summary: string): CliCommand {
  return {
    name,
    summary,
    usage: `${name} <file...> --format cap|open311|json [--source ID] [--datum WGS84|CGCS2000|GCJ02|BD09] [--data-dir DIR] [--json]`,
    options: { format: { type: 'string' }, source: { type: 'string' }, datum: { type: 'string' } },
    async run(ctx, values, files) {
      const format = values.format as Format | undefined;
      if (!format || !FORMATS.includes(format)) throw new CliUsageError('--format must be cap, open311 or json');
      if (files.length === 0) throw new CliUsageError('name at least one file');
      const source = (values.source as string | undefined) ?? `import.${format}`;
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(source)) throw new CliUsageError('--source: lower-case letters, digits, . _ -');
      const datum = values.datum === undefined ? 'WGS84' : parseDatum(values.datum as string);
      if (!datum) throw new CliUsageError('--datum must be WGS84, CGCS2000, GCJ02 or BD09');
      let classifier;
      try {
        classifier = loadCategoryMap(ctx.dataDir);
      } catch (err) {
        throw new CliUsageError((err as Error).message);
      }
      const db = openDatabase(ctx.dataDir);
      try {
        const ingest = new FeedIngest(db, new IncidentStore(db), { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
        const out: Summary = { accepted: 0, rejected: 0, duplicates: 0, errors: [], unmapped: {}, unmappedTotal: 0 };
        const refuse = (file: string, reason: string, payload: unknown): void => {
          out.rejected += 1;
          if (out.errors.length < 1000) out.errors.push({ file, reason });
          ingest.quarantineMessage({ feedId: source, reason: `${basename(file)}: ${reason}`, payload });
        };
        for (const file of files) {
          if (format !== 'cap') {
            // Streamed: any size, bounded memory, progress on stderr.
            let r;
            try {
              r = await importRecordFile(ingest, file, { format, source, datum, classifier, onProgress: progressLine(ctx, file) });
            } catch (err) {
              out.errors.push({ file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
              continue;
            }
            out.accepted += r.accepted;
            out.rejected += r.rejected;
            out.duplicates += r.duplicates;
            for (const e of r.errors) if (out.errors.length < 1000) out.errors.push({ file, reason: e.reason });
            if (r.failed) out.errors.push({ file, reason: r.failed });
            for (const u of r.unmapped) out.unmapped[u.code] = (out.unmapped[u.code] ?? 0) + u.count;
            out.unmappedTotal += r.unmappedTotal;
            continue;
          }
          let text: string;
          try {
            const size = statSync(file).size;
            if (size > MAX_CAP_BYTES) {
              refuse(file, `file larger than ${MAX_CAP_BYTES} bytes`, null);
              continue;
            }
            text = readFileSync(file, 'utf8');
          } catch (err) {
            out.errors.push({ file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
            continue;
          }
          const now = Date.now();
          if (format === 'cap') {
            const doc = parseCapDocument(text, source, now);
            if (doc.kind === 'alert' && doc.result.ok) {
              const r = ingest.acceptAlerts([doc.result.alert as Alert]);
              out.accepted += r.added.length;
              out.duplicates += r.duplicates;
            } else refuse(file, doc.kind === 'alert' && !doc.result.ok ? doc.result.reason : doc.kind === 'invalid' ? doc.reason : 'an index: import the alerts it lists', text);
            continue;
          }
        }
        ingest.dispose();
        ctx.say(`accepted ${out.accepted}, rejected ${out.rejected}, duplicates ${out.duplicates}`);
        if (out.unmappedTotal) {
          ctx.say(`unmapped service codes: ${out.unmappedTotal} records (add them to ${CATEGORY_MAP_FILE}):`);
          for (const [code, n] of Object.entries(out.unmapped).sort((a, b) => b[1] - a[1]).slice(0, 20)) ctx.say(`  ${code}: ${n}`);
        }
        for (const e of out.errors.slice(0, 20)) ctx.say(`  ${e.file}: ${e.reason}`);
        if (ctx.json) ctx.result(out);
        return 0;
      } finally {
        db.close();
      }
    },
  };
}

/** A progress line on stderr at most every two seconds (and at the end of a large file). */
function progressLine(ctx: CliContext, file: string): (p: FileImportProgress) => void {
  let last = Date.now();
  return (p) => {
    const now = Date.now();
    if (now - last < 2000 && p.bytes < p.totalBytes) return;
    if (p.bytes >= p.totalBytes && p.totalBytes < 8 << 20) return;
    last = now;
    const pct = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
    ctx.progress?.(`${basename(file)}: ${pct}% (${(p.bytes / 1048576).toFixed(0)} of ${(p.totalBytes / 1048576).toFixed(0)} MB), ${p.records} records, accepted ${p.accepted}, rejected ${p.rejected}, duplicates ${p.duplicates}`);
  };
}

export const ingestFilesCommand = ingestCommand('ingest', 'ingest CAP, Open311 or grid-event JSON files (idempotent)');
export const importFilesCommand = ingestCommand('import', 'same as ingest');
