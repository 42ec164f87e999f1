import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BRIEFING_ORIENTATIONS, type BriefingOrientation } from '@shared/briefing/briefing';
import { OperationError } from '@shared/dispatch';
import { ChromiumPrinter } from '../../briefing/chromium-printer';
import { ConsoleHost } from '../../console-host/console-host';
import { ConsoleCore } from '../../services/console-core';
import { CliUsageError, type CliCommand } from '../command';
import { timeFlag } from './stats';

/** The built program's folder (out/main): the renderer, the workers and the package file are found from it. */
const here = import.meta.dirname;

/**
 * `briefing [--from ISO] [--to ISO] [--session ID] --out FILE.pdf`: the briefing PDF (值班快报 for
 * the current duty day by default), the same page the console prints, printed by Chromium over CDP
 * from a console host started on loopback for the purpose, without the simulator or any feed.
 */
export const briefingCommand: CliCommand = {
  name: 'briefing',
  summary: 'the briefing PDF (值班快报 for a duty day, 会商纪要 for a session), printed by Chromium',
  usage: 'briefing [--from ISO] [--to ISO] [--session ID] [--orientation landscape|portrait] --out FILE.pdf [--data-dir DIR] [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, session: { type: 'string' }, out: { type: 'string' }, orientation: { type: 'string' } },
  async run(ctx, values) {
    const out = values.out as string | undefined;
    if (!out) throw new CliUsageError('--out FILE.pdf is needed');
    if (!existsSync(dirname(resolve(out)))) throw new CliUsageError(`the folder of ${out} does not exist`);
    const from = timeFlag(values.from, 'from');
    const to = timeFlag(values.to, 'to');
    if (from !== undefined && to !== undefined && to <= from) throw new CliUsageError('--to must be after --from');
    const orientation = (values.orientation ?? 'landscape') as BriefingOrientation;
    if (!BRIEFING_ORIENTATIONS.includes(orientation)) throw new CliUsageError('--orientation is landscape or portrait');
    const sessionId = values.session as string | undefined;
    const rendererDir = join(here, '../renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) throw new CliUsageError('the renderer is not built: run npm run build');

    const started = Date.now();
    const version = (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
    const log = (line: string): void => ctx.progress?.(line);
    // The printing browser starts while the console's services do.
    let host: ConsoleHost | undefined;
    const printer = new ChromiumPrinter(() => host?.printerSession() ?? null, log);
    printer.warm();
    let core: ConsoleCore | undefined;
    try {
      core = await ConsoleCore.start({
        dataDir: ctx.dataDir,
        shell: 'browser',
        appVersion: version,
        simulator: false,
        searchWorker: { file: join(here, 'search-worker.js') },
        signalWorker: { file: join(here, 'signal-worker.js') },
        log,
      });
      host = new ConsoleHost({ core, rendererDir, host: '127.0.0.1', port: 0, log });
      await host.start();
      core.briefing.usePrinter(printer.print);
      const pdf = await core.briefing.pdf({ from, to, sessionId, orientation }).catch((err: unknown) => {
        if (err instanceof OperationError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) throw new CliUsageError(err.message);
        throw err;
      });
      const bytes = Buffer.from(pdf.pdfBase64, 'base64');
      writeFileSync(out, bytes);
      const ms = Date.now() - started;
      ctx.say(`${out}: ${pdf.fileName}, ${bytes.length} bytes, printed in ${pdf.ms} ms (${ms} ms in all)`);
      ctx.result({ file: out, name: pdf.fileName, bytes: bytes.length, printMs: pdf.ms, totalMs: ms });
      return 0;
    } finally {
      await printer.close();
      await host?.stop();
      await core?.stop();
    }
  },
};
