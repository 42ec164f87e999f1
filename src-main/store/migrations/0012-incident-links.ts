/**
 * 0012 — cross-feed duplicates: the same event reported by two systems (near in space, time
 * and category) is linked to the incident that arrived first, instead of being counted twice.
 * The linked incident is kept (nothing is deleted) with status `duplicate`.
 */
export const name = 'incident-links';

export const sql = `
CREATE TABLE incident_links (
  incident_id   TEXT PRIMARY KEY,
  canonical_id  TEXT NOT NULL,
  distance_m    REAL NOT NULL,
  delta_ms      INTEGER NOT NULL,
  linked_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX incident_links_canonical ON incident_links (canonical_id);
`;
