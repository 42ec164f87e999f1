import { readFileSync } from 'node:fs';
import { GridEventSchema, StreamEventSchema, type GridEvent } from '@shared/wire/grid-event';

/**
 * A recorded session: one grid event per line (what `--record` writes), or stream messages
 * (`{type:"event",seq,sentAt,event}`) as captured from a real backend. Invalid lines are an
 * error with their line number; events come back in report-time order.
 */
export function parseRecording(text: string): GridEvent[] {
  const events: GridEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const wrapped = StreamEventSchema.safeParse(v);
    const e = GridEventSchema.safeParse(wrapped.success ? wrapped.data.event : v);
    if (!e.success) throw new Error(`line ${i + 1}: not a grid event (${e.error.issues[0]?.path.join('.') ?? ''})`);
    events.push(e.data);
  });
  return events.sort((a, b) => Date.parse(a.reportTime) - Date.parse(b.reportTime));
}

export function readRecording(path: string): GridEvent[] {
  return parseRecording(readFileSync(path, 'utf8'));
}
