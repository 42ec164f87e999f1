/**
 * WebRTC playback over WHEP (WebRTC-HTTP Egress Protocol, as MediaMTX, ZLMediaKit and go2rtc
 * serve it): one POST of an SDP offer, the answer in the response, the session's resource URL in
 * `Location`, a DELETE to end it. Receive-only; no trickle ICE (we wait for gathering, briefly).
 */
export interface WhepSession {
  close(): void;
}

export interface WhepHandlers {
  onTrack(stream: MediaStream): void;
  onFailed(reason: string): void;
}

export interface WhepDeps {
  fetch: typeof fetch;
  createPeerConnection: () => RTCPeerConnection;
  gatherTimeoutMs: number;
}

const defaults = (): WhepDeps => ({
  fetch: (...a) => fetch(...a),
  // No STUN/TURN servers: the gateway is on the operator's network, and nothing may reach the internet.
  createPeerConnection: () => new RTCPeerConnection({ iceServers: [] }),
  gatherTimeoutMs: 1500,
});

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export async function whepConnect(url: string, h: WhepHandlers, deps: Partial<WhepDeps> = {}): Promise<WhepSession> {
  const d = { ...defaults(), ...deps };
  const pc = d.createPeerConnection();
  let resource: string | undefined;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    pc.close();
    if (resource) void d.fetch(resource, { method: 'DELETE' }).catch(() => undefined);
  };
  try {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addEventListener('track', (e: RTCTrackEvent) => h.onTrack(e.streams[0] ?? new MediaStream([e.track])));
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') h.onFailed('WebRTC connection failed');
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, d.gatherTimeoutMs);
    const res = await d.fetch(url, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription?.sdp ?? '' });
    if (res.status !== 201 && res.status !== 200) throw new Error(`WHEP offer refused: HTTP ${res.status}`);
    const location = res.headers.get('location');
    if (location) resource = new URL(location, url).href;
    const answer = await res.text();
    if (!answer.startsWith('v=0')) throw new Error('WHEP answer is not SDP');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  } catch (err) {
    close();
    throw err;
  }
  return { close };
}
