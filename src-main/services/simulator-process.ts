import { fork, type ChildProcess } from 'node:child_process';
import type { SimulatorEndpoints } from '../feeds/feed-hub';

export interface SimulatorProcessOptions {
  /** Path of the built simulator program. */
  entry: string;
  seed?: number;
  ratePerMinute?: number;
  historyHours?: number;
  /** Generate history only after this time (what the cache already has is not sent again). */
  historySince?: number;
  readyTimeoutMs?: number;
  /** MQTT broker to publish water levels to (none: no water-level feed). */
  mqttUrl?: string;
  /** Start in surge mode (a flood-season burst of events). */
  surge?: boolean;
  /** Grid events per second while surging. */
  surgePerSecond?: number;
  log?: (line: string) => void;
}

/**
 * Runs the built-in simulator as a separate process on loopback, as a real backend would be.
 * Works under plain Node and inside Electron (where `ELECTRON_RUN_AS_NODE` makes the child a
 * Node process).
 */
export class SimulatorProcess {
  private child?: ChildProcess;
  private served?: SimulatorEndpoints;

  constructor(private readonly o: SimulatorProcessOptions) {}

  /** Starts the child and resolves with its WebSocket URL once it is listening. */
  start(): Promise<string> {
    const args = ['--host', '127.0.0.1', '--port', '0'];
    if (this.o.seed !== undefined) args.push('--seed', String(this.o.seed));
    if (this.o.ratePerMinute !== undefined) args.push('--rate', String(Math.round(this.o.ratePerMinute)));
    if (this.o.historyHours !== undefined) args.push('--history-hours', String(this.o.historyHours));
    if (this.o.historySince !== undefined) args.push('--history-since', String(Math.round(this.o.historySince)));
    if (this.o.mqttUrl) args.push('--mqtt', this.o.mqttUrl);
    if (this.o.surge) args.push('--surge');
    if (this.o.surgePerSecond !== undefined) args.push('--surge-rate', String(Math.round(this.o.surgePerSecond)));
    const child = fork(this.o.entry, args, {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => this.o.log?.(`simulator: ${d.toString().trimEnd()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('the simulator did not start in time'));
        child.kill();
      }, this.o.readyTimeoutMs ?? 15_000);
      child.on('message', (msg: unknown) => {
        const m = msg as { type?: string; url?: string; endpoints?: SimulatorEndpoints };
        if (m?.type === 'ready' && typeof m.url === 'string') {
          clearTimeout(timer);
          this.served = m.endpoints;
          resolve(m.url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the simulator exited (code ${code})`));
      });
    });
  }

  /** Every endpoint the running simulator serves (`url` is what `start()` resolved with). */
  endpoints(url: string): SimulatorEndpoints {
    if (this.served) return this.served;
    const base = url.replace(/^ws/, 'http').replace(/\/v1\/grid-events$/, '');
    return {
      ws: url,
      sse: `${base}/v1/grid-events/stream`,
      pages: `${base}/v1/grid-events/pages`,
      open311: `${base}/open311/v2/requests.json`,
      cap: `${base}/cap/index.atom`,
      vehicles: `${base}/v1/vehicles/stream`,
      mqtt: this.o.mqttUrl,
    };
  }

  /** Surge mode on or off (a burst of events, as in a flood season). */
  setSurge(on: boolean): void {
    if (this.child?.connected) this.child.send({ type: 'set-surge', on });
  }

  setRate(ratePerMinute: number): void {
    if (this.child?.connected) this.child.send({ type: 'set-rate', ratePerMinute });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
