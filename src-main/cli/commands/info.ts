import { join } from 'node:path';
import { DATABASE_FILE } from '../../store/database';
import { openCache } from '../open-cache';
import { IncidentStore } from '../../store/incident-store';
import { readCacheRecovery } from '../../store/cache-recovery';
import { SEARCH_FILE, pendingCount } from '../../store/search-index';
import type { CliCommand } from '../command';

/** `info`: where the data lives and how much of it there is. */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'show the data directory, database, incident count and full-text index state',
  usage: 'info [--data-dir DIR] [--json]',
  options: {},
  run(ctx) {
    const db = openCache(ctx);
    try {
      const schema = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number;
      const incidents = new IncidentStore(db).count();
      // A damaged cache moved aside at some start, not yet acknowledged by an operator in the console.
      const cacheRecovery = readCacheRecovery(ctx.dataDir);
      if (cacheRecovery) {
        const held = cacheRecovery.incidents === null ? 'an unknown number of incidents' : `${cacheRecovery.incidents} incidents`;
        ctx.say(
          `warning: the incident cache was found damaged on ${new Date(cacheRecovery.at).toISOString()} and moved aside to ` +
            `${join(ctx.dataDir, cacheRecovery.movedTo)} (${held}, ${cacheRecovery.bytes} bytes); a fresh cache was started`,
        );
      }
      ctx.result({
        dataDir: ctx.dataDir,
        database: join(ctx.dataDir, DATABASE_FILE),
        schemaVersion: schema,
        incidents,
        // Rows and changes the full-text index has yet to take in (the console's indexer thread, or the next search, does it).
        searchIndex: { file: join(ctx.dataDir, SEARCH_FILE), pending: pendingCount(db) },
        cacheRecovery,
      });
      return 0;
    } finally {
      db.close();
    }
  },
};
