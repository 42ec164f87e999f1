import { describe, expect, it, vi } from 'vitest';
import { whepConnect } from './whep';

// Beside the code rather than under tests/unit: it needs the DOM's WebRTC types, which the
// Node-side test project deliberately does not have.

class FakePeerConnection extends EventTarget {
  iceGatheringState = 'complete';
  connectionState = 'new';
  localDescription?: { sdp: string };
  remote?: { type: string; sdp: string };
  closed = false;
  transceivers: string[] = [];
  addTransceiver(kind: string) {
    this.transceivers.push(kind);
  }
  async createOffer() {
    return { type: 'offer', sdp: 'v=0\r\noffer' };
  }
  async setLocalDescription(d: { sdp: string }) {
    this.localDescription = d;
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    this.remote = d;
  }
  close() {
    this.closed = true;
  }
}

describe('WHEP playback', () => {
  it('posts the SDP offer, applies the answer, and deletes the session resource on close', async () => {
    const pc = new FakePeerConnection();
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') return new Response('v=0\r\nanswer', { status: 201, headers: { location: '/whep/session/42' } });
      return new Response(null, { status: 200 });
    });
    const session = await whepConnect('http://gw:8889/cam1/whep', { onTrack: () => undefined, onFailed: () => undefined }, {
      fetch: fetch as unknown as typeof globalThis.fetch,
      createPeerConnection: () => pc as unknown as RTCPeerConnection,
    });
    expect(pc.transceivers).toEqual(['video', 'audio']);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'v=0\r\noffer' });
    expect(pc.remote).toEqual({ type: 'answer', sdp: 'v=0\r\nanswer' });
    session.close();
    expect(pc.closed).toBe(true);
    expect(fetch.mock.calls[1]).toEqual(['http://gw:8889/whep/session/42', { method: 'DELETE' }]);
  });

  it('fails, and releases the connection, when the gateway refuses the offer or answers with something else', async () => {
    for (const res of [new Response('no', { status: 404 }), new Response('<html>', { status: 201 })]) {
      const pc = new FakePeerConnection();
      await expect(
        whepConnect('http://gw/whep', { onTrack: () => undefined, onFailed: () => undefined }, {
          fetch: (async () => res) as unknown as typeof globalThis.fetch,
          createPeerConnection: () => pc as unknown as RTCPeerConnection,
        }),
      ).rejects.toThrow(/WHEP/);
      expect(pc.closed).toBe(true);
    }
  });
});
