/**
 * 0011 — CAP 1.2 alerts. One row per (sender, identifier), as CAP defines identity; the parsed
 * alert as JSON (infos in every language, areas as geometry) beside the columns queries need.
 * An Update or Cancel marks the alerts it references (`superseded_by` / `cancelled_by`);
 * `cap_alert_refs` lets a reference that arrives before its target still take effect.
 */
export const name = 'cap-alerts';

export const sql = `
CREATE TABLE cap_alerts (
  sender         TEXT NOT NULL,
  identifier     TEXT NOT NULL,
  sent           INTEGER NOT NULL,
  msg_type       TEXT NOT NULL CHECK (msg_type IN ('Alert','Update','Cancel','Ack','Error')),
  status         TEXT NOT NULL CHECK (status IN ('Actual','Exercise','System','Test','Draft')),
  severity       TEXT NOT NULL CHECK (severity IN ('red','orange','yellow','blue')),
  category       TEXT NOT NULL,
  expires        INTEGER,
  source         TEXT NOT NULL,
  received_at    INTEGER NOT NULL,
  superseded_by  TEXT,
  cancelled_by   TEXT,
  doc            TEXT NOT NULL,
  PRIMARY KEY (sender, identifier)
) STRICT;

CREATE INDEX cap_alerts_in_force ON cap_alerts (status, expires);

CREATE TABLE cap_alert_refs (
  sender          TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  ref_sender      TEXT NOT NULL,
  ref_identifier  TEXT NOT NULL,
  PRIMARY KEY (ref_sender, ref_identifier, sender, identifier)
) STRICT;
`;
