import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { basemapCommand, gridSituationCommand } from './commands/map';

/** Every command of the command line. Add a command by adding its module here. */
export const COMMANDS: readonly CliCommand[] = [infoCommand, basemapCommand, gridSituationCommand];
