import type { Camera } from '@shared/domain/camera';
import { chooseStream, retryDelayMs, type TileState } from '@shared/video/playback';
import { createPlayer, type Player } from './players';

/** Frames must move within this long, or the tile says it is stalled … */
const STALL_MS = 4000;
/** … and after this long it gives up on the player and retries. */
const DEAD_MS = 12_000;

export interface TileStatus {
  state: TileState;
  protocol?: string;
  attempt: number;
  /** When the next retry happens (epoch ms), while in error. */
  retryAt?: number;
  reason?: string;
}

/**
 * The life of one tile's playback: picks the stream (sub when small, main when large), starts a
 * player, watches that frames advance, and on failure tears the player down and retries with
 * backoff, rotating through the protocols the camera offers. `stop()` releases everything.
 */
export class TileSession {
  private player?: Player;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private watchdog?: ReturnType<typeof setInterval>;
  private attempt = 0;
  private generation = 0;
  private lastTime = -1;
  private lastProgressAt = 0;
  private stopped = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly camera: Camera,
    private readonly large: boolean,
    private readonly report: (s: TileStatus) => void,
  ) {}

  start(): void {
    if (this.camera.status !== 'online') {
      this.report({ state: 'offline', attempt: 0 });
      return;
    }
    void this.connect();
  }

  /** The media element now playing (for snapshots), if any. */
  get element(): HTMLVideoElement | HTMLImageElement | undefined {
    return this.player?.element;
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.player?.destroy();
    this.player = undefined;
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    const stream = chooseStream(this.camera, this.large, this.attempt);
    if (!stream) {
      this.report({ state: 'error', attempt: this.attempt, reason: 'no stream' });
      return;
    }
    this.report({ state: 'connecting', protocol: stream.protocol, attempt: this.attempt });
    const fail = (reason: string): void => {
      if (gen !== this.generation || this.stopped) return;
      this.retry(reason, stream.protocol);
    };
    try {
      const player = await createPlayer(stream, this.host, {
        playing: () => {
          if (gen !== this.generation) return;
          this.attempt = 0;
          this.lastProgressAt = Date.now();
          this.report({ state: 'playing', protocol: stream.protocol, attempt: 0 });
        },
        stalled: () => {
          if (gen === this.generation) this.report({ state: 'stalled', protocol: stream.protocol, attempt: this.attempt });
        },
        error: fail,
      });
      if (gen !== this.generation || this.stopped) {
        player.destroy();
        return;
      }
      this.player = player;
      this.startWatchdog(gen, stream.protocol);
    } catch (err) {
      fail((err as Error).message);
    }
  }

  /** Video elements must keep advancing; MJPEG images are judged by their load/error events only. */
  private startWatchdog(gen: number, protocol: string): void {
    clearInterval(this.watchdog);
    this.lastTime = -1;
    this.lastProgressAt = Date.now();
    this.watchdog = setInterval(() => {
      const el = this.player?.element;
      if (gen !== this.generation || !(el instanceof HTMLVideoElement)) return;
      const now = Date.now();
      if (el.currentTime !== this.lastTime) {
        this.lastTime = el.currentTime;
        this.lastProgressAt = now;
        return;
      }
      const still = now - this.lastProgressAt;
      if (still > DEAD_MS) this.retry('no frames', protocol);
      else if (still > STALL_MS) this.report({ state: 'stalled', protocol, attempt: this.attempt });
    }, 1000);
  }

  private retry(reason: string, protocol: string): void {
    this.generation++;
    clearInterval(this.watchdog);
    this.player?.destroy();
    this.player = undefined;
    const delay = retryDelayMs(this.attempt);
    this.attempt++;
    this.report({ state: 'error', protocol, attempt: this.attempt, retryAt: Date.now() + delay, reason });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) void this.connect();
    }, delay);
  }
}
