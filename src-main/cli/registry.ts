import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { importFilesCommand, ingestFilesCommand } from './commands/ingest';
import { alertsCommand } from './commands/alerts';

/** Every command of the command line. Add a command by adding its module here. */
export const COMMANDS: readonly CliCommand[] = [infoCommand, ingestFilesCommand, importFilesCommand, alertsCommand];
