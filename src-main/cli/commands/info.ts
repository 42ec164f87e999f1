import { join } from 'node:path';
import { DATABASE_FILE, openDatabase } from '../../store/database';
import { IncidentStore } from '../../store/incident-store';
import type { CliCommand } from '../command';

/** `info`: where the data lives and how much of it there is. */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'show the data directory, database and incident count',
  usage: 'info [--data-dir DIR] [--json]',
  options: {},
  run(ctx) {
    const db = openDatabase(ctx.dataDir);
    try {
      const schema = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number;
      const incidents = new IncidentStore(db).count();
      ctx.result({ dataDir: ctx.dataDir, database: join(ctx.dataDir, DATABASE_FILE), schemaVersion: schema, incidents });
      return 0;
    } finally {
      db.close();
    }
  },
};
