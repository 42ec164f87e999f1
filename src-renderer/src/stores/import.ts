import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ImportProgress } from '@shared/analysis';
import { api } from '../api/client';

/** Bytes of the file read per chunk: decoded text stays well under the contract's chunk limit. */
const CHUNK_BYTES = 256 * 1024;

export type ImportFormat = 'open311' | 'json';

/** The format a file's name suggests (Open311 exports are JSON too: the analyst can change it). */
export function guessFormat(name: string): ImportFormat {
  return /open311|requests|georeport/i.test(name) ? 'open311' : 'json';
}

/**
 * A file imported through the host: sent in text chunks (the host may be another machine), then
 * imported there in streamed batches. Progress comes as `importProgress` events; cancel stops it
 * between batches and keeps what was stored (a re-import is idempotent).
 */
export const useImportStore = defineStore('import', () => {
  const open = ref(false);
  const file = shallowRef<File | null>(null);
  const format = ref<ImportFormat>('json');
  const progress = shallowRef<ImportProgress | null>(null);
  const jobId = ref<string | null>(null);
  const error = ref<string | null>(null);
  const running = ref(false);
  let cancelled = false;
  let off: (() => void) | null = null;

  function choose(f: File): void {
    if (running.value) return;
    file.value = f;
    format.value = guessFormat(f.name);
    progress.value = null;
    error.value = null;
    open.value = true;
  }

  async function start(): Promise<void> {
    const f = file.value;
    if (!f || running.value) return;
    running.value = true;
    cancelled = false;
    error.value = null;
    progress.value = { jobId: '', name: f.name, phase: 'uploading', bytes: 0, totalBytes: f.size, records: 0, accepted: 0, rejected: 0, duplicates: 0 };
    try {
      const { jobId: id } = await api.importBegin({ name: f.name, size: f.size, format: format.value, datum: 'WGS84' });
      jobId.value = id;
      off?.();
      off = api.on('importProgress', (p) => {
        if (p.jobId !== id) return;
        progress.value = p;
        if (p.phase === 'done' || p.phase === 'cancelled' || p.phase === 'failed') {
          running.value = false;
          if (p.failed) error.value = p.failed;
        }
      });
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      for (let at = 0; at < f.size && !cancelled; at += CHUNK_BYTES) {
        const bytes = await f.slice(at, at + CHUNK_BYTES).arrayBuffer();
        const data = decoder.decode(bytes, { stream: at + CHUNK_BYTES < f.size });
        if (data) await api.importChunk({ jobId: id, data });
      }
      if (cancelled) return;
      await api.importFinish({ jobId: id });
    } catch (e) {
      error.value = (e as Error).message;
      running.value = false;
    }
  }

  async function cancel(): Promise<void> {
    cancelled = true;
    if (jobId.value) await api.importCancel({ jobId: jobId.value }).catch(() => undefined);
  }

  function close(): void {
    if (running.value) return;
    open.value = false;
    file.value = null;
    progress.value = null;
    jobId.value = null;
    off?.();
    off = null;
  }

  return { open, file, format, progress, jobId, error, running, choose, start, cancel, close };
});
