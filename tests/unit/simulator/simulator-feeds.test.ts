import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GridEvent } from '@shared/wire/grid-event';
import { haversineMetres } from '@shared/geo/geometry';
import { assignGrid } from '@shared/geo/grids';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { VEHICLE_COUNT, VehicleFleet } from '../../../src-main/simulator/vehicles';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { parseRecording } from '../../../src-main/simulator/recording';
import { WaterLevels } from '../../../src-main/simulator/water-levels';
import { applyWaterLevel } from '../../../src-main/feeds/water-level';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

describe('vehicle fleet', () => {
  it('tracks 203 vehicles that drive along streets at urban speeds, deterministically for a seed', () => {
    const a = new VehicleFleet(5, T0);
    const b = new VehicleFleet(5, T0);
    expect(a.latest()).toHaveLength(VEHICLE_COUNT);
    expect(a.latest().filter((v) => v.kind === 'sanitation').length).toBeGreaterThan(100);
    const prev = new Map(a.latest().map((v) => [v.id, v] as const));
    let reported = 0;
    for (let t = T0 + 1000; t <= T0 + 10 * 60_000; t += 1000) {
      const fixes = a.advance(t);
      expect(b.advance(t)).toEqual(fixes);
      reported += fixes.length;
      for (const f of fixes) {
        const p = prev.get(f.id)!;
        // No jumps: at most the top speed over the time since the last fix (plus a little).
        const metres = haversineMetres([p.lon, p.lat], [f.lon, f.lat]);
        expect(metres).toBeLessThanOrEqual(((40 * 1000) / 3600) * ((f.at - p.at) / 1000) + 1);
        expect(f.speedKmh).toBeLessThanOrEqual(40);
        prev.set(f.id, f);
      }
    }
    // Every vehicle reports every 5 s.
    expect(reported).toBeGreaterThan(VEHICLE_COUNT * 110);
    // Streets run east–west or north–south: one coordinate of a moving vehicle stays on a street line.
    const latest = a.latest();
    const onStreet = latest.filter((v) => v.heading % 90 < 0.5 || v.heading % 90 > 89.5);
    expect(onStreet.length).toBe(latest.length);
  });
});

describe('simulator protocols', () => {
  let sim: LoudiSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('serves Open311 requests in GCJ-02 with updated_after, and CAP documents through an Atom index', async () => {
    sim = new LoudiSimulator({ seed: 2, historyHours: 24, ratePerMinute: 0 });
    await sim.listen();
    const e = sim.endpoints();
    const all = (await (await fetch(e.open311)).json()) as { service_request_id: string; updated_datetime: string; lat: number; long: number }[];
    expect(all.length).toBeGreaterThan(40);
    const cut = all[Math.floor(all.length / 2)]!.updated_datetime;
    const later = (await (await fetch(`${e.open311}?updated_after=${encodeURIComponent(cut)}`)).json()) as unknown[];
    expect(later.length).toBeLessThan(all.length);
    expect(later.length).toBeGreaterThan(0);
    // GCJ-02: the raw position is offset from the grid cell the case is in; converted, it lands inside.
    const first = all[0]!;
    expect(haversineMetres([first.long, first.lat], [first.long - 0.005, first.lat + 0.003])).toBeLessThan(700);
    const atom = await (await fetch(e.cap)).text();
    const link = /href="([^"]+)"/.exec(atom)![1]!;
    const doc = await fetch(link);
    expect(doc.headers.get('content-type')).toContain('application/cap+xml');
    expect(await doc.text()).toContain('urn:oasis:names:tc:emergency:cap:1.2');
  });

  it('surges: hundreds of grid events a second when asked', () => {
    let now = T0;
    sim = new LoudiSimulator({ seed: 1, historyHours: 0, ratePerMinute: 12, surgePerSecond: 800, now: () => now });
    sim.setSurge(true);
    now += 10_000;
    sim.tick();
    const reports = sim.messagesSince(0).filter((m) => (m.event as GridEvent).state === 'reported').length;
    expect(reports).toBeGreaterThan(7000);
    expect(reports).toBeLessThan(9000);
  });

  it('replays a recorded file at the chosen speed, in report-time order', () => {
    const g = new GridEventGenerator(4, 'REC');
    const recorded = Array.from({ length: 10 }, (_, i) => g.next(T0 + i * 60_000).event);
    const text = recorded.reverse().map((e) => JSON.stringify(e)).join('\n');
    const events = parseRecording(text);
    expect(events.map((e) => e.eventId)).toEqual([...recorded].reverse().map((e) => e.eventId));
    let now = T0;
    sim = new LoudiSimulator({ seed: 1, replay: events, replaySpeed: 60, now: () => now });
    now += 4500; // 4.5 s at 60× is 4.5 recorded minutes: events 0–4
    sim.tick();
    expect(sim.messagesSince(0).map((m) => (m.event as GridEvent).eventId)).toEqual(events.slice(0, 5).map((e) => e.eventId));
    expect(() => parseRecording('{"eventId":1}\n')).toThrow(/line 1/);
  });

  it('is deterministic for a seed: the same history, cases and warnings', () => {
    const a = new LoudiSimulator({ seed: 9, historyHours: 3, now: () => T0 });
    const b = new LoudiSimulator({ seed: 9, historyHours: 3, now: () => T0 });
    expect(b.messagesSince(0)).toEqual(a.messagesSince(0));
    expect(b.cases.updatedSince(0, T0)).toEqual(a.cases.updatedSince(0, T0));
    expect(b.cap.list().map((d) => d.xml)).toEqual(a.cap.list().map((d) => d.xml));
  });

  it('water-level readings are valid for the connector, and some rise past the warning level in a day', () => {
    const w = new WaterLevels(3);
    const states = {};
    let incidents = 0;
    for (let t = T0; t < T0 + 86_400_000; t += 60_000) {
      for (const r of w.readings(t)) {
        const out = applyWaterLevel('w', r.payload, states, t);
        expect(out.kind).toBe('reading');
        if (out.kind === 'reading' && out.incident) incidents += 1;
      }
    }
    expect(incidents).toBeGreaterThan(0);
  });
});

describe('grid-event normalization (property)', () => {
  it('never throws; what it accepts lies in WGS-84 bounds with the original kept', () => {
    const g = new GridEventGenerator(1, 'P');
    const valid = g.next(T0).event;
    const mutated = fc.record({
      lng: fc.oneof(fc.double(), fc.constant(valid.lng)),
      lat: fc.oneof(fc.double(), fc.constant(valid.lat)),
      coordSys: fc.constantFrom('WGS84', 'CGCS2000', 'GCJ02', 'BD09', 'MARS'),
      level: fc.oneof(fc.integer(), fc.double()),
      reportTime: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      title: fc.string(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutated.map((m) => ({ ...valid, ...m }))), (payload) => {
        const r = normalizeGridEvent('g', payload, 0);
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          return;
        }
        const i = r.value.incident;
        expect(Math.abs(i.lon) <= 180 && Math.abs(i.lat) <= 90).toBe(true);
        expect(i.original.datum).toBe((payload as GridEvent).coordSys);
        expect(i.gridId === null || i.gridId === assignGrid(i.lon, i.lat)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
