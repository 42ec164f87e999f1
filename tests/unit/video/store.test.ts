import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../src-main/store/database';
import { MIGRATIONS } from '../../../src-main/store/migrations/index';
import { VideoStore } from '../../../src-main/video/video-store';
import { AttachmentStore, ATTACHMENTS_DIR } from '../../../src-main/video/attachments';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-video-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]).toString('base64');

describe('video migrations', () => {
  it('0030 adds the video tables to the schema before it and keeps its data', () => {
    const db = new Database(join(dir, 'x.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version < 30));
    db.prepare("INSERT INTO settings (key, value) VALUES ('user', '{}')").run();
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 30))).toEqual([30]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['camera_favourites', 'camera_groups', 'camera_group_members', 'video_layouts', 'video_panels']));
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(1);
    db.close();
  });

  it('0031 adds incident_attachments to a schema-30 database', () => {
    const db = new Database(join(dir, 'x.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 30));
    new VideoStore(db).setFavourite('cam1', true);
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 31))).toEqual([31]);
    expect(db.prepare('SELECT count(*) FROM incident_attachments').pluck().get()).toBe(0);
    expect(new VideoStore(db).favourites()).toEqual(['cam1']);
    db.close();
  });
});

describe('the video store', () => {
  let db: Db;
  beforeEach(() => (db = openDatabase(dir)));
  afterEach(() => db.close());

  it('keeps favourites, groups, named layouts, panel layouts and preferences across a reopen', () => {
    const s = new VideoStore(db);
    s.setFavourite('b', true, 2);
    s.setFavourite('a', true, 1);
    s.setFavourite('b', false);
    const g = s.saveGroup({ name: '孙水河沿线', cameraIds: ['c1', 'c2', 'c1', 'c3'] });
    s.saveLayout('防汛', { kind: '1+5', tiles: ['c1', null, 'c2'] });
    s.setPanel('wall', { kind: '9', tiles: ['c3'] });
    s.setPrefs({ maxPlayers: 9 });
    db.close();
    db = openDatabase(dir);
    const state = new VideoStore(db).state();
    expect(state.favourites).toEqual(['a']);
    expect(state.groups).toEqual([expect.objectContaining({ id: g, name: '孙水河沿线', cameraIds: ['c1', 'c2', 'c3'] })]);
    expect(state.layouts[0]).toMatchObject({ name: '防汛', layout: { kind: '1+5', tiles: ['c1', null, 'c2'] } });
    expect(state.panels).toEqual({ console: null, wall: { kind: '9', tiles: ['c3'] } });
    expect(state.prefs).toEqual({ maxPlayers: 9, tourSeconds: 20 });
  });

  it('renames a group in place and refuses a second group with the same name', () => {
    const s = new VideoStore(db);
    const id = s.saveGroup({ name: 'A', cameraIds: ['x'] });
    s.saveGroup({ id, name: 'B', cameraIds: ['y', 'z'] });
    expect(s.groups()).toEqual([expect.objectContaining({ id, name: 'B', cameraIds: ['y', 'z'] })]);
    s.saveGroup({ name: 'C', cameraIds: [] });
    expect(() => s.saveGroup({ name: 'B', cameraIds: [] })).toThrow(/exists/);
    s.deleteGroup(id);
    expect(s.groups().map((g) => g.name)).toEqual(['C']);
  });

  it('skips a stored layout that no longer validates instead of failing the whole state', () => {
    db.prepare("INSERT INTO video_layouts (name, layout, updated_at) VALUES ('bad', '{\"kind\":\"25\"}', 1)").run();
    expect(new VideoStore(db).layouts()).toEqual([]);
  });

  it('writes a snapshot to the attachments folder under a generated name and lists it for the incident', () => {
    const a = new AttachmentStore(db, dir);
    const att = a.attachSnapshot({ incidentId: 'sim.grid:1', cameraId: 'cam1', mime: 'image/jpeg', base64: JPEG }, 1000);
    expect(att.file).toMatch(/^1000-[0-9a-f]{12}\.jpg$/);
    expect(readFileSync(join(dir, ATTACHMENTS_DIR, att.file))).toEqual(Buffer.from(JPEG, 'base64'));
    expect(a.list('sim.grid:1')).toEqual([att]);
    expect(a.list('other')).toEqual([]);
  });

  it('refuses a snapshot whose bytes are not the image type claimed', () => {
    const a = new AttachmentStore(db, dir);
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect(() => a.attachSnapshot({ incidentId: 'i', cameraId: 'c', mime: 'image/jpeg', base64: html })).toThrow(/not a image\/jpeg/);
    expect(() => a.attachSnapshot({ incidentId: 'i', cameraId: 'c', mime: 'image/png', base64: JPEG })).toThrow();
  });
});
