import { z } from 'zod';
import { VehiclePositionSchema } from '../domain/vehicle';
import { CaseHistoryEntrySchema } from '../domain/case';
import { IncidentSchema } from '../domain/incident';
import { RoutingBasisSchema, StraightLineAssumptionSchema } from './routing';

/**
 * The dispatch advisor's contract: the resources recommended for a case (vehicles and units
 * ranked by estimated travel time, with the basis and assumption of the estimate), the
 * assignment of one of them through the case flow, and the vehicles' current assignments.
 */

const Estimate = {
  /** Straight-line metres. */
  metres: z.number().nonnegative(),
  /** Estimated road metres. */
  roadMetres: z.number().nonnegative(),
  /** Estimated travel time, seconds. */
  seconds: z.number().nonnegative(),
};

export const RecommendedVehicleSchema = z.object({ vehicle: VehiclePositionSchema, ...Estimate });
export type RecommendedVehicle = z.infer<typeof RecommendedVehicleSchema>;

export const RecommendedUnitSchema = z.object({ unit: z.string(), lon: z.number(), lat: z.number(), ...Estimate });
export type RecommendedUnit = z.infer<typeof RecommendedUnitSchema>;

export const DispatchAdviceRequestSchema = z.object({
  incidentId: z.string().min(1).max(200),
  /** How many of each kind (default 5). */
  n: z.number().int().min(1).max(20).optional(),
}).strict();

export const DispatchAdviceSchema = z.object({
  incidentId: z.string(),
  /** Where the case is (WGS-84). */
  lon: z.number(),
  lat: z.number(),
  basis: RoutingBasisSchema,
  /** What a straight-line estimate assumes; null on a road graph. */
  assumption: StraightLineAssumptionSchema.nullable(),
  /** Free vehicles (not assigned to an open case), quickest first. */
  vehicles: z.array(RecommendedVehicleSchema),
  units: z.array(RecommendedUnitSchema),
  /** Vehicles already assigned to this case. */
  assigned: z.array(z.string()),
});
export type DispatchAdvice = z.infer<typeof DispatchAdviceSchema>;

export const AssignResourceSchema = z.discriminatedUnion('kind', [
  z.object({ incidentId: z.string().min(1).max(200), kind: z.literal('vehicle'), vehicleId: z.string().min(1).max(64) }).strict(),
  z.object({ incidentId: z.string().min(1).max(200), kind: z.literal('unit'), unit: z.string().trim().min(1).max(100) }).strict(),
]);
export type AssignResource = z.infer<typeof AssignResourceSchema>;

/** A vehicle working on a case (until the case ends). */
export const VehicleAssignmentSchema = z.object({
  vehicleId: z.string(),
  vehicleName: z.string(),
  incidentId: z.string(),
  incidentTitle: z.string(),
  at: z.number().int(),
  actor: z.string(),
});
export type VehicleAssignment = z.infer<typeof VehicleAssignmentSchema>;

export const AssignResultSchema = z.object({
  incident: IncidentSchema,
  entry: CaseHistoryEntrySchema,
  assignments: z.array(VehicleAssignmentSchema),
});
export type AssignResult = z.infer<typeof AssignResultSchema>;
