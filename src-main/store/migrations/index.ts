import * as m0001 from './0001-incidents';
import * as m0002 from './0002-case-history';
import * as m0003 from './0003-search';
import * as m0004 from './0004-counts';
import * as m0005 from './0005-outbox';
import * as m0006 from './0006-archive';
import * as m0007 from './0007-search-queue';
import * as m0008 from './0008-rollup';
import * as m0010 from './0010-feed-quarantine';
import * as m0011 from './0011-cap-alerts';
import * as m0012 from './0012-incident-links';
import * as m0013 from './0013-cap-alerts-not-cases';
import * as m0030 from './0030-video';
import * as m0031 from './0031-incident-attachments';
import * as m0040 from './0040-signals';
import * as m0041 from './0041-dispatch-and-rules';
import * as m0050 from './0050-consultations';

/*
 * Numbering: steps are applied in version order and each only once, so versions only need to be
 * unique and never reused. Ranges by area keep parallel work from colliding:
 * 0002–0009 incident store and case workflow; 0010–0019 feeds (quarantine, alerts);
 * 0020–0029 situation map; 0030–0039 video; 0040–0049 decision support; 0050–0059 consultations.
 */

/** A numbered schema step. Applied in order, each in its own transaction, never edited once shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone cannot do (e.g. computing index text), run after `sql` in the same transaction. */
  run?: (db: import('better-sqlite3').Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, ...m0001 },
  { version: 2, ...m0002 },
  { version: 3, ...m0003 },
  { version: 4, ...m0004 },
  { version: 5, ...m0005 },
  { version: 6, ...m0006 },
  { version: 7, ...m0007 },
  { version: 8, ...m0008 },
  { version: 10, ...m0010 },
  { version: 11, ...m0011 },
  { version: 12, ...m0012 },
  { version: 13, ...m0013 },
  { version: 30, ...m0030 },
  { version: 31, ...m0031 },
  { version: 40, ...m0040 },
  { version: 41, ...m0041 },
  { version: 50, ...m0050 },
];
