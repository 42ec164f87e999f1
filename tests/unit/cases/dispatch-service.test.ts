import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { OperationError } from '@shared/dispatch';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CaseService } from '../../../src-main/cases/case-service';
import { DispatchService } from '../../../src-main/cases/dispatch-service';
import { T0, incident } from '../store/fixtures';

const vehicle = (id: string, lon: number, lat = 27.73): VehiclePosition => ({ id, name: `湘K·${id}`, kind: 'sanitation', lon, lat, heading: 0, speedKmh: 20, at: T0 });

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseService;
let dispatch: DispatchService;
let settings: Settings;
let pushed: number[];
const fleet = [vehicle('far', 112.05), vehicle('near', 112.003), vehicle('mid', 112.02), vehicle('west', 111.99)];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-dispatch-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  settings = { ...DEFAULT_SETTINGS, operatorName: '李值班', caseRole: 'duty' };
  pushed = [];
  const now = () => T0 + 3_600_000;
  cases = new CaseService({ db, incidents: store, settings: () => settings, changed: () => {}, escalated: () => {}, outboxChanged: () => {}, now });
  dispatch = new DispatchService({
    db,
    incidents: store,
    cases,
    vehicles: () => fleet,
    settings: () => settings,
    changed: (p) => pushed.push(p.assignments.length),
    incidentsChanged: () => {},
    now,
  });
  // Case 1 at 112.0, 27.73 (registered); case 2 only reported.
  store.upsertMany([{ incident: incident(1, { status: 'registered' }), raw: null }, { incident: incident(2), raw: null }]);
});
afterEach(() => {
  cases.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dispatch advice', () => {
  it('ranks vehicles and units by estimated travel time and states the straight-line assumption', () => {
    const a = dispatch.advise('test:1', 3);
    expect(a.basis).toBe('straight-line');
    expect(a.assumption).toEqual({ detourFactor: 1.4, speedKmh: 25 });
    expect(a.vehicles.map((v) => v.vehicle.id)).toEqual(['near', 'west', 'mid']);
    expect(a.vehicles[0]!.seconds).toBeLessThan(a.vehicles[1]!.seconds);
    expect(a.units).toHaveLength(3);
    expect(a.units[0]!.seconds).toBeLessThanOrEqual(a.units[1]!.seconds);
  });

  it('assigns a vehicle through the case flow: recorded in the history, and the vehicle is no longer offered', async () => {
    const done = await dispatch.assign({ incidentId: 'test:1', kind: 'vehicle', vehicleId: 'near' });
    expect(done.entry).toMatchObject({ action: 'assignVehicle', actor: '李值班', role: 'duty', unit: '湘K·near', from: 'registered', to: 'registered' });
    expect(done.entry.note).toMatch(/直线 0\.3 km，约 1 分钟（直线×1\.4，25 km\/h）/);
    expect(done.assignments).toEqual([expect.objectContaining({ vehicleId: 'near', incidentId: 'test:1', incidentTitle: '事件 1' })]);
    expect(pushed).toEqual([1]);
    expect(cases.cases.history('test:1').map((h) => h.action)).toContain('assignVehicle');
    expect(dispatch.advise('test:1', 3).vehicles.map((v) => v.vehicle.id)).not.toContain('near');
    expect(dispatch.advise('test:1', 3).assigned).toEqual(['near']);
  });

  it('frees a vehicle when its case ends, and pushes that only when a case with vehicles ends', async () => {
    await dispatch.assign({ incidentId: 'test:1', kind: 'vehicle', vehicleId: 'near' });
    const other = await cases.handlers.caseAction({ id: 'test:2', action: 'reject', note: '不属实' });
    dispatch.casesChanged([other.incident]);
    expect(pushed).toEqual([1]);
    const done = await cases.handlers.caseAction({ id: 'test:1', action: 'cancel', note: '误报' });
    dispatch.casesChanged([done.incident]);
    expect(pushed).toEqual([1, 0]);
    expect(dispatch.assignments.active()).toEqual([]);
    expect(dispatch.advise('test:1', 1).vehicles[0]!.vehicle.id).toBe('near');
  });

  it('assigns a unit with the dispatch action itself', async () => {
    const done = await dispatch.assign({ incidentId: 'test:1', kind: 'unit', unit: '乐坪街道办' });
    expect(done.incident).toMatchObject({ status: 'dispatched', unit: '乐坪街道办' });
    expect(done.entry).toMatchObject({ action: 'dispatch', unit: '乐坪街道办' });
  });

  it('refuses what the dispatch rule refuses: a case not yet registered, a role that may not dispatch, an unknown vehicle', async () => {
    await expect(dispatch.assign({ incidentId: 'test:2', kind: 'vehicle', vehicleId: 'near' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    settings = { ...settings, caseRole: 'analyst' };
    await expect(dispatch.assign({ incidentId: 'test:1', kind: 'vehicle', vehicleId: 'near' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    settings = { ...settings, caseRole: 'duty' };
    await expect(dispatch.assign({ incidentId: 'test:1', kind: 'vehicle', vehicleId: 'nope' })).rejects.toBeInstanceOf(OperationError);
    expect(cases.cases.history('test:1').some((h) => h.action === 'assignVehicle')).toBe(false);
    expect(dispatch.assignments.active()).toEqual([]);
  });
});
