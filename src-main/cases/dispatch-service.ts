import type { OperationHandlers, PayloadOf, Settings } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { VehiclePosition } from '@shared/domain/vehicle';
import type { Incident } from '@shared/domain/incident';
import { isOpen } from '@shared/domain/lifecycle';
import { ResourceRanker, straightLineEstimator, type TravelEstimator } from '@shared/dispatch/routing';
import { UNIT_BASES } from '@shared/dispatch/unit-bases';
import type { AssignResource, AssignResult, DispatchAdvice } from '@shared/dispatch/advice';
import type { Db } from '../store/database';
import { CaseActionRefused } from '../store/case-store';
import type { IncidentStore } from '../store/incident-store';
import { VehicleAssignments } from '../store/vehicle-assignments';
import type { CaseService } from './case-service';

type DispatchOperations = 'dispatchAdvice' | 'assignResource' | 'vehicleAssignments';

export interface DispatchServiceOptions {
  db: Db;
  incidents: IncidentStore;
  cases: CaseService;
  /** The latest fix of every tracked vehicle. */
  vehicles: () => VehiclePosition[];
  settings: () => Settings;
  /** Travel estimates; a road graph plugs in here (default: straight line × 1.4 at 25 km/h). */
  estimator?: TravelEstimator;
  changed: (payload: PayloadOf<'assignmentsChanged'>) => void;
  incidentsChanged: (incidents: Incident[]) => void;
  now?: () => number;
}

const fmtMinutes = (s: number): string => `${Math.max(1, Math.round(s / 60))}`;

/**
 * Recommended resources at dispatch: free vehicles (not working on an open case) and the
 * responsible units, ranked for a case by estimated travel time over a spatial index; the
 * officer's choice goes through the case flow (a unit: the `dispatch` action; a vehicle: an
 * `assignVehicle` entry under the same rule) and is recorded in the case history.
 */
export class DispatchService {
  readonly handlers: Pick<OperationHandlers, DispatchOperations>;
  readonly assignments: VehicleAssignments;
  private readonly estimator: TravelEstimator;
  /** The cases vehicles work on (read once, then kept with every assignment). */
  private onCases?: Set<string>;
  private readonly units: ResourceRanker<{ id: string; lon: number; lat: number; available: boolean }>;

  constructor(private readonly o: DispatchServiceOptions) {
    this.estimator = o.estimator ?? straightLineEstimator();
    this.assignments = new VehicleAssignments(o.db, o.incidents, o.cases.cases);
    this.units = new ResourceRanker(UNIT_BASES.map((u) => ({ ...u, available: true })), this.estimator);
    this.handlers = {
      dispatchAdvice: ({ incidentId, n }) => this.advise(incidentId, n ?? 5),
      assignResource: (req) => this.assign(req),
      vehicleAssignments: () => this.assignments.active(),
    };
  }

  advise(incidentId: string, n: number): DispatchAdvice {
    const incident = this.o.incidents.get(incidentId);
    if (!incident) throw new OperationError('NOT_FOUND', `no incident ${incidentId}`);
    const active = this.assignments.active();
    const busy = new Set(active.map((a) => a.vehicleId));
    // The index is rebuilt per question: a few hundred positions that move every second.
    const vehicles = new ResourceRanker(
      this.o.vehicles().map((v) => ({ ...v, available: !busy.has(v.id) })),
      this.estimator,
    );
    const to: [number, number] = [incident.lon, incident.lat];
    return {
      incidentId,
      lon: incident.lon,
      lat: incident.lat,
      basis: this.estimator.basis,
      assumption: this.estimator.assumption,
      vehicles: vehicles.rank(to, n).map((r) => ({ vehicle: stripAvailable(r.item), metres: r.metres, roadMetres: r.roadMetres, seconds: r.seconds })),
      units: this.units.rank(to, n).map((r) => ({ unit: r.id, lon: r.item.lon, lat: r.item.lat, metres: r.metres, roadMetres: r.roadMetres, seconds: r.seconds })),
      assigned: active.filter((a) => a.incidentId === incidentId).map((a) => a.vehicleId),
    };
  }

  async assign(req: AssignResource): Promise<AssignResult> {
    const incident = this.o.incidents.get(req.incidentId);
    if (!incident) throw new OperationError('NOT_FOUND', `no incident ${req.incidentId}`);
    if (req.kind === 'unit') {
      // Through the case flow itself: the dispatch action, its history entry and the outbox.
      const done = await this.o.cases.handlers.caseAction({ id: req.incidentId, action: 'dispatch', unit: req.unit });
      const entry = this.o.cases.cases.history(req.incidentId).at(-1)!;
      return { incident: done.incident, entry, assignments: this.assignments.active() };
    }
    const vehicle = this.o.vehicles().find((v) => v.id === req.vehicleId);
    if (!vehicle) throw new OperationError('NOT_FOUND', `no vehicle ${req.vehicleId}`);
    const est = this.estimator.estimate([vehicle.lon, vehicle.lat], [incident.lon, incident.lat]);
    const km = (est.metres / 1000).toFixed(1);
    const note =
      this.estimator.basis === 'straight-line'
        ? `直线 ${km} km，约 ${fmtMinutes(est.seconds)} 分钟（直线×${this.estimator.assumption!.detourFactor}，${this.estimator.assumption!.speedKmh} km/h）`
        : `路网 ${(est.roadMetres / 1000).toFixed(1)} km，约 ${fmtMinutes(est.seconds)} 分钟`;
    const s = this.o.settings();
    try {
      const done = this.assignments.assign(req.incidentId, { id: vehicle.id, name: vehicle.name || vehicle.id }, { name: s.operatorName, role: s.caseRole }, note, this.now());
      const assignments = this.assignments.active();
      this.onCases = new Set(assignments.map((a) => a.incidentId));
      this.o.changed({ assignments });
      this.o.incidentsChanged([done.incident]);
      return { ...done, assignments };
    } catch (err) {
      if (!(err instanceof CaseActionRefused)) throw err;
      throw new OperationError(err.refusal === 'NOT_FOUND' ? 'NOT_FOUND' : err.refusal === 'ROLE' ? 'FORBIDDEN' : 'BAD_REQUEST', err.message);
    }
  }

  /** Incidents changed: when a case with vehicles on it ended, the vehicles freed are pushed. */
  casesChanged(incidents: readonly Incident[]): void {
    this.onCases ??= new Set(this.assignments.active().map((a) => a.incidentId));
    if (!incidents.some((i) => !isOpen(i.status) && this.onCases!.has(i.id))) return;
    const assignments = this.assignments.active();
    this.onCases = new Set(assignments.map((a) => a.incidentId));
    this.o.changed({ assignments });
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
}

function stripAvailable<T extends { available: boolean }>(v: T): Omit<T, 'available'> {
  const { available: _, ...rest } = v;
  return rest;
}
