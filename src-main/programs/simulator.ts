/**
 * The built-in Loudi simulator as its own process:
 *   node out/main/simulator.js [--host 127.0.0.1] [--port 0] [--seed N] [--rate PER_MIN] [--history-days N | --history-hours H]
 *     [--history-since EPOCH_MS] [--surge] [--surge-rate PER_SEC] [--mqtt URL]
 *     [--replay FILE] [--speed N] [--record FILE]
 * Prints `Simulator: <ws url>` and its other endpoints when ready (and tells a parent process over IPC when forked).
 */
import { createWriteStream } from 'node:fs';
import { LoudiSimulator } from '../simulator/simulator';
import { readRecording } from '../simulator/recording';
import { intFlag, parseFlags } from './args';

const flags = parseFlags(
  process.argv.slice(2),
  {
    host: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    'history-hours': { type: 'string' },
    'history-days': { type: 'string' },
    'history-since': { type: 'string' },
    surge: { type: 'boolean' },
    'surge-rate': { type: 'string' },
    mqtt: { type: 'string' },
    replay: { type: 'string' },
    speed: { type: 'string' },
    record: { type: 'string' },
  },
  'simulator [--host ADDR] [--port N] [--seed N] [--rate PER_MIN] [--history-days N | --history-hours H] [--history-since EPOCH_MS] ' +
    '[--surge] [--surge-rate PER_SEC] [--mqtt URL] [--replay FILE] [--speed N] [--record FILE]',
);

let replay;
if (flags.replay) {
  try {
    replay = readRecording(flags.replay);
  } catch (err) {
    process.stderr.write(`--replay: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
const recording = flags.record ? createWriteStream(flags.record, { flags: 'a' }) : undefined;

/** Days of history the simulator makes at the city's real rate and mix unless told otherwise. */
const DEFAULT_HISTORY_DAYS = 7;

const simulator = new LoudiSimulator({
  seed: intFlag(flags.seed, 'seed', 20210731),
  ratePerMinute: intFlag(flags.rate, 'rate', 12),
  // A week by default: the week's shape shows, and the console catches up in seconds.
  historyHours: flags['history-hours'] !== undefined ? intFlag(flags['history-hours'], 'history-hours', 24) : intFlag(flags['history-days'], 'history-days', DEFAULT_HISTORY_DAYS) * 24,
  historySince: flags['history-since'] === undefined ? undefined : intFlag(flags['history-since'], 'history-since', 0),
  surge: flags.surge === true,
  surgePerSecond: flags['surge-rate'] === undefined ? undefined : intFlag(flags['surge-rate'], 'surge-rate', 500),
  mqttUrl: flags.mqtt,
  replay,
  replaySpeed: flags.speed === undefined ? undefined : intFlag(flags.speed, 'speed', 60),
  record: recording ? (e) => recording.write(`${JSON.stringify(e)}\n`) : undefined,
  log: (line) => process.stderr.write(`${line}\n`),
});
const url = await simulator.listen(flags.host ?? '127.0.0.1', intFlag(flags.port, 'port', 0));
const endpoints = simulator.endpoints();
process.stdout.write(`Simulator: ${url}\n`);
for (const [k, v] of Object.entries(endpoints)) process.stdout.write(`  ${k.padEnd(8)} ${v}\n`);
// Started by Electron's utilityProcess, the console is reached through process.parentPort;
// started by Node's fork, through process.send.
const parentPort = (process as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
if (parentPort) parentPort.postMessage({ type: 'ready', url, endpoints });
else process.send?.({ type: 'ready', url, endpoints });

const onMessage = (msg: unknown): void => {
  if (!msg || typeof msg !== 'object') return;
  const m = msg as { type?: unknown; ratePerMinute?: unknown; on?: unknown };
  if (m.type === 'set-rate') {
    const rate = Number(m.ratePerMinute);
    if (Number.isFinite(rate)) simulator.setRate(rate);
  } else if (m.type === 'set-surge') {
    simulator.setSurge(m.on === true);
  }
};
if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else process.on('message', onMessage);
const quit = (): void =>
  void simulator.close().then(() => {
    recording?.end();
    process.exit(0);
  });
// A forked simulator must not outlive the console that started it.
process.on('disconnect', quit);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, quit);
