import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hocuspocus } from '@hocuspocus/server';
import { encodeStateAsUpdate, type Doc } from 'yjs';
import type { OperationHandlers, Settings } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { ConsultationInfo } from '@shared/consultation/contract';
import { documentName, sessionIdOf, summarize } from '@shared/consultation/doc';
import type { ConsultationSummary } from '@shared/consultation/summary';
import type { Incident } from '@shared/domain/incident';
import { assignGrid } from '@shared/geo/grids';
import type { Db } from '../store/database';
import type { CaseService } from '../cases/case-service';
import { DocumentPersistence } from '../collab/document-persistence';
import { createCollabEngine, readDocument } from '../collab/collab-engine';
import { readCollabConfig, type CollabConfig } from '../collab/collab-config';
import { fetchRemoteDocument } from '../collab/remote-document';
import { listenCollab } from '../collab/collab-listener';
import { finishedRecordings } from '../conference/session-recordings';
import { ArchiveRefused, readArchive, writeArchiveFile } from './archive';
import { ArchiveDownloads } from './archive-downloads';

type ConsultationOperations =
  | 'listConsultations'
  | 'startConsultation'
  | 'joinConsultation'
  | 'endConsultation'
  | 'collabEndpoint'
  | 'inviteParticipant'
  | 'revokeParticipant'
  | 'consultationSummary'
  | 'logDecision'
  | 'exportConsultation'
  | 'openConsultationArchive';

export interface ConsultationServiceOptions {
  db: Db;
  dataDir: string;
  cases: CaseService;
  settings: () => Settings;
  log?: (line: string) => void;
  now?: () => number;
}

interface Row {
  id: string;
  title: string;
  host: string;
  started_at: number;
  ended_at: number | null;
  origin_kind: ConsultationInfo['origin']['kind'];
  origin_id: string | null;
  archive: string | null;
}

const fromRow = (r: Row): ConsultationInfo => ({
  id: r.id,
  title: r.title,
  host: r.host,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  origin: r.origin_kind === 'empty' ? { kind: 'empty', id: null } : { kind: r.origin_kind, id: r.origin_id ?? '' },
  readOnly: r.archive !== null,
});

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Consultations (会商): the sessions this console knows, its participant tokens, the embedded
 * collaboration server (or the standalone one `collab.json` names), decisions that create or
 * update cases, the summary the briefing takes, and the archive.
 */
export class ConsultationService {
  readonly handlers: Pick<OperationHandlers, ConsultationOperations>;
  /** The embedded collaboration server (none when collab.json names a standalone one). */
  readonly engine?: Hocuspocus;
  private readonly persistence: DocumentPersistence;
  private readonly config?: CollabConfig;
  /** This console's own participant token per session (its hash is in the table). */
  private readonly ownTokens = new Map<string, string>();
  private readonly now: () => number;
  /** Exported archives waiting for their one download (served by the console host or the app protocol). */
  readonly downloads: ArchiveDownloads;
  /** The embedded engine's own loopback listener (the Electron window has no console host). */
  private loopback?: { url: string; close: () => Promise<void> };

  constructor(private readonly o: ConsultationServiceOptions) {
    this.now = o.now ?? Date.now;
    this.downloads = new ArchiveDownloads(o.dataDir, { log: o.log });
    this.persistence = new DocumentPersistence(o.db);
    this.config = readCollabConfig(o.dataDir);
    if (!this.config) {
      this.engine = createCollabEngine({ persistence: this.persistence, authorize: (token, name) => this.authorize(token, name), log: o.log });
    }
    const operator = () => ({ name: o.settings().operatorName, role: o.settings().caseRole });
    this.handlers = {
      listConsultations: () => (o.db.prepare('SELECT * FROM consultations ORDER BY started_at DESC').all() as Row[]).map(fromRow),
      startConsultation: ({ title, origin }) => {
        const id = randomBytes(9).toString('base64url');
        const now = this.now();
        o.db
          .prepare('INSERT INTO consultations (id, title, host, started_at, origin_kind, origin_id, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(id, title, o.settings().operatorName, now, origin.kind, origin.id, now);
        o.log?.(`consultation ${id} started by ${o.settings().operatorName}: ${title}`);
        return this.info(id);
      },
      joinConsultation: ({ id, title, host, startedAt, origin }) => {
        o.db
          .prepare(
            'INSERT INTO consultations (id, title, host, started_at, origin_kind, origin_id, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
          )
          .run(id, title, host, startedAt, origin.kind, origin.id, this.now());
        return this.info(id);
      },
      endConsultation: ({ id }) => {
        this.info(id);
        o.db.prepare('UPDATE consultations SET ended_at = COALESCE(ended_at, ?) WHERE id = ?').run(this.now(), id);
        return this.info(id);
      },
      collabEndpoint: ({ id }) => {
        if (this.config) return { url: this.config.url, token: this.config.token, documentName: documentName(id) };
        let token = this.ownTokens.get(id);
        if (!token) {
          token = this.issueToken(id, 'console');
          this.ownTokens.set(id, token);
        }
        return { url: this.loopback?.url ?? null, token, documentName: documentName(id) };
      },
      inviteParticipant: ({ id, label }) => {
        if (this.config) throw new OperationError('BAD_REQUEST', 'sessions are on a standalone collaboration server (collab.json): its token governs access');
        return { token: this.issueToken(id, label), label };
      },
      revokeParticipant: ({ id, label }) => {
        const n = o.db.prepare('UPDATE consultation_tokens SET revoked_at = ? WHERE session_id = ? AND label = ? AND revoked_at IS NULL').run(this.now(), id, label).changes;
        // Connections that came in with a revoked token leave now; the others reconnect at once.
        if (n && this.engine) this.engine.closeConnections(documentName(id));
        return { revoked: n };
      },
      consultationSummary: async ({ id }) => this.summary(id),
      logDecision: ({ sessionId, text, unit, deadline, incidentId, createAt }) => {
        const info = this.info(sessionId);
        const note = `会商「${info.title}」决定：${text}${deadline ? `（期限 ${new Date(deadline).toISOString()}）` : ''}`;
        if (incidentId) {
          const entry = o.cases.recordDecision(incidentId, operator(), this.now(), unit, note);
          if (!entry) throw new OperationError('NOT_FOUND', `no incident ${incidentId}`);
          return { caseId: incidentId };
        }
        if (!createAt) return { caseId: null };
        const now = this.now();
        const seq = randomBytes(6).toString('base64url');
        const incident: Incident = {
          id: `consultation:${sessionId}-${seq}`,
          source: 'consultation',
          sourceId: `${sessionId}-${seq}`,
          category: 'gg.other',
          severity: 'orange',
          status: 'reported',
          title: text.slice(0, 500),
          description: note,
          lon: createAt.lon,
          lat: createAt.lat,
          original: { lon: createAt.lon, lat: createAt.lat, datum: 'WGS84' },
          gridId: assignGrid(createAt.lon, createAt.lat),
          address: '',
          reportedAt: now,
          updatedAt: now,
          unit,
        };
        return { caseId: o.cases.openFromDecision(incident, note).id };
      },
      exportConsultation: async ({ id }) => {
        const summary = await this.summary(id);
        if (summary.endedAt == null) throw new OperationError('BAD_REQUEST', 'end the session before archiving it');
        const recordings = finishedRecordings(this.o.dataDir, id).map((r) => ({ name: `recordings/${r.name}`, path: r.path, bytes: r.bytes }));
        const path = this.downloads.tempPath('.zip');
        let bytes: number;
        try {
          ({ bytes } = await writeArchiveFile(summary, this.briefingPdf(id), this.now(), recordings, path));
        } catch (err) {
          if (err instanceof ArchiveRefused) throw new OperationError('BAD_REQUEST', err.message);
          throw err;
        }
        const fileName = `consultation-${id}.zip`;
        const { url, expiresAt } = this.downloads.issue({ path, fileName, bytes, contentType: 'application/zip' });
        o.log?.(`consultation ${id} archived (${Math.round(bytes / 1024)} KiB, ${recordings.length} recording(s)); one download within ${Math.round(this.downloads.ttlMs / 60_000)} min`);
        return { fileName, bytes, download: url, expiresAt };
      },
      openConsultationArchive: ({ base64 }) => {
        let opened: ReturnType<typeof readArchive>;
        try {
          opened = readArchive(new Uint8Array(Buffer.from(base64, 'base64')), { allowAbsentRecordings: true });
        } catch (err) {
          if (err instanceof ArchiveRefused) throw new OperationError('BAD_REQUEST', err.message);
          throw err;
        }
        const s = opened.summary;
        o.db
          .prepare(
            `INSERT INTO consultations (id, title, host, started_at, ended_at, origin_kind, origin_id, archive, joined_at)
             VALUES (?, ?, ?, ?, ?, 'empty', NULL, ?, ?)
             ON CONFLICT(id) DO UPDATE SET archive = excluded.archive, ended_at = excluded.ended_at`,
          )
          .run(s.id, s.title, s.host, s.startedAt, s.endedAt, JSON.stringify(s), this.now());
        return { info: this.info(s.id), summary: s, files: opened.files };
      },
    };
  }

  /** Serves the embedded engine on a loopback port (for a window not served by the console host). */
  async listenLoopback(): Promise<void> {
    if (this.engine && !this.loopback) this.loopback = await listenCollab(this.engine, '127.0.0.1', 0, this.o.log);
  }

  /** The standalone server's origin, for the renderer's content security policy (connect-src). */
  collabOrigins(): string[] {
    const url = this.config?.url ?? this.loopback?.url;
    if (!url) return [];
    const u = new URL(url);
    return [`${u.protocol}//${u.host}`];
  }

  /** The session as the briefing takes it: read from the shared document (or the archive). */
  async summary(sessionId: string): Promise<ConsultationSummary> {
    const row = this.row(sessionId);
    if (row.archive) return JSON.parse(row.archive) as ConsultationSummary;
    const doc = await this.document(sessionId);
    const s = summarize(doc);
    const info = fromRow(row);
    // A document nobody has opened yet still has its session.
    return s ?? { id: info.id, title: info.title, host: info.host, startedAt: info.startedAt, endedAt: info.endedAt, pinned: [], decisions: [], annotations: { type: 'FeatureCollection', features: [] } };
  }

  /** A copy of the session's shared document, from the embedded or the standalone server. */
  async document(sessionId: string): Promise<Doc> {
    const name = documentName(sessionId);
    if (this.engine) return readDocument(this.engine, this.persistence, name);
    const c = this.config!;
    try {
      return await fetchRemoteDocument(c.url, c.token, name);
    } catch (err) {
      throw new OperationError('UNAVAILABLE', (err as Error).message);
    }
  }

  async stop(): Promise<void> {
    this.downloads.clear();
    if (!this.engine) return;
    await this.loopback?.close();
    // Unstored changes go to SQLite before the database closes.
    for (const doc of this.engine.documents.values()) this.persistence.store(doc.name, encodeStateAsUpdate(doc));
    this.engine.closeConnections();
  }

  /** The operator who hosts session `id`, or undefined when this console knows no such session. */
  hostOf(id: string): string | undefined {
    return (this.o.db.prepare('SELECT host FROM consultations WHERE id = ?').get(id) as { host: string } | undefined)?.host;
  }

  private info(id: string): ConsultationInfo {
    return fromRow(this.row(id));
  }

  private row(id: string): Row {
    const r = this.o.db.prepare('SELECT * FROM consultations WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new OperationError('NOT_FOUND', `no consultation ${id}`);
    return r;
  }

  private issueToken(sessionId: string, label: string): string {
    this.info(sessionId);
    const token = randomBytes(24).toString('base64url');
    this.o.db.prepare('INSERT INTO consultation_tokens (token_hash, session_id, label, created_at) VALUES (?, ?, ?, ?)').run(hash(token), sessionId, label, this.now());
    return token;
  }

  /** Whether a participant token opens this document (the session's, not revoked). */
  private authorize(token: string, name: string): boolean {
    const id = sessionIdOf(name);
    if (!id || !token) return false;
    const row = this.o.db.prepare('SELECT session_id FROM consultation_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hash(token)) as
      | { session_id: string }
      | undefined;
    return row?.session_id === id;
  }

  /**
   * Keeps the session's briefing (会商纪要) where its archive takes it from. Only for a session this
   * console knows, and only a plain id: never a path of the caller's choosing.
   */
  keepBriefing(id: string, pdf: Uint8Array): void {
    if (!/^[\w-]{1,100}$/.test(id)) throw new OperationError('BAD_REQUEST', `not a consultation id: ${id.slice(0, 100)}`);
    const dir = join(this.o.dataDir, 'consultations', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'briefing.pdf'), pdf);
  }

  /** The briefing made for the session, if any (`consultations/<id>/briefing.pdf` in the data directory): its path. */
  private briefingPdf(id: string): string | undefined {
    const file = join(this.o.dataDir, 'consultations', id, 'briefing.pdf');
    return existsSync(file) ? file : undefined;
  }
}
