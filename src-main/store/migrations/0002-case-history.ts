/**
 * 0002 — the case workflow: an integer row key for the full-text index, the case clock's columns,
 * an append-only history, escalations, clock limits and stage durations.
 *
 * `incidents` is rebuilt with `seq INTEGER PRIMARY KEY`: the full-text index (0003) refers to rows
 * by rowid, and only an INTEGER PRIMARY KEY keeps rowids stable across VACUUM. `id` stays the
 * stable identifier (UNIQUE). Existing rows keep everything they had; their stage clock starts at
 * their last change, and a case that is past `reported` gets one history entry saying so.
 */
export const name = 'case-history';

export const sql = `
CREATE TABLE incidents_v2 (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  source           TEXT NOT NULL,
  source_id        TEXT NOT NULL,
  category         TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('red','orange','yellow','blue')),
  status           TEXT NOT NULL,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  lon              REAL NOT NULL,
  lat              REAL NOT NULL,
  orig_lon         REAL NOT NULL,
  orig_lat         REAL NOT NULL,
  orig_datum       TEXT NOT NULL,
  grid_id          TEXT,
  address          TEXT NOT NULL DEFAULT '',
  reported_at      INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  unit             TEXT,
  raw              TEXT,
  stage_entered_at INTEGER NOT NULL,
  due_at           INTEGER,
  attachments      TEXT,
  UNIQUE (source, source_id)
) STRICT;

INSERT INTO incidents_v2 (id, source, source_id, category, severity, status, title, description, lon, lat,
  orig_lon, orig_lat, orig_datum, grid_id, address, reported_at, updated_at, unit, raw, stage_entered_at, due_at)
SELECT id, source, source_id, category, severity, status, title, description, lon, lat,
  orig_lon, orig_lat, orig_datum, grid_id, address, reported_at, updated_at, unit, raw,
  CASE WHEN status = 'reported' THEN reported_at ELSE updated_at END,
  -- The default limits of the case clock (src-shared/domain/case-clock.ts) for open cases.
  CASE status
    WHEN 'reported' THEN reported_at + 30 * 60000
    WHEN 'registered' THEN updated_at + 30 * 60000
    WHEN 'dispatched' THEN updated_at + 60 * 60000
    WHEN 'handling' THEN updated_at + 2880 * 60000
    WHEN 'feedback' THEN updated_at + 240 * 60000
  END
FROM incidents ORDER BY reported_at, id;

DROP TABLE incidents;
ALTER TABLE incidents_v2 RENAME TO incidents;

CREATE INDEX incidents_reported ON incidents (reported_at DESC);
CREATE INDEX incidents_category_reported ON incidents (category, reported_at DESC);
CREATE INDEX incidents_grid_reported ON incidents (grid_id, reported_at DESC);
CREATE INDEX incidents_status_reported ON incidents (status, reported_at DESC);
-- Open cases only (due_at is NULL once a case ends): overdue lists and counts, per grid too.
CREATE INDEX incidents_open_due ON incidents (due_at, grid_id) WHERE due_at IS NOT NULL;

-- Every change of a case's status, by whom, in which role, with what note. Append-only.
CREATE TABLE incident_history (
  id           INTEGER PRIMARY KEY,
  incident_id  TEXT NOT NULL,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  role         TEXT,
  action       TEXT,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  unit         TEXT,
  note         TEXT,
  origin       TEXT NOT NULL CHECK (origin IN ('console','feed'))
) STRICT;
CREATE INDEX incident_history_incident ON incident_history (incident_id, id);

CREATE TRIGGER incident_history_no_update BEFORE UPDATE ON incident_history
BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
CREATE TRIGGER incident_history_no_delete BEFORE DELETE ON incident_history
BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;

INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin)
SELECT id, updated_at, 'feed:' || source, NULL, NULL, NULL, status, unit, NULL, 'feed'
FROM incidents WHERE status <> 'reported' ORDER BY seq;

-- Per-category overrides of the case clock's stage limits (category may be a code, 'cm.*' or '*').
CREATE TABLE case_clock_limits (
  category  TEXT NOT NULL,
  stage     TEXT NOT NULL,
  minutes   INTEGER NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (category, stage)
) STRICT, WITHOUT ROWID;

-- One row per overdue stage of a case: raised once, kept as a record.
CREATE TABLE case_escalations (
  incident_id       TEXT NOT NULL,
  stage             TEXT NOT NULL,
  stage_entered_at  INTEGER NOT NULL,
  due_at            INTEGER NOT NULL,
  escalated_at      INTEGER NOT NULL,
  PRIMARY KEY (incident_id, stage, stage_entered_at)
) STRICT, WITHOUT ROWID;

-- Time spent in each stage, summed per day (China time) the stage ended: average handling time per
-- stage without scanning the history.
CREATE TABLE stage_durations (
  day       INTEGER NOT NULL,
  category  TEXT NOT NULL,
  stage     TEXT NOT NULL,
  n         INTEGER NOT NULL,
  total_ms  INTEGER NOT NULL,
  PRIMARY KEY (day, category, stage)
) STRICT, WITHOUT ROWID;
`;
