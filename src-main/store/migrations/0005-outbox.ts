/**
 * 0005 — the offline outbox: case actions taken at this console, in the order they were taken,
 * until the backend has accepted them (or an operator has decided about a conflict). Rows are
 * kept after sending, as the record of what was sent.
 */
export const name = 'outbox';

export const sql = `
CREATE TABLE case_outbox (
  id              INTEGER PRIMARY KEY,
  incident_id     TEXT NOT NULL,
  action          TEXT NOT NULL,
  expected_status TEXT NOT NULL,
  to_status       TEXT NOT NULL,
  unit            TEXT,
  note            TEXT,
  actor           TEXT NOT NULL,
  role            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending','sent','conflict','refused','discarded','local')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  backend_status  TEXT,
  last_error      TEXT,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX case_outbox_waiting ON case_outbox (state, id) WHERE state IN ('pending','conflict','refused');
CREATE INDEX case_outbox_incident ON case_outbox (incident_id, id);
`;
