import { openCache } from '../open-cache';
import { archiveEnded } from '../../store/archive';
import { CliUsageError, type CliCommand } from '../command';
import { timeFlag } from './stats';

/** `archive --before ISO --out FILE`: moves ended cases to a file, recorded, never silently deleted. */
export const archiveCommand: CliCommand = {
  name: 'archive',
  summary: 'move ended cases reported before a time to a .jsonl.gz file (recorded in the cache)',
  usage: 'archive --before ISO --out FILE.jsonl.gz [--data-dir DIR] [--json]',
  options: { before: { type: 'string' }, out: { type: 'string' } },
  run(ctx, values) {
    const before = timeFlag(values.before, 'before');
    const out = values.out as string | undefined;
    if (before === undefined || !out) throw new CliUsageError('archive needs --before and --out');
    const db = openCache(ctx);
    try {
      const r = archiveEnded(db, before, out);
      ctx.say(r.incidents ? `archived ${r.incidents} ended cases to ${r.file}` : 'nothing to archive');
      ctx.result(r);
      return 0;
    } finally {
      db.close();
    }
  },
};
