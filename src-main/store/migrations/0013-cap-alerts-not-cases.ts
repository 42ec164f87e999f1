/**
 * 0013 — CAP alerts are not cases. Earlier versions stored every actual CAP alert with an area as
 * an incident, so weather and flood warnings sat in the overdue list and the case statistics.
 * Those incidents that no officer ever acted on are ended here as `cancelled` (their case clock
 * stopped), each with a history entry saying why; the alerts themselves stay in `cap_alerts`.
 * Nothing is deleted. A case an officer worked on is left as it is.
 */
export const name = 'cap-alerts-not-cases';

const NOW = `CAST(strftime('%s', 'now') AS INTEGER) * 1000`;
const FROM_ALERTS = `
  SELECT i.id FROM incidents i
  JOIN cap_alerts a ON i.id = a.source || ':' || a.sender || ',' || a.identifier
  WHERE i.status NOT IN ('closed','rejected','duplicate','cancelled')
    AND NOT EXISTS (SELECT 1 FROM incident_history h WHERE h.incident_id = i.id AND h.origin = 'console')`;

export const sql = `
CREATE TEMP TABLE alert_incidents AS ${FROM_ALERTS};

INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
SELECT i.id, ${NOW}, 'feed:' || i.source, NULL, NULL, i.status, 'cancelled', i.unit, 'CAP alert, not a case', 'feed'
FROM incidents i WHERE i.id IN (SELECT id FROM alert_incidents);

UPDATE incidents SET status = 'cancelled', due_at = NULL, updated_at = ${NOW}
WHERE id IN (SELECT id FROM alert_incidents);

DROP TABLE alert_incidents;
`;
