import { decodeDisplay, encodeDisplay, type ConferenceGrant, type ParticipantDisplay } from '@shared/conference';
import { JanusSession, type JanusHandle, type Jsep, type PluginData } from './janus';

/** Another participant as this window sees them. */
export interface RemoteFeed {
  feed: number;
  display: ParticipantDisplay;
  stream: MediaStream | null;
  talking: boolean;
  /** The simulcast substream asked for: 1 high (the enlarged speaker), 0 low (a small tile); null before any. */
  layer: 0 | 1 | null;
  /** Whether Janus forwards its video (false: over the decode budget or scrolled out of sight). */
  video: boolean;
}

interface Subscription {
  handle: JanusHandle;
  pc: RTCPeerConnection;
  videoMid?: string;
}

export interface RoomEvents {
  /** Participants, their displays, streams or talking changed. */
  changed: () => void;
  /** The media server dropped the connection. */
  lost: () => void;
}

/** Capture constraints for the chosen devices. */
export interface DeviceChoice {
  cameraId?: string;
  microphoneId?: string;
}

/**
 * One participant's side of a Janus VideoRoom: publishes the camera and microphone (video as two
 * simulcast layers), subscribes to every other publisher on its own peer connection, follows
 * joins, leaves, display changes (mute, camera off, screen share) and talking events.
 */
export class ConferenceRoom {
  readonly remotes = new Map<number, RemoteFeed>();
  private readonly subs = new Map<number, Subscription>();
  private session?: JanusSession;
  private publisher?: JanusHandle;
  private pubPc?: RTCPeerConnection;
  private camera?: MediaStream;
  /** The devices as opened at join, even when the join failed before they were used. */
  private opened?: MediaStream;
  private screenTrack?: MediaStreamTrack;
  private self: ParticipantDisplay;
  myFeed?: number;
  private left = false;

  constructor(
    private readonly grant: ConferenceGrant,
    name: string,
    private readonly events: RoomEvents,
  ) {
    this.self = { name, muted: false, cameraOff: false, screen: false };
  }

  get localStream(): MediaStream | undefined {
    return this.camera;
  }

  get display(): ParticipantDisplay {
    return { ...this.self };
  }

  /** Asks for camera and microphone (the only moment the console does), connects and publishes. */
  async join(devices: DeviceChoice): Promise<void> {
    // The devices open while the room is joined: those already in it are subscribed to without
    // waiting for the camera (the same click, so the permission is asked at the same moment).
    const capture = navigator.mediaDevices.getUserMedia(constraints(devices, this.grant.capture));
    capture.then(
      (opened) => {
        // Whatever happens to the join, leaving closes these devices.
        this.opened = opened;
        if (this.left) for (const t of opened.getTracks()) t.stop();
      },
      () => {}, // awaited below; a failure meanwhile must not go unhandled
    );
    const session = new JanusSession(this.grant.server);
    this.session = session;
    session.onClose = () => {
      if (!this.left) this.events.lost();
    };
    await session.connect();
    const pub = await session.attach();
    this.publisher = pub;
    pub.onEvent = (data) => this.onRoomEvent(data);
    const joined = await pub.message({ request: 'join', ptype: 'publisher', room: this.grant.room, pin: this.grant.pin, display: encodeDisplay(this.self) });
    this.myFeed = joined.data.id as number;
    // Subscribing to those already in the room waits neither for the camera nor for our own
    // publishing: the first remote frame comes a device opening and a negotiation sooner.
    this.addPublishers(joined.data.publishers);
    const camera = await capture;
    if (this.left) throw new Error('left the conference');
    this.camera = camera;
    await this.publish();
  }

  private async publish(): Promise<void> {
    const pc = new RTCPeerConnection({ iceServers: this.grant.iceServers });
    this.pubPc = pc;
    pc.onicecandidate = (e) => this.publisher?.trickle(e.candidate);
    const audio = this.camera!.getAudioTracks()[0];
    const video = this.camera!.getVideoTracks()[0];
    if (audio) pc.addTransceiver(audio, { direction: 'sendonly', streams: [this.camera!] });
    if (video) {
      pc.addTransceiver(video, {
        direction: 'sendonly',
        streams: [this.camera!],
        // Janus forwards the low layer to small tiles and the high one to the enlarged speaker.
        sendEncodings: simulcastLayers(video.getSettings().width ?? this.grant.capture.width, this.grant.maxBitrateKbps * 1000),
      });
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const reply = await this.publisher!.message({ request: 'publish', display: encodeDisplay(this.self) }, offer);
    if (reply.jsep) await pc.setRemoteDescription(reply.jsep);
  }

  private onRoomEvent(data: PluginData): void {
    if (data.videoroom === 'talking' || data.videoroom === 'stopped-talking') {
      const r = this.remotes.get(data.id as number);
      if (r) {
        r.talking = data.videoroom === 'talking';
        this.events.changed();
      }
      return;
    }
    if (data.videoroom !== 'event') return;
    if (Array.isArray(data.publishers)) this.addPublishers(data.publishers);
    const gone = (data.unpublished ?? data.leaving) as number | string | undefined;
    if (typeof gone === 'number') this.removeFeed(gone);
    if (typeof data.id === 'number' && typeof data.display === 'string') {
      const r = this.remotes.get(data.id);
      if (r) {
        r.display = decodeDisplay(data.display);
        this.events.changed();
      }
    }
  }

  private addPublishers(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const p of list as { id: number; display?: string; talking?: boolean }[]) {
      if (p.id === this.myFeed || this.remotes.has(p.id)) continue;
      this.remotes.set(p.id, { feed: p.id, display: decodeDisplay(p.display), stream: null, talking: p.talking === true, layer: null, video: true });
      void this.subscribe(p.id).catch(() => this.removeFeed(p.id));
    }
    this.events.changed();
  }

  private async subscribe(feed: number): Promise<void> {
    const handle = await this.session!.attach();
    const pc = new RTCPeerConnection({ iceServers: this.grant.iceServers });
    const sub: Subscription = { handle, pc };
    this.subs.set(feed, sub);
    pc.onicecandidate = (e) => handle.trickle(e.candidate);
    pc.ontrack = (e) => {
      const r = this.remotes.get(feed);
      if (!r) return;
      const stream = r.stream ?? new MediaStream();
      if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
      r.stream = stream;
      this.events.changed();
    };
    const attached = await handle.message({ request: 'join', ptype: 'subscriber', room: this.grant.room, pin: this.grant.pin, streams: [{ feed }] });
    const streams = (attached.data.streams ?? []) as { type: string; mid: string }[];
    sub.videoMid = streams.find((s) => s.type === 'video')?.mid;
    if (!this.subs.has(feed)) return; // left meanwhile
    await this.answer(sub, attached.jsep);
    // Janus starts a subscriber on the highest layer: ask at once for the one this tile needs.
    const r = this.remotes.get(feed);
    if (r && (r.layer !== null || !r.video)) await this.applyLayer(feed);
  }

  private async answer(sub: Subscription, jsep: Jsep | undefined): Promise<void> {
    if (!jsep) return;
    await sub.pc.setRemoteDescription(jsep);
    const answer = await sub.pc.createAnswer();
    await sub.pc.setLocalDescription(answer);
    await sub.handle.message({ request: 'start' }, answer);
  }

  /** Asks Janus for a simulcast layer of a feed (high for the enlarged speaker, low for small tiles). */
  async setLayer(feed: number, layer: 0 | 1, video = true): Promise<void> {
    const r = this.remotes.get(feed);
    if (!r || (r.layer === layer && r.video === video)) return;
    r.layer = layer;
    r.video = video;
    await this.applyLayer(feed);
  }

  /**
   * `configure` on the subscriber: the substream (and every temporal layer of it), and whether
   * Janus sends the video at all — a tile that is not decoded costs no decoder and no bandwidth.
   */
  private async applyLayer(feed: number): Promise<void> {
    const sub = this.subs.get(feed);
    const r = this.remotes.get(feed);
    if (!sub?.videoMid || !r) return;
    const stream: Record<string, unknown> = { mid: sub.videoMid, send: r.video };
    if (r.layer !== null) Object.assign(stream, { substream: r.layer, temporal: 2 });
    await sub.handle.message({ request: 'configure', streams: [stream] }).catch(() => {});
  }

  private removeFeed(feed: number): void {
    const sub = this.subs.get(feed);
    this.subs.delete(feed);
    if (sub) {
      sub.pc.close();
      void sub.handle.detach();
    }
    if (this.remotes.delete(feed)) this.events.changed();
  }

  /** Updates this participant's display on Janus: the others learn of it at once. */
  private async announce(): Promise<void> {
    await this.publisher?.message({ request: 'configure', display: encodeDisplay(this.self) });
  }

  async setMuted(muted: boolean): Promise<void> {
    for (const t of this.camera?.getAudioTracks() ?? []) t.enabled = !muted;
    this.self.muted = muted;
    await this.announce();
  }

  async setCameraOff(off: boolean): Promise<void> {
    for (const t of this.camera?.getVideoTracks() ?? []) t.enabled = !off;
    this.self.cameraOff = off;
    await this.announce();
  }

  /** Changes the camera or microphone without leaving: the new track replaces the old one in flight. */
  async switchDevices(devices: DeviceChoice): Promise<void> {
    const next = await navigator.mediaDevices.getUserMedia(constraints(devices, this.grant.capture));
    const senders = this.pubPc?.getSenders() ?? [];
    for (const track of next.getTracks()) {
      const sender = senders.find((s) => s.track?.kind === track.kind);
      if (track.kind === 'video' && this.screenTrack) continue;
      await sender?.replaceTrack(track);
      if (track.kind === 'audio') track.enabled = !this.self.muted;
      if (track.kind === 'video') track.enabled = !this.self.cameraOff;
    }
    if (this.screenTrack) next.getVideoTracks().forEach((t) => t.stop());
    for (const t of this.camera?.getTracks() ?? []) if (!this.screenTrack || t.kind === 'audio') t.stop();
    const keep = this.screenTrack ? (this.camera?.getVideoTracks() ?? []) : [];
    this.camera = new MediaStream([...next.getAudioTracks(), ...(this.screenTrack ? keep : next.getVideoTracks())]);
  }

  /** Shares a window (in Electron: the console window itself) in place of the camera. */
  async shareScreen(on: boolean): Promise<void> {
    const sender = this.pubPc?.getSenders().find((s) => s.track?.kind === 'video' || (this.screenTrack && s.track === this.screenTrack));
    if (on && !this.screenTrack) {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
      const track = display.getVideoTracks()[0]!;
      this.screenTrack = track;
      track.onended = () => void this.shareScreen(false);
      await sender?.replaceTrack(track);
    } else if (!on && this.screenTrack) {
      this.screenTrack.stop();
      this.screenTrack = undefined;
      await sender?.replaceTrack(this.camera?.getVideoTracks()[0] ?? null);
    }
    this.self.screen = on;
    await this.announce();
  }

  /** Leaves the room: Janus tells the others, every peer connection and capture device is closed. */
  async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    // Janus tells the others at once; a server that does not answer must not keep the devices open.
    await Promise.race([this.publisher?.message({ request: 'leave' }).catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    for (const feed of [...this.subs.keys()]) this.removeFeed(feed);
    this.pubPc?.close();
    this.screenTrack?.stop();
    for (const t of [...(this.camera?.getTracks() ?? []), ...(this.opened?.getTracks() ?? [])]) t.stop();
    this.session?.close();
  }
}

/** The small tiles' layer: 160 pixels wide (160×90 from 640×360 or 960×540) at 15 frames a second. */
const LOW_LAYER_WIDTH = 160;

/**
 * Two simulcast layers, high first (Janus's substreams 1 and 0): the picture as captured for the
 * enlarged speaker, and 160 pixels wide for the small tiles. Not three: Chromium sends only two
 * layers of a 640×360 picture (it drops the last one listed, which was the small tiles' own), and a
 * middle layer nobody asks for costs its encoder all the same.
 */
export function simulcastLayers(width: number, highBps: number): RTCRtpEncodingParameters[] {
  return [
    { rid: 'h', maxBitrate: highBps },
    { rid: 'l', maxBitrate: Math.min(Math.round(highBps / 8), 120_000), scaleResolutionDownBy: Math.max(1, width / LOW_LAYER_WIDTH), maxFramerate: 15 },
  ];
}

/** The substream Janus numbers the enlarged speaker's layer with (the highest it has). */
export const HIGH_SUBSTREAM = 1;

function constraints(d: DeviceChoice, c: ConferenceGrant['capture']): MediaStreamConstraints {
  return {
    audio: d.microphoneId ? { deviceId: { exact: d.microphoneId } } : true,
    video: { ...(d.cameraId ? { deviceId: { exact: d.cameraId } } : {}), width: { ideal: c.width }, height: { ideal: c.height }, frameRate: { ideal: c.frameRate } },
  };
}
