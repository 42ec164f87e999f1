import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { assignGrid } from '@shared/geo/grids';
import { GridEventSchema, type GridEvent } from '@shared/wire/grid-event';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

describe('grid event generator', () => {
  it('is deterministic for a seed', () => {
    const a = new GridEventGenerator(7, 'R');
    const b = new GridEventGenerator(7, 'R');
    const c = new GridEventGenerator(8, 'R');
    const seq = (g: GridEventGenerator): GridEvent[] => Array.from({ length: 50 }, (_, i) => g.next(T0 + i).event);
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it("follows the city's category mix and places every event inside its grid", () => {
    const g = new GridEventGenerator(42, 'R');
    const n = 20_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const { event } = g.next(T0 + i * 1000);
      expect(GridEventSchema.safeParse(event).success).toBe(true);
      expect(assignGrid(event.lng, event.lat)).toBe(event.gridCode);
      counts.set(event.categoryCode, (counts.get(event.categoryCode) ?? 0) + 1);
    }
    const total = GRID_GOVERNANCE_CATEGORIES.reduce((s, c) => s + c.recorded, 0);
    for (const c of GRID_GOVERNANCE_CATEGORIES) {
      const expected = c.recorded / total;
      expect(Math.abs((counts.get(c.code) ?? 0) / n - expected)).toBeLessThan(0.01);
    }
  });

  it('moves most cases along the closed loop to closure, in time order', () => {
    const g = new GridEventGenerator(3, 'R');
    let closed = 0;
    for (let i = 0; i < 5000; i++) {
      const { plan } = g.next(T0);
      const times = plan.map((p) => p.at);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      if (plan.at(-1)?.state === 'closed') closed += 1;
    }
    expect(closed / 5000).toBeGreaterThan(0.93);
    expect(closed / 5000).toBeLessThan(0.98);
  });
});

describe('Loudi simulator service', () => {
  let sim: LoudiSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it("keeps a day of history at the city's real rate (791 a day)", () => {
    sim = new LoudiSimulator({ seed: 1, historyHours: 24, now: () => T0 });
    const reports = sim.messagesSince(0).filter((m) => (m.event as GridEvent).state === 'reported');
    expect(reports).toHaveLength(791);
    const seqs = sim.messagesSince(0).map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(sim.messagesSince(seqs.length - 3)).toHaveLength(3);
  });

  it('sends only what a returning console missed (history since)', () => {
    sim = new LoudiSimulator({ seed: 1, historyHours: 24, historySince: T0 - 3 * 3600_000, now: () => T0 });
    const reports = sim.messagesSince(0).filter((m) => (m.event as GridEvent).state === 'reported');
    expect(reports.length).toBeGreaterThan(80);
    expect(reports.length).toBeLessThan(120);
  });

  it('emits live events at the configured rate', () => {
    let now = T0;
    sim = new LoudiSimulator({ seed: 1, historyHours: 0, ratePerMinute: 600, now: () => now });
    sim.setRate(600);
    now += 60_000;
    sim.tick();
    const reports = sim.messagesSince(0).filter((m) => (m.event as GridEvent).state === 'reported').length;
    expect(reports).toBeGreaterThan(500);
    expect(reports).toBeLessThan(700);
  });

  it('serves hello then history over WebSocket, resuming after a sequence number', async () => {
    sim = new LoudiSimulator({ seed: 5, historyHours: 2, ratePerMinute: 0 });
    const url = await sim.listen();
    const frames = await new Promise<unknown[]>((resolve, reject) => {
      const ws = new WebSocket(`${url}?since=10`);
      const got: unknown[] = [];
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        got.push(...(Array.isArray(m) ? m : [m]));
        if (got.length >= 1 + sim!.latestSeq - 10) {
          ws.close();
          resolve(got);
        }
      });
      ws.on('error', reject);
    });
    expect(frames[0]).toMatchObject({ type: 'hello', runId: sim.runId, latestSeq: sim.latestSeq });
    expect((frames[1] as { seq: number }).seq).toBe(11);
  });
});
