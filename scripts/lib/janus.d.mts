export interface RunningJanus {
  /** The WebSocket endpoint (ws://127.0.0.1:PORT). */
  url: string;
  /** The VideoRoom admin key of this instance. */
  adminKey: string;
  /** The folder Janus records into. */
  recordDir: string;
  output: () => string;
  stop: () => Promise<void>;
}
export function findJanus(env?: NodeJS.ProcessEnv): { bin: string; lib: string };
export function janusConfig(o: { lib: string; dir: string; port: number; adminKey: string; rtpPorts?: string }): Record<string, string>;
export function startJanus(o?: { adminKey?: string; log?: (text: string) => void }): Promise<RunningJanus>;
