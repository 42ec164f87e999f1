import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ConferenceRecording } from '@shared/conference';
import { OperationError } from '@shared/dispatch';

/** A WebM file starts with the EBML magic number. */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

/** Where a session's recordings live: `consultations/<id>/recordings/` in the data directory. */
export function sessionRecordingsDir(dataDir: string, id: string): string {
  if (!/^[0-9A-Za-z._-]{1,64}$/.test(id) || id.startsWith('.')) throw new OperationError('BAD_REQUEST', `not a conference id: ${id.slice(0, 64)}`);
  return join(dataDir, 'consultations', id, 'recordings');
}

/** The finished recordings of a session (`.webm`), oldest first: what its archive takes. */
export function finishedRecordings(dataDir: string, id: string): { name: string; path: string; bytes: number }[] {
  const dir = sessionRecordingsDir(dataDir, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^rec-[0-9TZ]{16}-[0-9a-z]{6}\.webm$/.test(f))
    .sort()
    .map((name) => ({ name, path: join(dir, name), bytes: statSync(join(dir, name)).size }));
}

interface Active {
  recordingId: string;
  fd: number;
  path: string;
  nextSeq: number;
  bytes: number;
}

/**
 * The console's own recordings of a conference (WebM from the participant's `MediaRecorder`),
 * written chunk by chunk to `<recordingId>.webm.part` under the session and renamed to `.webm`
 * when stopped. Nothing is held in memory; a chunk out of order, not WebM at the start or past
 * the size limit is refused and what is on disk stays as it was.
 */
export class SessionRecordings {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly dataDir: string,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  activeId(id: string): string | null {
    return this.active.get(id)?.recordingId ?? null;
  }

  /** Starts a recording of conference `id` (the one running, if any, keeps going). */
  start(id: string): string {
    const running = this.active.get(id);
    if (running) return running.recordingId;
    const dir = sessionRecordingsDir(this.dataDir, id);
    mkdirSync(dir, { recursive: true });
    const stamp = new Date(this.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const recordingId = `rec-${stamp}-${randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6)}`;
    const path = join(dir, `${recordingId}.webm.part`);
    const fd = openSync(path, 'wx');
    this.active.set(id, { recordingId, fd, path, nextSeq: 0, bytes: 0 });
    return recordingId;
  }

  /** Appends chunk `seq` of the running recording; answers the bytes written so far. */
  append(id: string, recordingId: string, seq: number, chunk: Uint8Array): number {
    const a = this.active.get(id);
    if (!a || a.recordingId !== recordingId) throw new OperationError('NOT_FOUND', `recording ${recordingId} of ${id} is not running`);
    if (seq !== a.nextSeq) throw new OperationError('BAD_REQUEST', `chunk ${seq} out of order: expected ${a.nextSeq}`);
    if (chunk.length === 0) throw new OperationError('BAD_REQUEST', 'an empty chunk');
    if (seq === 0 && !EBML_MAGIC.every((b, i) => chunk[i] === b)) throw new OperationError('BAD_REQUEST', 'a recording must be WebM (no EBML header in its first chunk)');
    if (a.bytes + chunk.length > this.maxBytes) {
      throw new OperationError('BAD_REQUEST', `the recording would pass its limit of ${Math.round(this.maxBytes / 1048576)} MiB: stop it and start another`);
    }
    let off = 0;
    while (off < chunk.length) off += writeSync(a.fd, chunk, off, chunk.length - off);
    a.bytes += chunk.length;
    a.nextSeq++;
    return a.bytes;
  }

  /** Finishes the running recording (renamed to `.webm`, then in the session's archive). */
  stop(id: string): void {
    const a = this.active.get(id);
    if (!a) return;
    this.active.delete(id);
    closeSync(a.fd);
    renameSync(a.path, a.path.replace(/\.part$/, ''));
  }

  /** Closes every running recording (the host stops): each is kept as far as it went. */
  stopAll(): void {
    for (const id of [...this.active.keys()]) this.stop(id);
  }

  /** The session's recordings; one left `.part` by a host that stopped abruptly is finished first. */
  list(id: string): ConferenceRecording[] {
    let dir: string;
    try {
      dir = sessionRecordingsDir(this.dataDir, id);
    } catch {
      return [];
    }
    if (!existsSync(dir)) return [];
    const running = this.active.get(id);
    const out: ConferenceRecording[] = [];
    for (let f of readdirSync(dir).sort()) {
      if (!/^rec-[0-9TZ]{16}-[0-9a-z]{6}\.webm(\.part)?$/.test(f)) continue;
      const isRunning = running !== undefined && join(dir, f) === running.path;
      if (f.endsWith('.part') && !isRunning) {
        const done = f.replace(/\.part$/, '');
        renameSync(join(dir, f), join(dir, done));
        f = done;
      }
      const s = statSync(join(dir, f));
      out.push({ file: f.replace(/\.part$/, ''), kind: 'webm', bytes: s.size, modifiedAt: Math.round(s.mtimeMs), active: isRunning });
    }
    return out;
  }
}
