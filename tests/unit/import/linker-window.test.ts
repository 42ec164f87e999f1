import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '@shared/domain/incident';
import { DuplicateLinker } from '../../../src-main/feeds/duplicate-linker';
import { openDatabase } from '../../../src-main/store/database';

const incident = (n: number, at: number, source = 'import.open311'): Incident => ({
  id: `${source}:${n}`,
  source,
  sourceId: String(n),
  category: 'cm.garbage',
  severity: 'blue',
  status: 'reported',
  title: 't',
  description: '',
  lon: 112 + (n % 100) * 0.001,
  lat: 27.7 + Math.floor(n / 100) * 0.0001,
  original: { lon: 112, lat: 27.7, datum: 'WGS84' },
  gridId: null,
  address: '',
  reportedAt: at,
  updatedAt: at,
  unit: null,
});

describe('duplicate linking during a history import', () => {
  it('keeps only the time window in memory when years of records arrive in no particular order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-linker-'));
    const db = openDatabase(dir);
    try {
      const linker = new DuplicateLinker(db);
      const t0 = Date.UTC(2019, 0, 1);
      const span = 2.5 * 365 * 86_400_000;
      // Deterministic shuffle of 40,000 report times over two and a half years.
      let x = 1;
      const rnd = (): number => ((x = (x * 48271) % 2147483647) / 2147483647);
      for (let b = 0; b < 20; b++) linker.apply(Array.from({ length: 2000 }, (_, i) => incident(b * 2000 + i, t0 + Math.floor(rnd() * span))));
      const known = Reflect.get(linker, 'known') as Set<string>;
      expect(known.size).toBeLessThan(500);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
