import { AlertStore } from '../../feeds/alert-store';
import { openCache } from '../open-cache';
import type { CliCommand } from '../command';

/** `alerts`: the CAP alerts in force (or, with --all, every stored alert and what became of it). */
export const alertsCommand: CliCommand = {
  name: 'alerts',
  summary: 'list the CAP alerts in force',
  usage: 'alerts [--all] [--data-dir DIR] [--json]',
  options: { all: { type: 'boolean' } },
  run(ctx, values) {
    const db = openCache(ctx);
    try {
      const store = new AlertStore(db);
      if (values.all === true) {
        const all = store.all();
        for (const a of all) ctx.say(`${a.identifier}  ${a.status}/${a.msgType}  ${a.severity}  ${a.cancelledBy ? 'cancelled' : a.supersededBy ? 'superseded' : ''}  ${a.infos[0]?.headline ?? ''}`);
        if (ctx.json) ctx.result(all.map((a) => ({ identifier: a.identifier, sender: a.sender, status: a.status, msgType: a.msgType, severity: a.severity, expires: iso(a.expires), supersededBy: a.supersededBy, cancelledBy: a.cancelledBy })));
        return 0;
      }
      const inForce = store.inForce();
      if (inForce.length === 0) ctx.say('no alerts in force');
      for (const a of inForce) ctx.say(`${a.severity.padEnd(6)}  ${a.identifier}  ${a.infos[0]?.headline ?? ''}  (expires ${iso(a.expires) ?? 'when cancelled'})`);
      if (ctx.json) {
        ctx.result(
          inForce.map((a) => ({
            identifier: a.identifier,
            sender: a.sender,
            msgType: a.msgType,
            severity: a.severity,
            category: a.category,
            headline: a.infos[0]?.headline ?? '',
            expires: iso(a.expires),
          })),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
