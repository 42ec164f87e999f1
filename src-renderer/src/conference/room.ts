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

/**
 * The one subscriber peer connection of this participant (Janus's multistream VideoRoom): every
 * other publisher's audio and video arrive on it, each stream on its own m-line (mid).
 */
interface Subscription {
  handle: JanusHandle;
  pc: RTCPeerConnection;
  /** The feed each mid carries (from Janus's `streams` list of the last offer). */
  feedOfMid: Map<string, number>;
  /** The mid of each feed's video. */
  videoMid: Map<number, string>;
}

/** A stream of Janus's subscription list (`attached` / `updated` events). */
interface SubscribedStream {
  type: string;
  mid: string;
  feed_id?: number;
  active?: boolean;
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
 * simulcast layers), subscribes to every other publisher on one peer connection, follows
 * joins, leaves, display changes (mute, camera off, screen share) and talking events.
 */
export class ConferenceRoom {
  readonly remotes = new Map<number, RemoteFeed>();
  private sub?: Subscription;
  /** The subscriber's handle, attached ahead by prepare(). */
  private subHandle?: JanusHandle;
  /** Renegotiations of the subscription, one after the other (Janus offers, this page answers). */
  private chain: Promise<void> = Promise.resolve();
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
    readonly grant: ConferenceGrant,
    private readonly events: RoomEvents,
  ) {
    this.self = { name: '', muted: false, cameraOff: false, screen: false };
  }

  /** Whether the connection to the media server is up (prepared or joined). */
  get connected(): boolean {
    return this.session?.isOpen === true;
  }

  /**
   * Connects to the media server and attaches the publisher's handle, without devices and without
   * entering the room (nobody sees this participant yet): done while the join screen is shown, so
   * "join" itself only enters the room, publishes and subscribes.
   */
  async prepare(): Promise<void> {
    if (this.publisher) return;
    const session = new JanusSession(this.grant.server);
    this.session = session;
    session.onClose = () => {
      if (!this.left) this.events.lost();
    };
    await session.connect();
    const [pub, subHandle] = await Promise.all([session.attach(), session.attach()]);
    this.publisher = pub;
    this.subHandle = subHandle;
    pub.onEvent = (data) => this.onRoomEvent(data);
  }

  get localStream(): MediaStream | undefined {
    return this.camera;
  }

  get display(): ParticipantDisplay {
    return { ...this.self };
  }

  /** Asks for camera and microphone (the only moment the console does), enters the room and publishes. */
  async join(name: string, devices: DeviceChoice): Promise<void> {
    this.self.name = name;
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
    await this.prepare();
    const pub = this.publisher!;
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
    const added: number[] = [];
    for (const p of list as { id: number; display?: string; talking?: boolean }[]) {
      if (p.id === this.myFeed || this.remotes.has(p.id)) continue;
      this.remotes.set(p.id, { feed: p.id, display: decodeDisplay(p.display), stream: null, talking: p.talking === true, layer: null, video: true });
      added.push(p.id);
    }
    if (added.length) void this.subscribe(added);
    this.events.changed();
  }

  /** Runs one renegotiation of the subscription after the ones before it, whatever became of them. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.chain.then(job, job);
    this.chain = next.catch(() => {});
    return next;
  }

  /**
   * Subscribes to feeds on the one subscriber peer connection: the first call joins as a
   * subscriber, later ones add streams (`subscribe`), and Janus offers every change. One ICE and
   * DTLS handshake per participant instead of one per feed: a join costs a connection, not five.
   * A feed that cannot be subscribed to (gone meanwhile) loses its tile.
   */
  private subscribe(feeds: number[]): Promise<void> {
    return this.enqueue(async () => {
      const wanted = feeds.filter((f) => this.remotes.has(f));
      if (!wanted.length || this.left) return;
      // Each small tile starts on the low layer (Janus would start on the highest).
      const streams = wanted.map((feed) => ({ feed, substream: this.remotes.get(feed)!.layer ?? 0, temporal: 2 }));
      const asked = new Map(streams.map((st) => [st.feed, st.substream]));
      try {
        await this.requestStreams(streams);
      } catch {
        // One feed gone makes the whole request fail: try them one by one.
        if (wanted.length > 1) {
          for (const feed of wanted) await this.subscribeOne(feed);
          return;
        }
        this.removeFeed(wanted[0]!);
        return;
      }
      for (const feed of wanted) {
        const r = this.remotes.get(feed);
        // The layer or the video wanted changed while Janus was answering.
        if (r && ((r.layer ?? 0) !== asked.get(feed) || !r.video)) await this.applyLayer(feed);
      }
    });
  }

  /** Streams into the one subscriber connection: opened with them, or added to it (Janus renegotiates). */
  private async requestStreams(streams: { feed: number; substream: number; temporal: number }[]): Promise<void> {
    if (!this.sub) return this.openSubscription(streams);
    const updated = await this.sub.handle.message({ request: 'subscribe', streams });
    await this.answer(updated.data, updated.jsep);
  }

  private async subscribeOne(feed: number): Promise<void> {
    if (!this.remotes.has(feed) || this.left) return;
    const streams = [{ feed, substream: this.remotes.get(feed)!.layer ?? 0, temporal: 2 }];
    try {
      await this.requestStreams(streams);
    } catch {
      this.removeFeed(feed);
      return;
    }
    const r = this.remotes.get(feed);
    if (r && ((r.layer ?? 0) !== streams[0]!.substream || !r.video)) await this.applyLayer(feed);
  }

  private async openSubscription(streams: Record<string, unknown>[]): Promise<void> {
    const handle = this.subHandle ?? (await this.session!.attach());
    this.subHandle = undefined;
    const pc = new RTCPeerConnection({ iceServers: this.grant.iceServers });
    const sub: Subscription = { handle, pc, feedOfMid: new Map(), videoMid: new Map() };
    pc.onicecandidate = (e) => handle.trickle(e.candidate);
    pc.ontrack = (e) => {
      const feed = e.transceiver.mid ? sub.feedOfMid.get(e.transceiver.mid) : undefined;
      const r = feed === undefined ? undefined : this.remotes.get(feed);
      if (!r) return;
      // A mid Janus reuses for another feed brings the same track object: the stream is rebuilt.
      const tracks = (r.stream?.getTracks() ?? []).filter((t) => t.kind !== e.track.kind);
      r.stream = new MediaStream([...tracks, e.track]);
      this.events.changed();
    };
    // Janus renegotiates by itself when a subscribed publisher leaves (`autoupdate`).
    handle.onEvent = (data, jsep) => {
      if (jsep) void this.enqueue(() => this.answer(data, jsep)).catch(() => {});
    };
    this.sub = sub;
    try {
      const attached = await handle.message({ request: 'join', ptype: 'subscriber', room: this.grant.room, pin: this.grant.pin, streams });
      await this.answer(attached.data, attached.jsep);
    } catch (err) {
      this.sub = undefined;
      pc.close();
      void handle.detach();
      throw err;
    }
  }

  /** Takes Janus's stream list and answers its offer, if it made one. */
  private async answer(data: PluginData, jsep: Jsep | undefined): Promise<void> {
    const sub = this.sub;
    if (!sub) return;
    if (Array.isArray(data.streams)) {
      sub.feedOfMid.clear();
      sub.videoMid.clear();
      for (const st of data.streams as SubscribedStream[]) {
        if (st.feed_id === undefined || st.active === false) continue;
        sub.feedOfMid.set(st.mid, st.feed_id);
        if (st.type === 'video') sub.videoMid.set(st.feed_id, st.mid);
      }
    }
    if (!jsep || this.left) return;
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
    const mid = this.sub?.videoMid.get(feed);
    const r = this.remotes.get(feed);
    if (!mid || !r) return;
    const stream: Record<string, unknown> = { mid, send: r.video };
    if (r.layer !== null) Object.assign(stream, { substream: r.layer, temporal: 2 });
    await this.sub!.handle.message({ request: 'configure', streams: [stream] }).catch(() => {});
  }

  /** Drops a feed's tile (Janus renegotiates the subscription without it by itself). */
  private removeFeed(feed: number): void {
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
    for (const feed of [...this.remotes.keys()]) this.removeFeed(feed);
    this.sub?.pc.close();
    this.sub = undefined;
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
