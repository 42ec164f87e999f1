import type { Alert } from './alert';
import type { Incident } from './incident';
import { severityRank, type Severity } from './severity';
import { isOpen } from './status';

/**
 * Which arrivals raise a duty alert (sound, flashing header, the alert bar). Pure rules, shared by
 * the console and its tests.
 */

/** An incident reported longer ago than this is catching up on history, not news: no alert. */
export const ALERT_RECENT_MS = 10 * 60_000;

/** Whether `severity` is at or above `level` (red is the highest). */
export const atOrAbove = (severity: Severity, level: Severity): boolean => severityRank(severity) <= severityRank(level);

/** A newly arrived incident raises an alert when it is recent, still open and at or above the level. */
export function incidentRaisesAlert(i: Incident, level: Severity, now: number): boolean {
  return atOrAbove(i.severity, level) && isOpen(i.status) && i.reportedAt >= now - ALERT_RECENT_MS;
}

/**
 * A CAP alert in force raises one when its colour is at or above the level (CAP Severe is orange,
 * Extreme red: the default level takes both) and it is an actual alert or update.
 */
export function capRaisesAlert(a: Alert, level: Severity): boolean {
  return a.status === 'Actual' && (a.msgType === 'Alert' || a.msgType === 'Update') && atOrAbove(a.severity, level);
}

/** Whether an unacknowledged alert raised at `raisedAt` is due for escalation to the leader role. */
export function escalationDue(level: Severity, raisedAt: number, now: number, minutes: number): boolean {
  return level === 'red' && now - raisedAt >= minutes * 60_000;
}
