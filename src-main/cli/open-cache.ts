import { CategoryClassifier, loadCategoryMap } from '../import/category-mapping';
import { CliUsageError } from './command';
import type { Db } from '../store/database';
import { openCheckedDatabase } from '../store/integrity';
import type { CliContext } from './command';

/**
 * Opens the incident cache the way the console does: integrity check first, a damaged file moved
 * aside (never written into) and a fresh one started, and the command says so.
 */
export function openCache(ctx: Pick<CliContext, 'dataDir' | 'say'>): Db {
  return openCheckedDatabase(ctx.dataDir, (line) => ctx.say(line)).db;
}

/** The data directory's category-map.json, or a usage error naming what is wrong in it. */
export function cliCategoryMap(ctx: Pick<CliContext, 'dataDir'>): CategoryClassifier {
  try {
    return loadCategoryMap(ctx.dataDir);
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
}
