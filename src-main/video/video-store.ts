import type { VideoState } from '@shared/contract';
import type { VideoLayout } from '@shared/video/layouts';
import { DEFAULT_VIDEO_PREFS, VideoLayoutSchema, VideoPrefsSchema, type CameraGroup, type NamedLayout, type Panel, type VideoPrefs } from '@shared/video/schemas';
import { OperationError } from '@shared/dispatch';
import type { Db } from '../store/database';

const PREFS_KEY = 'video';

function parseLayout(json: string): VideoLayout | null {
  try {
    const r = VideoLayoutSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * Favourites, camera groups, named layouts, panel layouts and video preferences in SQLite
 * (migration 0030; preferences as one JSON value in `settings`). Parameterized SQL only; every
 * write is one transaction.
 */
export class VideoStore {
  constructor(private readonly db: Db) {}

  state(): VideoState {
    return {
      favourites: this.favourites(),
      groups: this.groups(),
      layouts: this.layouts(),
      panels: { console: this.panel('console'), wall: this.panel('wall') },
      prefs: this.prefs(),
    };
  }

  favourites(): string[] {
    return this.db.prepare('SELECT camera_id FROM camera_favourites ORDER BY added_at, camera_id').pluck().all() as string[];
  }

  setFavourite(cameraId: string, favourite: boolean, now = Date.now()): void {
    if (favourite) this.db.prepare('INSERT OR IGNORE INTO camera_favourites (camera_id, added_at) VALUES (?, ?)').run(cameraId, now);
    else this.db.prepare('DELETE FROM camera_favourites WHERE camera_id = ?').run(cameraId);
  }

  groups(): CameraGroup[] {
    const rows = this.db.prepare('SELECT id, name, updated_at FROM camera_groups ORDER BY name').all() as { id: number; name: string; updated_at: number }[];
    const members = this.db.prepare('SELECT camera_id FROM camera_group_members WHERE group_id = ? ORDER BY position').pluck();
    return rows.map((r) => ({ id: r.id, name: r.name, updatedAt: r.updated_at, cameraIds: members.all(r.id) as string[] }));
  }

  saveGroup(g: { id?: number; name: string; cameraIds: string[] }, now = Date.now()): number {
    return this.db.transaction(() => {
      const clash = this.db.prepare('SELECT id FROM camera_groups WHERE name = ?').pluck().get(g.name) as number | undefined;
      if (clash !== undefined && clash !== g.id) throw new OperationError('BAD_REQUEST', `a group named ${g.name} exists`);
      let id = g.id;
      if (id === undefined) {
        id = Number(this.db.prepare('INSERT INTO camera_groups (name, updated_at) VALUES (?, ?)').run(g.name, now).lastInsertRowid);
      } else {
        const changed = this.db.prepare('UPDATE camera_groups SET name = ?, updated_at = ? WHERE id = ?').run(g.name, now, id).changes;
        if (changed === 0) throw new OperationError('NOT_FOUND', `no group ${id}`);
        this.db.prepare('DELETE FROM camera_group_members WHERE group_id = ?').run(id);
      }
      const insert = this.db.prepare('INSERT INTO camera_group_members (group_id, position, camera_id) VALUES (?, ?, ?)');
      [...new Set(g.cameraIds)].forEach((cameraId, position) => insert.run(id, position, cameraId));
      return id;
    })();
  }

  deleteGroup(id: number): void {
    this.db.prepare('DELETE FROM camera_groups WHERE id = ?').run(id);
  }

  layouts(): NamedLayout[] {
    const rows = this.db.prepare('SELECT name, layout, updated_at FROM video_layouts ORDER BY name').all() as { name: string; layout: string; updated_at: number }[];
    return rows.flatMap((r) => {
      const layout = parseLayout(r.layout);
      return layout ? [{ name: r.name, layout, updatedAt: r.updated_at }] : [];
    });
  }

  saveLayout(name: string, layout: VideoLayout, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO video_layouts (name, layout, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at')
      .run(name, JSON.stringify(layout), now);
  }

  deleteLayout(name: string): void {
    this.db.prepare('DELETE FROM video_layouts WHERE name = ?').run(name);
  }

  panel(panel: Panel): VideoLayout | null {
    const json = this.db.prepare('SELECT layout FROM video_panels WHERE panel = ?').pluck().get(panel) as string | undefined;
    return json ? parseLayout(json) : null;
  }

  setPanel(panel: Panel, layout: VideoLayout, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO video_panels (panel, layout, updated_at) VALUES (?, ?, ?) ON CONFLICT (panel) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at')
      .run(panel, JSON.stringify(layout), now);
  }

  prefs(): VideoPrefs {
    const json = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(PREFS_KEY) as string | undefined;
    if (!json) return { ...DEFAULT_VIDEO_PREFS };
    try {
      const r = VideoPrefsSchema.partial().safeParse(JSON.parse(json));
      return { ...DEFAULT_VIDEO_PREFS, ...(r.success ? r.data : {}) };
    } catch {
      return { ...DEFAULT_VIDEO_PREFS };
    }
  }

  setPrefs(patch: Partial<VideoPrefs>): VideoPrefs {
    const next = VideoPrefsSchema.parse({ ...this.prefs(), ...patch });
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(PREFS_KEY, JSON.stringify(next));
    return next;
  }
}
