import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OperationError } from '@shared/dispatch';
import type { IncidentAttachment } from '@shared/video/schemas';
import type { Db } from '../store/database';

export const ATTACHMENTS_DIR = 'attachments';

const MAGIC: Record<string, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

interface Row {
  id: number;
  incident_id: string;
  camera_id: string | null;
  file: string;
  mime: string;
  bytes: number;
  created_at: number;
}

const toAttachment = (r: Row): IncidentAttachment => ({
  id: r.id,
  incidentId: r.incident_id,
  kind: 'snapshot',
  cameraId: r.camera_id,
  file: r.file,
  mime: r.mime,
  bytes: r.bytes,
  createdAt: r.created_at,
});

/**
 * Snapshots attached to incidents: the image is written to `attachments/` in the data directory
 * under a generated name (never one the caller chose), then recorded in `incident_attachments`.
 * The bytes must really be the image type claimed.
 */
export class AttachmentStore {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  attachSnapshot(a: { incidentId: string; cameraId: string; mime: 'image/jpeg' | 'image/png'; base64: string }, now = Date.now()): IncidentAttachment {
    const bytes = Buffer.from(a.base64, 'base64');
    const magic = MAGIC[a.mime]!;
    if (bytes.length < 16 || !magic.every((b, i) => bytes[i] === b)) throw new OperationError('BAD_REQUEST', `not a ${a.mime} image`);
    const dir = join(this.dataDir, ATTACHMENTS_DIR);
    mkdirSync(dir, { recursive: true });
    const file = `${now}-${randomBytes(6).toString('hex')}.${a.mime === 'image/png' ? 'png' : 'jpg'}`;
    writeFileSync(join(dir, file), bytes, { flag: 'wx' });
    const id = Number(
      this.db
        .prepare('INSERT INTO incident_attachments (incident_id, kind, camera_id, file, mime, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(a.incidentId, 'snapshot', a.cameraId, file, a.mime, bytes.length, now).lastInsertRowid,
    );
    return { id, incidentId: a.incidentId, kind: 'snapshot', cameraId: a.cameraId, file, mime: a.mime, bytes: bytes.length, createdAt: now };
  }

  list(incidentId: string): IncidentAttachment[] {
    const rows = this.db
      .prepare('SELECT id, incident_id, camera_id, file, mime, bytes, created_at FROM incident_attachments WHERE incident_id = ? ORDER BY created_at, id')
      .all(incidentId) as Row[];
    return rows.map(toAttachment);
  }
}
