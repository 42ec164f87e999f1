import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { camerasCommand } from './commands/cameras';

/** Every command of the command line. Add a command by adding its module here. */
export const COMMANDS: readonly CliCommand[] = [infoCommand, camerasCommand];
