import { openCache } from '../open-cache';
import { IncidentStore } from '../../store/incident-store';
import { CliUsageError, type CliCommand } from '../command';

/** `search <text>`: full-text search that finds Chinese, most recent first. */
export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'full-text search over title, description and address (Chinese included)',
  usage: 'search <text> [--limit N] [--data-dir DIR] [--json]',
  options: { limit: { type: 'string' } },
  run(ctx, values, positionals) {
    const text = positionals.join(' ').trim();
    if (!text) throw new CliUsageError('search needs some text');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CliUsageError('--limit must be an integer from 1 to 10000');
    const db = openCache(ctx);
    try {
      const { total, hits } = new IncidentStore(db).search(text, limit);
      if (!ctx.json) for (const h of hits) ctx.say(`${h.id}\t${h.status}\t${h.title}`);
      ctx.result({
        total,
        hits: hits.map((h) => ({ id: h.id, title: h.title, category: h.category, status: h.status, reportedAt: new Date(h.reportedAt).toISOString() })),
      });
      return 0;
    } finally {
      db.close();
    }
  },
};
