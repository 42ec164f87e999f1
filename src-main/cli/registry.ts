import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { statsCommand } from './commands/stats';
import { searchCommand } from './commands/search';
import { exportCommand } from './commands/export';
import { archiveCommand } from './commands/archive';
import { caseClockCommand } from './commands/case-clock';
import { importFilesCommand, ingestFilesCommand } from './commands/ingest';
import { alertsCommand } from './commands/alerts';
import { basemapCommand, gridSituationCommand } from './commands/map';
import { camerasCommand } from './commands/cameras';
import { secretCommand } from './commands/secret';
import { reportCommand } from './commands/report';
import { categoriesCommand } from './commands/categories';
import { aberrationCommand } from './commands/aberration';
import { signalsCommand } from './commands/signals';
import { briefingCommand } from './commands/briefing';

/** Every command of the command line. Add a command by adding its module here. */
export const COMMANDS: readonly CliCommand[] = [
  infoCommand,
  ingestFilesCommand,
  importFilesCommand,
  statsCommand,
  searchCommand,
  exportCommand,
  archiveCommand,
  caseClockCommand,
  alertsCommand,
  basemapCommand,
  gridSituationCommand,
  camerasCommand,
  secretCommand,
  reportCommand,
  categoriesCommand,
  aberrationCommand,
  signalsCommand,
  briefingCommand,
];
