import { FONT_FAMILY, PALETTE } from '../theme/tokens';

/** A participant's picture and sound as the recording takes them. */
export interface RecorderSource {
  key: string;
  label: string;
  stream: MediaStream | null;
  /** The enlarged speaker: the large part of the picture. */
  featured: boolean;
  cameraOff: boolean;
}

const WIDTH = 960;
const HEIGHT = 540;
const FPS = 15;
/** The recording's bitrates: about 1 Mbit/s, 450 MB an hour. */
const VIDEO_BPS = 900_000;
const AUDIO_BPS = 64_000;
/** MediaRecorder hands over a chunk this often (ms): what a crash can lose at most. */
const TIMESLICE_MS = 1000;

/** The WebM type this browser records, VP8 and Opus first (every Chromium plays them). */
export function recordingMimeType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
}

/**
 * The console's recording of a conference: the grid as one picture (the enlarged speaker on the
 * left, up to four others in a column, names under each) drawn to a canvas, and every
 * participant's sound mixed, recorded with `MediaRecorder` as WebM. Each chunk (one a second) is
 * handed to `upload` in order; `stop()` resolves once the last one is uploaded.
 */
export class CompositeRecorder {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D;
  private readonly audio = new AudioContext();
  private readonly mix = this.audio.createMediaStreamDestination();
  private readonly videos = new Map<string, HTMLVideoElement>();
  private readonly sounds = new Map<string, MediaStreamAudioSourceNode>();
  private recorder?: MediaRecorder;
  private timer?: ReturnType<typeof setInterval>;
  private seq = 0;
  private uploads: Promise<void> = Promise.resolve();
  private failure?: Error;

  constructor(
    private readonly sources: () => RecorderSource[],
    private readonly upload: (chunk: Blob, seq: number) => Promise<void>,
    private readonly failed: (err: Error) => void,
  ) {
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
  }

  start(): void {
    const mimeType = recordingMimeType();
    if (!mimeType) throw new Error('this browser cannot record WebM');
    this.draw();
    const stream = new MediaStream([...this.canvas.captureStream(FPS).getVideoTracks(), ...this.mix.stream.getAudioTracks()]);
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: VIDEO_BPS, audioBitsPerSecond: AUDIO_BPS });
    this.recorder = recorder;
    recorder.ondataavailable = (e) => {
      if (!e.data.size || this.failure) return;
      const seq = this.seq++;
      this.uploads = this.uploads.then(() =>
        this.upload(e.data, seq).catch((err: Error) => {
          // The host refused (the limit, the recording stopped elsewhere): stop here too.
          this.failure = err;
          this.halt();
          this.failed(err);
        }),
      );
    };
    recorder.start(TIMESLICE_MS);
    this.timer = setInterval(() => this.draw(), 1000 / FPS);
  }

  /** Stops recording; resolves when every chunk has reached the host. */
  async stop(): Promise<void> {
    const recorder = this.recorder;
    if (recorder && recorder.state !== 'inactive') {
      const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
      recorder.stop();
      await stopped;
    }
    this.halt();
    await this.uploads;
  }

  private halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    for (const v of this.videos.values()) v.srcObject = null;
    this.videos.clear();
    for (const s of this.sounds.values()) s.disconnect();
    this.sounds.clear();
    void this.audio.close().catch(() => {});
  }

  /** The participant's picture: a muted, unattached video element per stream (no second decode). */
  private video(src: RecorderSource): HTMLVideoElement | undefined {
    if (!src.stream) return undefined;
    let v = this.videos.get(src.key);
    if (v && v.srcObject !== src.stream) {
      v.srcObject = null;
      v = undefined;
    }
    if (!v) {
      v = document.createElement('video');
      v.muted = true;
      v.playsInline = true;
      v.srcObject = src.stream;
      void v.play().catch(() => {});
      this.videos.set(src.key, v);
    }
    return v;
  }

  /** Keeps the mix to the participants there now (their microphones, muted ones silent by themselves). */
  private syncSound(list: RecorderSource[]): void {
    const keep = new Set<string>();
    for (const src of list) {
      const track = src.stream?.getAudioTracks()[0];
      if (!track) continue;
      const id = `${src.key}:${track.id}`;
      keep.add(id);
      if (this.sounds.has(id)) continue;
      const node = this.audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(this.mix);
      this.sounds.set(id, node);
    }
    for (const [id, node] of this.sounds) {
      if (keep.has(id)) continue;
      node.disconnect();
      this.sounds.delete(id);
    }
  }

  private draw(): void {
    const list = this.sources();
    this.syncSound(list);
    const ctx = this.ctx;
    ctx.fillStyle = PALETTE.surface.black;
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const featured = list.find((s) => s.featured) ?? list[0];
    const others = list.filter((s) => s !== featured).slice(0, 4);
    const side = others.length ? WIDTH / 4 : 0;
    if (featured) this.tile(featured, 0, 0, WIDTH - side, HEIGHT);
    const h = HEIGHT / 4;
    others.forEach((s, i) => this.tile(s, WIDTH - side, i * h, side, h));
    for (const key of [...this.videos.keys()]) {
      if (list.some((s) => s.key === key)) continue;
      this.videos.get(key)!.srcObject = null;
      this.videos.delete(key);
    }
  }

  private tile(src: RecorderSource, x: number, y: number, w: number, h: number): void {
    const ctx = this.ctx;
    const v = this.video(src);
    if (v && !src.cameraOff && v.videoWidth > 0) {
      // Letterboxed, never stretched.
      const scale = Math.min(w / v.videoWidth, h / v.videoHeight);
      const dw = v.videoWidth * scale;
      const dh = v.videoHeight * scale;
      ctx.drawImage(v, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
    }
    ctx.strokeStyle = PALETTE.border.strong;
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    const size = Math.min(22, Math.max(11, Math.round(h / 12)));
    ctx.font = `${size}px ${FONT_FAMILY}`;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.fillRect(x, y + h - size - 8, Math.min(w, ctx.measureText(src.label).width + 12), size + 8);
    ctx.fillStyle = PALETTE.text.strong;
    ctx.fillText(src.label, x + 6, y + h - 6);
  }
}

/** A chunk as base64, for the host's contract. */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      // data:video/webm;codecs=vp8,opus;base64,… — the type itself may hold a comma.
      const url = String(reader.result);
      const at = url.indexOf(';base64,');
      if (at < 0) reject(new Error('cannot read the recording chunk'));
      else resolve(url.slice(at + ';base64,'.length));
    };
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the recording chunk'));
    reader.readAsDataURL(blob);
  });
}
