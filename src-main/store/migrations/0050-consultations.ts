/**
 * 0050 — consultations (会商). `consultations` lists the sessions this console started, joined or
 * opened from an archive (read-only, with the archived summary). `consultation_docs` holds the
 * Yjs documents of the embedded collaboration server (the whole state, replaced on each store).
 * `consultation_tokens` are participant tokens (only their SHA-256 is kept), revocable.
 */
export const name = 'consultations';

export const sql = `
CREATE TABLE consultations (
  id           TEXT PRIMARY KEY,
  title        TEXT NOT NULL,
  host         TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  origin_kind  TEXT NOT NULL CHECK (origin_kind IN ('incident','signal','alert','empty')),
  origin_id    TEXT,
  archive      TEXT,
  joined_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE consultation_docs (
  name         TEXT PRIMARY KEY,
  state        BLOB NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE consultation_tokens (
  token_hash   TEXT PRIMARY KEY,
  session_id   TEXT NOT NULL,
  label        TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX consultation_tokens_session ON consultation_tokens (session_id);
`;
