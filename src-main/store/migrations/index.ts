import * as m0001 from './0001-incidents';

/** A numbered schema step. Applied in order, each in its own transaction, never edited once shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, ...m0001 }];
