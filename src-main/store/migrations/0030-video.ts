/**
 * 0030 — video: favourite cameras, named camera groups, named layouts and each panel's current
 * layout (the console's video view and the video wall, so the wall comes back as it was).
 * Layouts are JSON validated by the contract's VideoLayoutSchema on the way in and out.
 */
export const name = 'video';

export const sql = `
CREATE TABLE camera_favourites (
  camera_id  TEXT PRIMARY KEY,
  added_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE camera_groups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE camera_group_members (
  group_id   INTEGER NOT NULL REFERENCES camera_groups (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  camera_id  TEXT NOT NULL,
  PRIMARY KEY (group_id, position)
) STRICT;

CREATE TABLE video_layouts (
  name        TEXT PRIMARY KEY,
  layout      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE video_panels (
  panel       TEXT PRIMARY KEY CHECK (panel IN ('console', 'wall')),
  layout      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
`;
