import { ref } from 'vue';
import type { Stream } from '@shared/domain/camera';
import { whepConnect, type WhepSession } from './whep';

/**
 * One player per protocol, all with the same shape: mount a media element into a tile, report
 * playing / stalled / error, and on `destroy()` release everything (decoder, MediaSource,
 * sockets, the element itself) so a layout switch leaves nothing behind.
 */
export interface PlayerEvents {
  playing(): void;
  stalled(): void;
  error(reason: string): void;
}

export interface Player {
  readonly element: HTMLVideoElement | HTMLImageElement;
  destroy(): void;
}

/** Live players across the whole window: what the decode budget and the tests count. */
const livePlayers = new Set<Player>();
/** `livePlayers.size`, reactive, for the status line and the tests. */
export const livePlayerCount = ref(0);

function videoElement(): HTMLVideoElement {
  const v = document.createElement('video');
  // Autoplay is only allowed muted; an operator unmutes one tile at a time.
  v.muted = true;
  v.autoplay = true;
  v.playsInline = true;
  v.disablePictureInPicture = true;
  // CORS mode keeps the frames readable for snapshots.
  v.crossOrigin = 'anonymous';
  v.className = 'tile-media';
  return v;
}

function watchVideo(v: HTMLVideoElement, ev: PlayerEvents): void {
  v.addEventListener('playing', () => ev.playing());
  v.addEventListener('waiting', () => ev.stalled());
  v.addEventListener('error', () => ev.error(v.error?.message || `media error ${v.error?.code ?? ''}`));
}

function releaseVideo(v: HTMLVideoElement): void {
  v.pause();
  v.srcObject = null;
  v.removeAttribute('src');
  v.load(); // drops the decoder and any MediaSource
  v.remove();
}

function register(p: Player): Player {
  livePlayers.add(p);
  livePlayerCount.value = livePlayers.size;
  const destroy = p.destroy.bind(p);
  let done = false;
  return {
    element: p.element,
    destroy: () => {
      if (done) return;
      done = true;
      livePlayers.delete(p);
      livePlayerCount.value = livePlayers.size;
      destroy();
    },
  };
}

async function hlsPlayer(url: string, host: HTMLElement, ev: PlayerEvents): Promise<Player> {
  const { default: Hls } = await import('hls.js');
  const v = videoElement();
  host.append(v);
  if (!Hls.isSupported()) {
    releaseVideo(v);
    throw new Error('HLS is not supported here');
  }
  // The tile retries with its own backoff, so hls.js gives up soon and says so.
  const policy = (retries: number, loadMs: number) => ({
    default: {
      maxTimeToFirstByteMs: 8000,
      maxLoadTimeMs: loadMs,
      timeoutRetry: { maxNumRetry: retries, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: retries, retryDelayMs: 1000, maxRetryDelayMs: 4000 },
    },
  });
  const hls = new Hls({
    // Three segments behind the live edge: room for a busy machine's late timers.
    liveSyncDurationCount: 3,
    // Small buffers keep 16 tiles within memory.
    maxBufferLength: 8,
    backBufferLength: 0,
    enableWorker: true,
    manifestLoadPolicy: policy(1, 10_000),
    playlistLoadPolicy: policy(2, 10_000),
    fragLoadPolicy: policy(2, 20_000),
    // Diagnosis on site: localStorage['cc.debug.hls'] = '1' logs hls.js to the console.
    debug: localStorage.getItem('cc.debug.hls') === '1',
  });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    // Non-fatal errors (bufferSeekOverHole, a late fragment) heal themselves.
    if (data.fatal) ev.error(`${data.type}: ${data.details}`);
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => void v.play().catch(() => undefined));
  watchVideo(v, ev);
  hls.loadSource(url);
  hls.attachMedia(v);
  return { element: v, destroy: () => (hls.destroy(), releaseVideo(v)) };
}

async function mpegtsPlayer(url: string, type: 'flv' | 'mpegts', host: HTMLElement, ev: PlayerEvents): Promise<Player> {
  const { default: mpegts } = await import('mpegts.js');
  mpegts.LoggingControl.enableAll = false;
  const v = videoElement();
  host.append(v);
  if (!mpegts.isSupported()) {
    releaseVideo(v);
    throw new Error('MSE is not supported here');
  }
  const player = mpegts.createPlayer(
    { type, isLive: true, url, hasAudio: true, hasVideo: true },
    { enableWorker: false, lazyLoad: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 3, liveBufferLatencyMinRemain: 0.5, autoCleanupSourceBuffer: true },
  );
  player.on(mpegts.Events.ERROR, (type: string, detail: string) => ev.error(`${type}: ${detail}`));
  // A live stream that ends has died.
  player.on(mpegts.Events.LOADING_COMPLETE, () => ev.error('the stream ended'));
  watchVideo(v, ev);
  player.attachMediaElement(v);
  player.load();
  void Promise.resolve(player.play()).catch(() => undefined);
  return {
    element: v,
    destroy: () => {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
      releaseVideo(v);
    },
  };
}

function mp4Player(url: string, host: HTMLElement, ev: PlayerEvents): Player {
  const v = videoElement();
  v.loop = true;
  watchVideo(v, ev);
  v.src = url;
  host.append(v);
  void v.play().catch(() => undefined);
  return { element: v, destroy: () => releaseVideo(v) };
}

/** A 1×1 transparent GIF: assigning it makes the browser drop the MJPEG connection at once. */
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

function mjpegPlayer(url: string, host: HTMLElement, ev: PlayerEvents): Player {
  const img = document.createElement('img');
  img.crossOrigin = 'anonymous';
  img.className = 'tile-media';
  img.alt = '';
  img.decoding = 'async';
  img.addEventListener('load', () => ev.playing(), { once: true });
  // A refused or broken stream fires error. (One that stops after frames were shown keeps its last
  // frame: browsers give no event for that, which is one reason the demo prefers HLS.)
  img.addEventListener('error', () => ev.error('MJPEG stream failed'));
  img.src = url;
  host.append(img);
  return {
    element: img,
    destroy: () => {
      img.src = BLANK;
      img.remove();
    },
  };
}

async function whepPlayer(url: string, host: HTMLElement, ev: PlayerEvents): Promise<Player> {
  const v = videoElement();
  host.append(v);
  watchVideo(v, ev);
  let session: WhepSession | undefined;
  try {
    session = await whepConnect(url, {
      onTrack: (stream) => {
        v.srcObject = stream;
        void v.play().catch(() => undefined);
      },
      onFailed: (reason) => ev.error(reason),
    });
  } catch (err) {
    releaseVideo(v);
    throw err;
  }
  return { element: v, destroy: () => (session?.close(), releaseVideo(v)) };
}

/** Mounts a player for `stream` in `host`. Rejects when the protocol cannot play here. */
export async function createPlayer(stream: Stream, host: HTMLElement, ev: PlayerEvents): Promise<Player> {
  let p: Player;
  switch (stream.protocol) {
    case 'hls':
      p = await hlsPlayer(stream.url, host, ev);
      break;
    case 'flv':
      p = await mpegtsPlayer(stream.url, 'flv', host, ev);
      break;
    case 'ts':
      p = await mpegtsPlayer(stream.url, 'mpegts', host, ev);
      break;
    case 'mp4':
      p = mp4Player(stream.url, host, ev);
      break;
    case 'mjpeg':
      p = mjpegPlayer(stream.url, host, ev);
      break;
    case 'whep':
      p = await whepPlayer(stream.url, host, ev);
      break;
  }
  return register(p);
}
