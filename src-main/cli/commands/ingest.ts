import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { GridEventSchema, StreamEventSchema } from '@shared/wire/grid-event';
import type { Alert } from '@shared/domain/alert';
import { MAX_CAP_BYTES, parseCapDocument } from '../../feeds/cap';
import { FeedIngest } from '../../feeds/feed-ingest';
import { normalizeGridEvent } from '../../feeds/grid-governance';
import { normalizeOpen311, open311Items } from '../../feeds/open311';
import { parseDatum } from '../../feeds/coords';
import type { IncomingIncident } from '../../store/incident-store';
import { IncidentStore } from '../../store/incident-store';
import { openDatabase } from '../../store/database';
import { CliUsageError, type CliCommand } from '../command';

const FORMATS = ['cap', 'open311', 'json'] as const;
type Format = (typeof FORMATS)[number];
const MAX_FILE_BYTES = 64 * 1024 * 1024;

interface Summary {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: { file: string; reason: string }[];
}

/**
 * `ingest <file…> --format cap|open311|json` (alias `import`): files from a backend, taken exactly
 * as the feeds take them (validated, normalized, quarantined when refused, duplicates linked).
 * Idempotent: the same file again adds nothing (everything in it counts as a duplicate).
 */
function ingestCommand(name: string, summary: string): CliCommand {
  return {
    name,
    summary,
    usage: `${name} <file...> --format cap|open311|json [--source ID] [--datum WGS84|CGCS2000|GCJ02|BD09] [--data-dir DIR] [--json]`,
    options: { format: { type: 'string' }, source: { type: 'string' }, datum: { type: 'string' } },
    run(ctx, values, files) {
      const format = values.format as Format | undefined;
      if (!format || !FORMATS.includes(format)) throw new CliUsageError('--format must be cap, open311 or json');
      if (files.length === 0) throw new CliUsageError('name at least one file');
      const source = (values.source as string | undefined) ?? `import.${format}`;
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(source)) throw new CliUsageError('--source: lower-case letters, digits, . _ -');
      const datum = values.datum === undefined ? 'WGS84' : parseDatum(values.datum as string);
      if (!datum) throw new CliUsageError('--datum must be WGS84, CGCS2000, GCJ02 or BD09');
      const db = openDatabase(ctx.dataDir);
      try {
        const ingest = new FeedIngest(db, new IncidentStore(db), { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
        const out: Summary = { accepted: 0, rejected: 0, duplicates: 0, errors: [] };
        const refuse = (file: string, reason: string, payload: unknown): void => {
          out.rejected += 1;
          if (out.errors.length < 1000) out.errors.push({ file, reason });
          ingest.quarantineMessage({ feedId: source, reason: `${basename(file)}: ${reason}`, payload });
        };
        for (const file of files) {
          let text: string;
          try {
            const size = statSync(file).size;
            const max = format === 'cap' ? MAX_CAP_BYTES : MAX_FILE_BYTES;
            if (size > max) {
              refuse(file, `file larger than ${max} bytes`, null);
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
          let data: unknown;
          try {
            data = JSON.parse(text);
          } catch {
            // Newline-delimited JSON is a common export too.
            try {
              data = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
            } catch {
              refuse(file, 'not JSON', text);
              continue;
            }
          }
          const batch: IncomingIncident[] = [];
          const items = format === 'open311' ? open311Items(data) : jsonItems(data);
          if (typeof items === 'string') {
            refuse(file, items, data);
            continue;
          }
          for (const item of items) {
            const r = format === 'open311' ? normalizeOpen311(source, item, datum, now) : normalizeGridEvent(source, unwrap(item), now);
            if (r.ok) batch.push(r.value);
            else refuse(file, r.reason, item);
          }
          const changed = ingest.acceptIncidents(batch).length;
          out.accepted += changed;
          out.duplicates += batch.length - changed;
        }
        ingest.dispose();
        ctx.say(`accepted ${out.accepted}, rejected ${out.rejected}, duplicates ${out.duplicates}`);
        for (const e of out.errors.slice(0, 20)) ctx.say(`  ${e.file}: ${e.reason}`);
        if (ctx.json) ctx.result(out);
        return 0;
      } finally {
        db.close();
      }
    },
  };
}

/** Grid events as an array, `{ events: [...] }`, a single event, or stream messages. */
function jsonItems(data: unknown): unknown[] | string {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (Array.isArray(o.events)) return o.events;
    if (Array.isArray(o.items)) return o.items;
    return [data];
  }
  return 'expected grid events (an array, {"events": [...]}, or one event)';
}

function unwrap(item: unknown): unknown {
  const s = StreamEventSchema.safeParse(item);
  return s.success && !GridEventSchema.safeParse(item).success ? s.data.event : item;
}

export const ingestFilesCommand = ingestCommand('ingest', 'ingest CAP, Open311 or grid-event JSON files (idempotent)');
export const importFilesCommand = ingestCommand('import', 'same as ingest');
