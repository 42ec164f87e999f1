/**
 * The standalone collaboration server for consultations (会商), for a center with many seats:
 *   COLLAB_TOKEN=… node out/main/collab-server.js [--port N] [--host ADDR] [--db FILE]
 * Hocuspocus (Yjs) with documents persisted into SQLite (`--db`, default ./collab.sqlite). Every
 * participant connects with the token (consoles: `collab.json` in the data directory, with the
 * URL printed as `Collab: ws://…`). The token is read from the environment, never the command
 * line (which every user of the machine can read).
 */
import { timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { createCollabEngine } from '../collab/collab-engine';
import { listenCollab } from '../collab/collab-listener';
import { DocumentPersistence } from '../collab/document-persistence';
import { intFlag, parseFlags } from './args';

const flags = parseFlags(
  process.argv.slice(2),
  { port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' } },
  'COLLAB_TOKEN=… collab-server [--port N] [--host ADDR] [--db FILE]',
);
const token = process.env.COLLAB_TOKEN ?? '';
if (token.length < 16) {
  process.stderr.write('COLLAB_TOKEN must hold the participants’ token (at least 16 characters)\n');
  process.exit(2);
}
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);

const db = new Database(resolve(flags.db ?? 'collab.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
DocumentPersistence.ensureTable(db);
const persistence = new DocumentPersistence(db);
const expected = Buffer.from(token);
const engine = createCollabEngine({
  persistence,
  authorize: (candidate) => {
    const b = Buffer.from(candidate);
    return b.length === expected.length && timingSafeEqual(b, expected);
  },
  log,
});

const listener = await listenCollab(engine, flags.host ?? '127.0.0.1', intFlag(flags.port, 'port', 0), log);
process.stdout.write(`Collab: ${listener.url}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const doc of engine.documents.values()) persistence.store(doc.name, Y.encodeStateAsUpdate(doc));
  await listener.close();
  db.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
