/**
 * 0041 — recommended resources at dispatch and escalation rules.
 *
 * `vehicle_assignments`: a vehicle assigned to a case by an operator (the case history has the same
 * act as an `assignVehicle` entry); a vehicle is free again when its case ends or it is assigned
 * elsewhere (`released_at`), never deleted. `escalation_rule_versions`: every save of the rule set
 * is a new row, the highest version is in force, older ones stay readable. `rule_firings`: each
 * time a rule raised the duty alert. `signals.case_id`: the case a signal was escalated into.
 */
export const name = 'dispatch-and-rules';

export const sql = `
CREATE TABLE vehicle_assignments (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  vehicle_id   TEXT NOT NULL,
  vehicle_name TEXT NOT NULL,
  incident_id  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  assigned_at  INTEGER NOT NULL,
  released_at  INTEGER
) STRICT;

CREATE INDEX vehicle_assignments_active ON vehicle_assignments (vehicle_id) WHERE released_at IS NULL;
CREATE INDEX vehicle_assignments_incident ON vehicle_assignments (incident_id);

CREATE TABLE escalation_rule_versions (
  version   INTEGER PRIMARY KEY,
  saved_at  INTEGER NOT NULL,
  saved_by  TEXT NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  rules     TEXT NOT NULL
) STRICT;

CREATE TABLE rule_firings (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_key  TEXT NOT NULL,
  version   INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  firing    TEXT NOT NULL
) STRICT;

CREATE INDEX rule_firings_key ON rule_firings (rule_key, at DESC);

ALTER TABLE signals ADD COLUMN case_id TEXT;
`;
