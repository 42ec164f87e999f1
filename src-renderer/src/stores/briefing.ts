import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BriefingData, BriefingOrientation, BriefingRequest } from '@shared/briefing/briefing';
import { api } from '../api/client';
import { downloadBlob } from '../analysis/download';

/**
 * The briefing (简报): the print page's data, and the 简报 button's PDF (printed by the host's
 * Chromium and saved as a file).
 */
export const useBriefingStore = defineStore('briefing', () => {
  const data = shallowRef<BriefingData>();
  /** The range's incidents for the map snapshot. */
  const points = shallowRef<{ lon: number[]; lat: number[]; severity: number[] }>();
  const error = ref<string>();
  const printing = ref(false);
  /** How long the last PDF took, click to file (ms), and its size. */
  const last = ref<{ fileName: string; ms: number; bytes: number }>();

  async function load(req: BriefingRequest): Promise<BriefingData> {
    error.value = undefined;
    try {
      const d = await api.briefingData({ orientation: 'landscape', ...req });
      const p = await api.incidentPoints({ from: d.range.from, to: d.range.to, limit: 100_000 });
      points.value = { lon: p.lon, lat: p.lat, severity: p.severity };
      data.value = d;
      return d;
    } catch (err) {
      error.value = (err as Error).message;
      throw err;
    }
  }

  /** Prints the current duty day's briefing (or a session's) and saves the PDF. */
  async function download(req: { orientation: BriefingOrientation; sessionId?: string; from?: number; to?: number }): Promise<void> {
    if (printing.value) return;
    printing.value = true;
    error.value = undefined;
    const started = performance.now();
    try {
      const pdf = await api.briefingPdf(req);
      const bytes = Uint8Array.from(atob(pdf.pdfBase64), (c) => c.charCodeAt(0));
      downloadBlob(bytes, 'application/pdf', pdf.fileName);
      last.value = { fileName: pdf.fileName, ms: Math.round(performance.now() - started), bytes: pdf.bytes };
    } catch (err) {
      error.value = (err as Error).message;
      throw err;
    } finally {
      printing.value = false;
    }
  }

  return { data, points, error, printing, last, load, download };
});
