import { describe, expect, it } from 'vitest';
import type { Alert } from '@shared/domain/alert';
import type { Incident } from '@shared/domain/incident';
import { ALERT_RECENT_MS, capRaisesAlert, escalationDue, incidentRaisesAlert } from '@shared/domain/alerting';

const NOW = Date.UTC(2026, 11, 1, 3, 0);
const incident = (over: Partial<Incident>): Incident => ({ severity: 'red', status: 'reported', reportedAt: NOW - 1000, ...over }) as Incident;
const cap = (over: Partial<Alert>): Alert => ({ status: 'Actual', msgType: 'Alert', severity: 'orange', ...over }) as Alert;

describe('which arrivals raise a duty alert', () => {
  it('raises for recent open red and orange incidents at the default level, not yellow or blue', () => {
    expect(incidentRaisesAlert(incident({ severity: 'red' }), 'orange', NOW)).toBe(true);
    expect(incidentRaisesAlert(incident({ severity: 'orange' }), 'orange', NOW)).toBe(true);
    expect(incidentRaisesAlert(incident({ severity: 'yellow' }), 'orange', NOW)).toBe(false);
    expect(incidentRaisesAlert(incident({ severity: 'orange' }), 'red', NOW)).toBe(false);
    expect(incidentRaisesAlert(incident({ severity: 'blue' }), 'blue', NOW)).toBe(true);
  });

  it('stays silent for history catching up and for ended cases', () => {
    expect(incidentRaisesAlert(incident({ reportedAt: NOW - ALERT_RECENT_MS - 1 }), 'orange', NOW)).toBe(false);
    expect(incidentRaisesAlert(incident({ status: 'closed' }), 'orange', NOW)).toBe(false);
  });

  it('raises for actual CAP alerts of Severe (orange) and Extreme (red), not tests, cancels or Moderate', () => {
    expect(capRaisesAlert(cap({ severity: 'red' }), 'orange')).toBe(true);
    expect(capRaisesAlert(cap({ severity: 'orange', msgType: 'Update' }), 'orange')).toBe(true);
    expect(capRaisesAlert(cap({ severity: 'yellow' }), 'orange')).toBe(false);
    expect(capRaisesAlert(cap({ status: 'Exercise' }), 'orange')).toBe(false);
    expect(capRaisesAlert(cap({ msgType: 'Cancel' }), 'orange')).toBe(false);
  });

  it('escalates only red alerts, once the minutes have passed', () => {
    expect(escalationDue('red', NOW - 5 * 60_000, NOW, 5)).toBe(true);
    expect(escalationDue('red', NOW - 4 * 60_000, NOW, 5)).toBe(false);
    expect(escalationDue('orange', NOW - 60 * 60_000, NOW, 5)).toBe(false);
  });
});
