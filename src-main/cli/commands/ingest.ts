import { basename } from 'node:path';
import { GridEventSchema, StreamEventSchema } from '@shared/wire/grid-event';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '@shared/domain/time-rules';
import type { Alert } from '@shared/domain/alert';
import { MAX_CAP_BYTES, parseCapDocument } from '../../feeds/cap';
import { FeedIngest } from '../../feeds/feed-ingest';
import { normalizeGridEvent } from '../../feeds/grid-governance';
import { normalizeOpen311, open311Items } from '../../feeds/open311';
import { parseDatum } from '../../feeds/coords';
import type { IncomingIncident } from '../../store/incident-store';
import { IncidentStore } from '../../store/incident-store';
import { readRegularFile, type LimitedRead } from '../../feeds/read-limited';
import { openCache } from '../open-cache';
import { CliUsageError, type CliCommand } from '../command';

const FORMATS = ['cap', 'open311', 'json'] as const;
type Format = (typeof FORMATS)[number];
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Deeper JSON is no backend's export: refused before anything walks it recursively. */
const MAX_JSON_DEPTH = 64;

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
    usage: `${name} <file...> --format cap|open311|json [--source ID] [--datum WGS84|CGCS2000|GCJ02|BD09] [--max-future-hours H] [--data-dir DIR] [--json]`,
    options: { format: { type: 'string' }, source: { type: 'string' }, datum: { type: 'string' }, 'max-future-hours': { type: 'string' } },
    async run(ctx, values, files) {
      const format = values.format as Format | undefined;
      if (!format || !FORMATS.includes(format)) throw new CliUsageError('--format must be cap, open311 or json');
      if (files.length === 0) throw new CliUsageError('name at least one file');
      const source = (values.source as string | undefined) ?? `import.${format}`;
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(source)) throw new CliUsageError('--source: lower-case letters, digits, . _ -');
      const datum = values.datum === undefined ? 'WGS84' : parseDatum(values.datum as string);
      if (!datum) throw new CliUsageError('--datum must be WGS84, CGCS2000, GCJ02 or BD09');
      const skewHours = values['max-future-hours'] === undefined ? DEFAULT_MAX_FUTURE_SKEW_MS / 3600_000 : Number(values['max-future-hours']);
      if (!(skewHours >= 0 && skewHours <= 366 * 24)) throw new CliUsageError('--max-future-hours must be a number of hours from 0 to 8784');
      const skew = skewHours * 3600_000;
      const db = openCache(ctx);
      try {
        const ingest = new FeedIngest(db, new IncidentStore(db), { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
        const out: Summary = { accepted: 0, rejected: 0, duplicates: 0, errors: [] };
        let unreadableFiles = 0;
        const refuse = (file: string, reason: string, payload: unknown): void => {
          out.rejected += 1;
          if (out.errors.length < 1000) out.errors.push({ file, reason });
          ingest.quarantineMessage({ feedId: source, reason: `${basename(file)}: ${reason}`, payload });
        };
        const unreadable = (file: string, reason: string): void => {
          unreadableFiles += 1;
          out.errors.push({ file, reason });
        };
        const ingestText = (file: string, text: string): void => {
          const now = Date.now();
          if (format === 'cap') {
            const doc = parseCapDocument(text, source, now, undefined, skew);
            if (doc.kind === 'alert' && doc.result.ok) {
              const r = ingest.acceptAlerts([doc.result.alert as Alert]);
              out.accepted += r.added.length;
              out.duplicates += r.duplicates;
            } else refuse(file, doc.kind === 'alert' && !doc.result.ok ? doc.result.reason : doc.kind === 'invalid' ? doc.reason : 'an index: import the alerts it lists', text);
            return;
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
              return;
            }
          }
          if (jsonDepth(data) > MAX_JSON_DEPTH) {
            refuse(file, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, null);
            return;
          }
          const batch: IncomingIncident[] = [];
          const items = format === 'open311' ? open311Items(data) : jsonItems(data);
          if (typeof items === 'string') {
            refuse(file, items, data);
            return;
          }
          for (const item of items) {
            const r = format === 'open311' ? normalizeOpen311(source, item, datum, now, skew) : normalizeGridEvent(source, unwrap(item), now, skew);
            if (r.ok) batch.push(r.value);
            else refuse(file, r.reason, item);
          }
          const changed = ingest.acceptIncidents(batch).length;
          out.accepted += changed;
          out.duplicates += batch.length - changed;
        };
        for (const file of files) {
          let read: LimitedRead;
          try {
            read = await readRegularFile(file, format === 'cap' ? MAX_CAP_BYTES : MAX_FILE_BYTES);
          } catch (err) {
            unreadable(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
            continue;
          }
          if (read.kind === 'refused') {
            // A device or FIFO is input that cannot be read at all; an oversize file is refused content.
            if (read.stats.isFile()) refuse(file, read.reason, null);
            else unreadable(file, read.reason);
            continue;
          }
          if (read.kind !== 'read') continue;
          // One file's failure (however odd its content) is reported and the run goes on.
          try {
            ingestText(file, read.text);
          } catch (err) {
            refuse(file, `could not be processed: ${(err as Error).message}`, null);
          }
        }
        ingest.dispose();
        ctx.say(`accepted ${out.accepted}, rejected ${out.rejected}, duplicates ${out.duplicates}`);
        for (const e of out.errors.slice(0, 20)) ctx.say(`  ${e.file}: ${e.reason}`);
        if (ctx.json) ctx.result(out);
        // Rejected items are a normal outcome (exit 0, with the counts); a named file that could not be read at all is not.
        return unreadableFiles > 0 ? 1 : 0;
      } finally {
        db.close();
      }
    },
  };
}

/** Nesting depth of parsed JSON, counted without recursion (so a hostile file cannot overflow the stack). */
export function jsonDepth(value: unknown, stopAt = MAX_JSON_DEPTH + 1): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    if (deepest >= stopAt) return deepest;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
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
