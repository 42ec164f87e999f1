import { fork } from 'node:child_process';
import type { SimulatorEndpoints } from '../feeds/feed-hub';

/** A started simulator process, whatever started it: Node's `fork`, or Electron's `utilityProcess`. */
export interface SimulatorChild {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  readonly stderr: NodeJS.ReadableStream | null;
  /** SIGTERM, or SIGKILL when asked. */
  kill(signal?: 'SIGTERM' | 'SIGKILL'): void;
  readonly exited: boolean;
}

/** Starts the built simulator program with its arguments. */
export type SimulatorLauncher = (entry: string, args: string[]) => SimulatorChild;

/**
 * Under plain Node (the console host, tests): `child_process.fork`. The Electron app uses its
 * `utilityProcess` instead (src-main/electron/simulator-launcher.ts), so the packaged app needs no
 * `runAsNode` fuse.
 */
export const forkLauncher: SimulatorLauncher = (entry, args) => {
  const child = fork(entry, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  return {
    send: (m) => {
      if (child.connected) child.send(m as never);
    },
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', l),
    stderr: child.stderr,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
  };
};

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
  /** How to start it (default: Node's fork). */
  launch?: SimulatorLauncher;
}

/**
 * Runs the built-in simulator as a separate process on loopback, as a real backend would be.
 * Started with Node's fork under plain Node and with Electron's utilityProcess in the app.
 */
export class SimulatorProcess {
  private child?: SimulatorChild;
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
    const child = (this.o.launch ?? forkLauncher)(this.o.entry, args);
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => this.o.log?.(`simulator: ${d.toString().trimEnd()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('the simulator did not start in time'));
        child.kill();
      }, this.o.readyTimeoutMs ?? 15_000);
      child.onMessage((msg: unknown) => {
        const m = msg as { type?: string; url?: string; endpoints?: SimulatorEndpoints };
        if (m?.type === 'ready' && typeof m.url === 'string') {
          clearTimeout(timer);
          this.served = m.endpoints;
          resolve(m.url);
        }
      });
      child.onExit((code) => {
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
    this.child?.send({ type: 'set-surge', on });
  }

  setRate(ratePerMinute: number): void {
    this.child?.send({ type: 'set-rate', ratePerMinute });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
