import * as m0001 from './0001-incidents';
import * as m0010 from './0010-feed-quarantine';
import * as m0011 from './0011-cap-alerts';
import * as m0012 from './0012-incident-links';

/*
 * Numbering: steps are applied in version order and each only once, so versions only need to be
 * unique and never reused. Ranges by area keep parallel work from colliding:
 * 0002–0009 incident store and case workflow; 0010–0019 feeds (quarantine, alerts);
 * 0020–0029 situation map; 0030–0039 video.
 */

/** A numbered schema step. Applied in order, each in its own transaction, never edited once shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, ...m0001 },
  { version: 10, ...m0010 },
  { version: 11, ...m0011 },
  { version: 12, ...m0012 },
];
