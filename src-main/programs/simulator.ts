/**
 * The built-in Loudi simulator as its own process:
 *   node out/main/simulator.js [--host 127.0.0.1] [--port 0] [--seed N] [--rate PER_MIN] [--history-hours H] [--history-since EPOCH_MS]
 * Prints `Simulator: <ws url>` when ready (and tells a parent process over IPC when forked).
 */
import { LoudiSimulator } from '../simulator/simulator';
import { intFlag, parseFlags } from './args';

const flags = parseFlags(
  process.argv.slice(2),
  {
    host: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    'history-hours': { type: 'string' },
    'history-since': { type: 'string' },
  },
  'simulator [--host ADDR] [--port N] [--seed N] [--rate PER_MIN] [--history-hours H] [--history-since EPOCH_MS]',
);

const simulator = new LoudiSimulator({
  seed: intFlag(flags.seed, 'seed', 20210731),
  ratePerMinute: intFlag(flags.rate, 'rate', 12),
  historyHours: intFlag(flags['history-hours'], 'history-hours', 24),
  historySince: flags['history-since'] === undefined ? undefined : intFlag(flags['history-since'], 'history-since', 0),
});
const url = await simulator.listen(flags.host ?? '127.0.0.1', intFlag(flags.port, 'port', 0));
process.stdout.write(`Simulator: ${url}\n`);
process.send?.({ type: 'ready', url });

process.on('message', (msg: unknown) => {
  if (msg && typeof msg === 'object' && (msg as { type?: unknown }).type === 'set-rate') {
    const rate = Number((msg as { ratePerMinute?: unknown }).ratePerMinute);
    if (Number.isFinite(rate)) simulator.setRate(rate);
  }
});
// A forked simulator must not outlive the console that started it.
process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void simulator.close().then(() => process.exit(0)));
}
