import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chinaTime } from '@shared/domain/china-time';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { StageDurations } from '../../../src-main/store/stage-durations';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const MIN = 60_000;
const reported = new GridEventGenerator(7, 'ST').next(NOW - 120 * MIN).event;

describe("a grid event's state time", () => {
  it('counts the state from updateTime when sent, from receipt otherwise', () => {
    const without = normalizeGridEvent('g', reported, NOW);
    expect(without.ok && without.value.incident.updatedAt).toBe(NOW);
    const at = NOW - 90 * MIN;
    const withTime = normalizeGridEvent('g', { ...reported, state: 'registered', updateTime: chinaTime(at) }, NOW);
    expect(withTime.ok && withTime.value.incident.updatedAt).toBe(at);
    // A source clock slightly ahead never makes a stage end after it was received.
    const ahead = normalizeGridEvent('g', { ...reported, updateTime: chinaTime(NOW + 5 * MIN) }, NOW);
    expect(ahead.ok && ahead.value.incident.updatedAt).toBe(NOW);
  });

  it('refuses an updateTime before the report, far in the future, or malformed, with the reason', () => {
    expect(normalizeGridEvent('g', { ...reported, updateTime: chinaTime(NOW - 200 * MIN) }, NOW)).toEqual({ ok: false, reason: 'updateTime: before reportTime' });
    expect(normalizeGridEvent('g', { ...reported, updateTime: '3000-01-01T00:00:00Z' }, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^updateTime: .* in the future$/) });
    expect(normalizeGridEvent('g', { ...reported, updateTime: 'yesterday' }, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^updateTime/) });
  });
});

describe("the simulator's catch-up keeps its stage times", () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-state-time-'));
    db = openDatabase(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a day of history received in one burst with stages lasting minutes, as planned, not milliseconds', () => {
    const sim = new LoudiSimulator({ seed: 3, now: () => NOW, historyHours: 24 });
    const messages = sim.messagesSince(0);
    expect(messages.length).toBeGreaterThan(500);
    const store = new IncidentStore(db);
    // Everything arrives within the same second, as a stream's catch-up does.
    const batch = [];
    for (const m of messages) {
      const r = normalizeGridEvent('sim.grid', m.event, NOW);
      if (r.ok) batch.push(r.value);
    }
    store.upsertMany(batch);
    const avg = new StageDurations(db).averageMinutes();
    // The generator's plan: reported 1–10 min, registered 3–28, dispatched 5–60, handling 20–260.
    expect(avg.reported).toBeGreaterThan(1);
    expect(avg.reported).toBeLessThan(10);
    expect(avg.registered).toBeGreaterThan(3);
    expect(avg.handling).toBeGreaterThan(20);
  });
});
