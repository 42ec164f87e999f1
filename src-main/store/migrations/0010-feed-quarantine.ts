/**
 * 0010 — the quarantine: messages the feeds refused, with the reason, so an operator can see
 * what a backend sent and why it was not taken. Bounded by the application (oldest go first).
 */
export const name = 'feed-quarantine';

export const sql = `
CREATE TABLE feed_quarantine (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  feed_id      TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  excerpt      TEXT NOT NULL
) STRICT;

CREATE INDEX feed_quarantine_feed ON feed_quarantine (feed_id, id DESC);
`;
