/**
 * `npm run bench -- collab [--clients 20] [--rounds 60] [--annotations 1000]`: the consultation's
 * collaboration server under scripted participants on loopback. The standalone server
 * (src-main/programs/collab-server.ts, SQLite persistence) runs as its own process; the clients
 * are Hocuspocus providers in this one (one WebSocket each), as consoles would connect.
 * Figures: how long the presenter's view change takes to reach every other participant (p50, p95,
 * max over clients × rounds), and how long a new participant takes to join a session holding
 * N annotations (connect → synced with all of them).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addAnnotation, documentName, initSession, readAnnotations, setView, type AnnotationGeometry, type MapView } from '../../src-shared/consultation/doc';

const { values } = parseArgs({ options: { clients: { type: 'string' }, rounds: { type: 'string' }, annotations: { type: 'string' } } });
const CLIENTS = Number(values.clients ?? 20);
const ROUNDS = Number(values.rounds ?? 60);
const ANNOTATIONS = Number(values.annotations ?? 1000);
const TOKEN = 'bench-collab-token-0123456789';
const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cc-bench-collab-'));

const server = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(root, 'tsconfig.node.json'), join(root, 'src-main/programs/collab-server.ts'), '--db', join(dir, 'collab.sqlite')], {
  env: { ...process.env, COLLAB_TOKEN: TOKEN },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /^Collab: (\S+)$/m.exec(out);
    if (m) resolve(m[1]!);
  });
  server.once('exit', (code) => reject(new Error(`collab server exited with ${code}`)));
});

interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
}
async function connect(name: string): Promise<Client> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token: TOKEN });
  provider.attach();
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return { doc, provider, socket };
}
const close = (c: Client) => {
  c.provider.destroy();
  c.socket.destroy();
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

// 1. The presenter's view change, seen by every other participant.
const name = documentName('bench-view');
const clients: Client[] = [];
for (let i = 0; i < CLIENTS; i++) clients.push(await connect(name));
const [presenter, ...others] = clients as [Client, ...Client[]];
initSession(presenter.doc, { id: 'bench-view', title: 'bench', host: 'bench', startedAt: Date.now(), endedAt: null, origin: { kind: 'empty', id: null }, presenter: 'p', presenterName: 'p' });
const latencies: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const seen = others.map(
    (c) =>
      new Promise<number>((resolve) => {
        const view = c.doc.getMap<MapView>('view');
        const on = () => {
          if (view.get('current')?.zoom === 10 + r / 100) {
            view.unobserve(on);
            resolve(performance.now());
          }
        };
        view.observe(on);
      }),
  );
  const t0 = performance.now();
  setView(presenter.doc, { center: [112 + r / 1000, 27.7], zoom: 10 + r / 100, bearing: 0, layers: ['grids', 'incidents'], timeWindow: null, by: 'p', at: Date.now() });
  for (const t of await Promise.all(seen)) latencies.push(t - t0);
  await new Promise((res) => setTimeout(res, 50));
}
clients.forEach(close);

// 2. Joining a session that holds N annotations.
const big = documentName('bench-join');
const author = await connect(big);
for (let i = 0; i < ANNOTATIONS; i++) {
  const kind = (['point', 'line', 'polygon', 'arrow'] as const)[i % 4]!;
  const x = 111.9 + (i % 40) * 0.005;
  const y = 27.6 + Math.floor(i / 40) * 0.005;
  const geometry: AnnotationGeometry =
    kind === 'point'
      ? { type: 'Point', coordinates: [x, y] }
      : kind === 'polygon'
        ? { type: 'Polygon', coordinates: [[[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]]] }
        : { type: 'LineString', coordinates: [[x, y], [x + 0.002, y + 0.001], [x + 0.004, y + 0.003]] };
  addAnnotation(author.doc, { id: `a${i}`, kind, geometry, color: '#ff4d4f', text: i % 10 === 0 ? `标注 ${i}` : null, author: `参会人${i % 20}`, at: Date.now() });
}
const stateBytes = Y.encodeStateAsUpdate(author.doc).length;
// Let the server hold (and store) all of it before anyone joins.
const check = await connect(big);
while (readAnnotations(check.doc).length < ANNOTATIONS) await new Promise((res) => setTimeout(res, 20));
close(check);
const joins: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const c = await connect(big);
  const n = readAnnotations(c.doc).length;
  joins.push(performance.now() - t0);
  if (n !== ANNOTATIONS) throw new Error(`joined with ${n} of ${ANNOTATIONS} annotations`);
  close(c);
}
close(author);

server.kill('SIGTERM');
await new Promise((res) => server.once('exit', res));
rmSync(dir, { recursive: true, force: true });

console.log(`collab: ${CLIENTS} participants, ${ROUNDS} view changes by the presenter (${latencies.length} deliveries)`);
console.log(`  view change seen by all: p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(Math.max(...latencies))}   (budget p95 ≤ 200 ms)`);
console.log(`  join with ${ANNOTATIONS} annotations (${(stateBytes / 1024).toFixed(0)} KiB state): median ${ms(pct(joins, 50))}, max ${ms(Math.max(...joins))} over ${joins.length} joins   (budget ≤ 1 s)`);
console.log(JSON.stringify({ clients: CLIENTS, rounds: ROUNDS, viewP50: pct(latencies, 50), viewP95: pct(latencies, 95), viewMax: Math.max(...latencies), annotations: ANNOTATIONS, stateBytes, joinMedian: pct(joins, 50), joinMax: Math.max(...joins) }));
process.exit(0);
