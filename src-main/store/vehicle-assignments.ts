import type { CaseHistoryEntry } from '@shared/domain/case';
import type { Incident } from '@shared/domain/incident';
import type { VehicleAssignment } from '@shared/dispatch/advice';
import { OPEN_STATUSES, transition } from '@shared/domain/lifecycle';
import type { Db } from './database';
import { CaseActionRefused, type CaseStore, type Operator } from './case-store';
import { COLUMNS, type IncidentRow } from './incident-row';
import type { IncidentStore } from './incident-store';

const OPEN_IN = OPEN_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Vehicles assigned to cases (migration 0041). An assignment follows the dispatch rule of the case
 * flow (who may dispatch, from which status) and is one transaction with its `assignVehicle` entry
 * in the case history; the status stays. A vehicle works on one case at a time: assigning it
 * elsewhere releases the old assignment (kept, with its end). It is free again when its case ends.
 */
export class VehicleAssignments {
  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentStore,
    private readonly cases: CaseStore,
  ) {}

  assign(
    incidentId: string,
    vehicle: { id: string; name: string },
    operator: Operator,
    note: string,
    now: number,
  ): { incident: Incident; entry: CaseHistoryEntry } {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(incidentId) as IncidentRow | undefined;
      if (!row) throw new CaseActionRefused('NOT_FOUND', `no incident ${incidentId}`);
      // The same rule as dispatching a unit: the roles and statuses that may send someone.
      const t = transition(row.status, 'dispatch', operator.role, { unit: vehicle.name });
      if (!t.ok) throw new CaseActionRefused(t.refusal, t.message.replace('dispatch', 'assign a vehicle to'));
      this.db.prepare('UPDATE vehicle_assignments SET released_at = ? WHERE vehicle_id = ? AND released_at IS NULL').run(now, vehicle.id);
      this.db
        .prepare('INSERT INTO vehicle_assignments (vehicle_id, vehicle_name, incident_id, actor, assigned_at) VALUES (?, ?, ?, ?, ?)')
        .run(vehicle.id, vehicle.name, incidentId, operator.name, now);
      const id = this.db
        .prepare(
          `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
           VALUES (?, ?, ?, ?, 'assignVehicle', ?, ?, ?, ?, 'console')`,
        )
        .run(incidentId, now, operator.name, operator.role, row.status, row.status, vehicle.name, note).lastInsertRowid;
      return { incident: this.incidents.get(incidentId)!, entry: this.cases.history(incidentId).find((h) => h.id === Number(id))! };
    })();
  }

  /** Vehicles working on open cases, newest first. */
  active(): VehicleAssignment[] {
    return (
      this.db
        .prepare(
          `SELECT a.vehicle_id, a.vehicle_name, a.incident_id, i.title, a.assigned_at, a.actor FROM vehicle_assignments a
             JOIN incidents i ON i.id = a.incident_id
            WHERE a.released_at IS NULL AND i.status IN (${OPEN_IN})
            ORDER BY a.assigned_at DESC, a.seq DESC`,
        )
        .all() as { vehicle_id: string; vehicle_name: string; incident_id: string; title: string; assigned_at: number; actor: string }[]
    ).map((r) => ({ vehicleId: r.vehicle_id, vehicleName: r.vehicle_name, incidentId: r.incident_id, incidentTitle: r.title, at: r.assigned_at, actor: r.actor }));
  }
}
