import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { roomNumber, type ConferenceGrant, type ConferenceRecording, type ConferenceState } from '@shared/conference';
import type { OperationHandlers } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import { resolveSecretRefs, type SecretStore } from '../services/secret-store';
import { readConferenceConfig, wsOrigin, type ConferenceConfig } from './conference-config';
import { JanusAdmin } from './janus-admin';
import { SessionRecordings } from './session-recordings';

export type ConferenceOperation = 'joinConference' | 'conferenceState' | 'setConferenceRecording' | 'appendConferenceRecording' | 'addConferenceCamera' | 'removeConferenceCamera';

export interface ConferenceServiceOptions {
  dataDir: string;
  secrets?: SecretStore;
  /** Pushes a conference's shared state (field cameras, recording) to every window. */
  changed: (state: ConferenceState) => void;
  /** Whether a camera id is in the catalog. */
  hasCamera: (id: string) => boolean;
  /**
   * Why this console may not start or stop recording conference `id` (a consultation it does not
   * host), or null when it may.
   */
  recordingRefused?: (id: string) => string | null;
  log?: (line: string) => void;
  now?: () => number;
}

interface Room {
  number: number;
  pin: string;
  pinExpiresAt: number;
  recording: boolean;
  cameras: string[];
}

/** VideoRoom's "room already exists". */
const ROOM_EXISTS = 427;

/**
 * Conferences on Janus: the host creates each consultation's VideoRoom with the admin key (kept
 * here, never sent to a renderer), protects it with a pin it rotates, and hands participants a
 * grant. It also keeps what every participant shares beyond media: the field cameras added to the
 * grid, and whether Janus is recording.
 */
export class ConferenceService {
  private config?: ConferenceConfig;
  private admin?: JanusAdmin;
  private readonly rooms = new Map<string, Room>();
  private readonly now: () => number;
  private recordings?: SessionRecordings;

  constructor(private readonly o: ConferenceServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Reads conference.json (a mistake in it stops the console, as video.json does). */
  async start(): Promise<void> {
    const plain = readConferenceConfig(this.o.dataDir);
    if (!plain) return;
    this.config = this.o.secrets ? await resolveSecretRefs(plain, this.o.secrets, 'conference.json') : plain;
    this.admin = new JanusAdmin(this.config.adminServer ?? this.config.server);
    this.recordings = new SessionRecordings(this.o.dataDir, this.config.maxRecordingMb * 1024 * 1024, this.now);
    this.o.log?.(`conferences on Janus at ${this.config.server}`);
  }

  stop(): void {
    this.recordings?.stopAll();
    this.admin?.close();
  }

  /** The media server's WebSocket origin, for the renderer's CSP (connect-src); none without conference.json. */
  connectOrigins(): string[] {
    return this.config ? [wsOrigin(this.config.server)] : [];
  }

  private configured(): { config: ConferenceConfig; admin: JanusAdmin } {
    if (!this.config || !this.admin) throw new OperationError('UNAVAILABLE', 'conferences are not configured: put a conference.json in the data directory (docs/conference.md)');
    return { config: this.config, admin: this.admin };
  }

  /** The room's secret (to edit it, record it): derived from the admin key, so a restarted host can still edit the rooms it made. */
  private roomSecret(config: ConferenceConfig, number: number): string {
    return createHmac('sha256', config.adminKey).update(`room:${config.roomPrefix}:${number}`).digest('base64url');
  }

  private room(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Creates the room (or takes it over with a new pin) and returns a grant to join it. */
  async join(id: string): Promise<ConferenceGrant> {
    const { config, admin } = this.configured();
    let room = this.room(id);
    const now = this.now();
    if (!room || room.pinExpiresAt <= now) {
      const number = roomNumber(config.roomPrefix, id);
      const pin = randomBytes(12).toString('base64url');
      const secret = this.roomSecret(config, number);
      try {
        await admin.request({
          request: 'create',
          admin_key: config.adminKey,
          room: number,
          description: `${config.roomPrefix} ${id}`,
          secret,
          pin,
          is_private: true,
          permanent: false,
          publishers: config.publishers,
          bitrate: config.maxBitrateKbps * 1000,
          fir_freq: 5,
          audiocodec: 'opus',
          videocodec: config.videoCodec,
          audiolevel_event: true,
          audio_active_packets: 25,
          audio_level_average: 40,
          notify_joining: true,
          ...(config.recordDir ? { rec_dir: config.recordDir } : {}),
        });
      } catch (err) {
        if ((err as { code?: number }).code !== ROOM_EXISTS) throw new OperationError('UNAVAILABLE', (err as Error).message);
        // Made before (by this host or an earlier run): rotate its pin with the room secret.
        try {
          await admin.request({ request: 'edit', room: number, secret, new_pin: pin, new_is_private: true });
        } catch (e) {
          throw new OperationError('UNAVAILABLE', (e as Error).message);
        }
      }
      room = { number, pin, pinExpiresAt: now + config.pinMinutes * 60_000, recording: room?.recording ?? false, cameras: room?.cameras ?? [] };
      this.rooms.set(id, room);
    }
    return {
      id,
      server: config.server,
      room: room.number,
      pin: room.pin,
      expiresAt: room.pinExpiresAt,
      iceServers: config.iceServers,
      maxBitrateKbps: config.maxBitrateKbps,
      capture: config.capture,
      recording: room.recording,
    };
  }

  state(id: string): ConferenceState {
    const room = this.room(id);
    const recordingId = this.recordings?.activeId(id) ?? null;
    return {
      id,
      cameras: [...(room?.cameras ?? [])],
      recording: recordingId !== null || (room?.recording ?? false),
      recordingId,
      recordings: [...(this.recordings?.list(id) ?? []), ...(room ? this.janusRecordings(room.number, room.recording) : [])],
    };
  }

  /**
   * Starts or stops recording: the console recording of the session (the caller uploads its
   * chunks), and Janus's raw recording of every publisher when `recordDir` is set.
   */
  async setRecording(id: string, on: boolean): Promise<ConferenceState> {
    const { config, admin } = this.configured();
    const room = this.room(id);
    if (!room) throw new OperationError('NOT_FOUND', `no conference ${id} has been joined on this host`);
    const refused = this.o.recordingRefused?.(id);
    if (refused) throw new OperationError('FORBIDDEN', refused);
    if (config.recordDir) {
      try {
        await admin.request({ request: 'enable_recording', room: room.number, secret: this.roomSecret(config, room.number), record: on });
      } catch (err) {
        throw new OperationError('UNAVAILABLE', (err as Error).message);
      }
      room.recording = on;
    }
    if (on) this.recordings!.start(id);
    else this.recordings!.stop(id);
    this.o.log?.(`conference ${id}: recording ${on ? 'started' : 'stopped'}`);
    return this.emit(id);
  }

  /** One chunk of the running console recording (validated by the contract, checked here). */
  appendRecording(id: string, recordingId: string, seq: number, base64: string): { bytes: number } {
    this.configured();
    const chunk = new Uint8Array(Buffer.from(base64, 'base64'));
    const bytes = this.recordings!.append(id, recordingId, seq, chunk);
    // Every participant's list shows the recording grow, every five chunks (about five seconds).
    if (seq % 5 === 4) this.emit(id);
    return { bytes };
  }

  addCamera(id: string, cameraId: string): ConferenceState {
    this.configured();
    if (!this.o.hasCamera(cameraId)) throw new OperationError('NOT_FOUND', `no camera ${cameraId} in the catalog`);
    const room = this.room(id);
    if (!room) throw new OperationError('NOT_FOUND', `no conference ${id} has been joined on this host`);
    if (!room.cameras.includes(cameraId)) room.cameras.push(cameraId);
    return this.emit(id);
  }

  removeCamera(id: string, cameraId: string): ConferenceState {
    const room = this.room(id);
    if (room) room.cameras = room.cameras.filter((c) => c !== cameraId);
    return this.emit(id);
  }

  private emit(id: string): ConferenceState {
    const state = this.state(id);
    this.o.changed(state);
    return state;
  }

  /** Janus's recording files of the room in recordDir, when the host can read that folder. */
  private janusRecordings(number: number, recording: boolean): ConferenceRecording[] {
    const dir = this.config?.recordDir;
    if (!dir) return [];
    try {
      return readdirSync(dir)
        .filter((f) => f.startsWith(`videoroom-${number}-`) && f.endsWith('.mjr'))
        .map((file) => {
          const s = statSync(join(dir, file));
          return { file, kind: 'mjr' as const, bytes: s.size, modifiedAt: Math.round(s.mtimeMs), active: recording };
        })
        .sort((a, b) => a.file.localeCompare(b.file));
    } catch {
      return [];
    }
  }

  readonly handlers: Pick<OperationHandlers, ConferenceOperation> = {
    joinConference: ({ id }) => this.join(id),
    conferenceState: ({ id }) => this.state(id),
    setConferenceRecording: ({ id, on }) => this.setRecording(id, on),
    appendConferenceRecording: ({ id, recordingId, seq, base64 }) => this.appendRecording(id, recordingId, seq, base64),
    addConferenceCamera: ({ id, cameraId }) => this.addCamera(id, cameraId),
    removeConferenceCamera: ({ id, cameraId }) => this.removeCamera(id, cameraId),
  };
}
