/**
 * 0031 — files attached to incidents (snapshots of video tiles). The file itself lives in the
 * data directory's `attachments/` folder; the row records what it is and where it came from.
 * No foreign key to incidents: an attachment outlives a cache trim of its incident.
 */
export const name = 'incident-attachments';

export const sql = `
CREATE TABLE incident_attachments (
  id           INTEGER PRIMARY KEY,
  incident_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('snapshot')),
  camera_id    TEXT,
  file         TEXT NOT NULL UNIQUE,
  mime         TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX incident_attachments_incident ON incident_attachments (incident_id, created_at);
`;
