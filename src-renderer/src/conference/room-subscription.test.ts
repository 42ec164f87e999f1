import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConferenceGrant } from '@shared/conference';

// The room against a stand-in Janus (its VideoRoom answers scripted below) and stand-in WebRTC:
// what is asked of Janus, and how many peer connections a join costs.

type Body = Record<string, unknown>;
interface Sent {
  handle: number;
  body: Body;
  jsep?: unknown;
}

const janus = vi.hoisted(() => {
  const state = {
    sent: [] as { handle: number; body: Record<string, unknown>; jsep?: unknown }[],
    handles: [] as { id: number; onEvent?: (data: Record<string, unknown>, jsep?: unknown) => void }[],
    /** Publishers in the room, and those that left (subscribing to them fails as Janus does). */
    publishers: [] as number[],
    gone: new Set<number>(),
    nextMid: 0,
  };
  return state;
});

vi.mock('./janus', () => {
  class JanusHandle {
    onEvent?: (data: Record<string, unknown>, jsep?: unknown) => void;
    constructor(readonly id: number) {}
    message(body: Record<string, unknown>, jsep?: unknown): Promise<{ data: Record<string, unknown>; jsep?: unknown }> {
      janus.sent.push({ handle: this.id, body, jsep });
      const offer = { type: 'offer', sdp: 'v=0' };
      const streamsFor = (list: { feed: number }[]) => {
        if (list.some((s) => janus.gone.has(s.feed))) return null;
        return list.flatMap((s) => [
          { type: 'audio', mid: String(janus.nextMid++), feed_id: s.feed, active: true },
          { type: 'video', mid: String(janus.nextMid++), feed_id: s.feed, active: true },
        ]);
      };
      if (body.request === 'join' && body.ptype === 'publisher') {
        return Promise.resolve({ data: { videoroom: 'joined', id: 1, publishers: janus.publishers.map((id) => ({ id, display: `p${id}` })) } });
      }
      if (body.request === 'join' || body.request === 'subscribe') {
        const streams = streamsFor(body.streams as { feed: number }[]);
        if (!streams) return Promise.reject(Object.assign(new Error('No such feed'), { code: 428 }));
        return Promise.resolve({ data: { videoroom: body.request === 'join' ? 'attached' : 'updated', streams }, jsep: offer });
      }
      if (body.request === 'publish') return Promise.resolve({ data: { videoroom: 'event' }, jsep: { type: 'answer', sdp: 'v=0' } });
      return Promise.resolve({ data: { videoroom: 'event' } });
    }
    trickle(): void {}
    detach(): Promise<void> {
      return Promise.resolve();
    }
  }
  class JanusSession {
    onClose?: () => void;
    isOpen = true;
    constructor(readonly url: string) {}
    connect(): Promise<void> {
      return Promise.resolve();
    }
    attach(): Promise<JanusHandle> {
      const h = new JanusHandle(janus.handles.length + 1);
      janus.handles.push(h);
      return Promise.resolve(h);
    }
    close(): void {
      this.isOpen = false;
    }
  }
  return { JanusSession, JanusHandle };
});

/** Peer connections made, each with its ontrack handler. */
const pcs: FakePc[] = [];
class FakePc {
  ontrack: ((e: { transceiver: { mid: string }; track: FakeTrack }) => void) | null = null;
  onicecandidate: unknown = null;
  constructor() {
    pcs.push(this);
  }
  addTransceiver(): void {}
  createOffer(): Promise<{ type: string; sdp: string }> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0' });
  }
  createAnswer(): Promise<{ type: string; sdp: string }> {
    return Promise.resolve({ type: 'answer', sdp: 'v=0' });
  }
  setLocalDescription(): Promise<void> {
    return Promise.resolve();
  }
  setRemoteDescription(): Promise<void> {
    return Promise.resolve();
  }
  getSenders(): [] {
    return [];
  }
  close(): void {}
}
class FakeTrack {
  constructor(
    readonly kind: string,
    readonly id = Math.random().toString(36),
  ) {}
  getSettings(): { width: number } {
    return { width: 640 };
  }
  stop(): void {}
}
class FakeStream {
  constructor(private readonly tracks: FakeTrack[] = [new FakeTrack('audio'), new FakeTrack('video')]) {}
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}

const grant: ConferenceGrant = {
  id: 'c1',
  server: 'ws://127.0.0.1:8188',
  room: 42,
  pin: 'pin',
  expiresAt: Date.now() + 3_600_000,
  iceServers: [],
  maxBitrateKbps: 1200,
  capture: { width: 640, height: 360, frameRate: 15 },
  recording: false,
};

const settle = () => new Promise((r) => setTimeout(r, 0));
const subscriberRequests = (): Sent[] => janus.sent.filter((s) => s.body.request === 'subscribe' || (s.body.request === 'join' && s.body.ptype === 'subscriber'));

describe('the conference subscription (one connection for all the others)', () => {
  beforeEach(() => {
    janus.sent.length = 0;
    janus.handles.length = 0;
    janus.publishers = [];
    janus.gone = new Set();
    janus.nextMid = 0;
    pcs.length = 0;
    vi.stubGlobal('RTCPeerConnection', FakePc);
    vi.stubGlobal('MediaStream', FakeStream);
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => Promise.resolve(new FakeStream()) } });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function joined(publishers: number[]) {
    janus.publishers = publishers;
    const { ConferenceRoom } = await import('./room');
    const room = new ConferenceRoom(grant, { changed: () => {}, lost: () => {} });
    await room.prepare();
    await room.join('指挥中心', {});
    await settle();
    return room;
  }

  it('subscribes to everyone already in the room in one request on one peer connection, each on the low layer', async () => {
    const room = await joined([2, 3, 4]);
    const subs = subscriberRequests();
    expect(subs).toHaveLength(1);
    expect(subs[0]!.body).toMatchObject({ request: 'join', ptype: 'subscriber', room: 42, pin: 'pin' });
    expect(subs[0]!.body.streams).toEqual([2, 3, 4].map((feed) => ({ feed, substream: 0, temporal: 2 })));
    // The publisher's connection and one for all three feeds.
    expect(pcs).toHaveLength(2);
    // Janus's offer was answered with `start` on the subscriber's handle.
    expect(janus.sent.some((s) => s.handle === subs[0]!.handle && s.body.request === 'start' && s.jsep)).toBe(true);
    expect([...room.remotes.keys()]).toEqual([2, 3, 4]);
  });

  it('adds a publisher who arrives later to the same connection with subscribe, and answers its offer', async () => {
    const room = await joined([2]);
    const publisherHandle = janus.handles.find((h) => janus.sent.some((s) => s.handle === h.id && s.body.ptype === 'publisher'))!;
    publisherHandle.onEvent!({ videoroom: 'event', publishers: [{ id: 5, display: 'p5' }] });
    await settle();
    const subs = subscriberRequests();
    expect(subs.map((s) => s.body.request)).toEqual(['join', 'subscribe']);
    expect(subs[1]!.body.streams).toEqual([{ feed: 5, substream: 0, temporal: 2 }]);
    expect(subs[1]!.handle).toBe(subs[0]!.handle);
    expect(janus.sent.filter((s) => s.body.request === 'start')).toHaveLength(2);
    expect(pcs).toHaveLength(2);
    expect(room.remotes.has(5)).toBe(true);
  });

  it('gives each feed the track of the mid Janus named for it', async () => {
    const room = await joined([2, 3]);
    const sub = pcs.find((p) => p.ontrack)!;
    // Mids 0–3: feed 2's audio and video, then feed 3's.
    const video3 = new FakeTrack('video');
    sub.ontrack!({ transceiver: { mid: '3' }, track: video3 });
    expect(room.remotes.get(3)!.stream!.getTracks()).toEqual([video3]);
    expect(room.remotes.get(2)!.stream).toBeNull();
  });

  it('a feed gone before the subscription loses only its own tile', async () => {
    janus.gone.add(3);
    const room = await joined([2, 3, 4]);
    expect([...room.remotes.keys()]).toEqual([2, 4]);
    // The whole request failed, then each feed on its own: 2 joins, 3 fails, 4 is added.
    expect(subscriberRequests().map((s) => [s.body.request, (s.body.streams as { feed: number }[]).map((x) => x.feed)])).toEqual([
      ['join', [2, 3, 4]],
      ['join', [2]],
      ['subscribe', [3]],
      ['subscribe', [4]],
    ]);
  });

  it('asks for the high layer of the enlarged speaker on its video mid', async () => {
    const room = await joined([2, 3]);
    await room.setLayer(3, 1);
    const configure = janus.sent.filter((s) => s.body.request === 'configure').at(-1)!;
    expect(configure.body.streams).toEqual([{ mid: '3', send: true, substream: 1, temporal: 2 }]);
  });
});
