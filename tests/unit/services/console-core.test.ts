import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentDelta } from '@shared/contract';
import { ConsoleCore } from '../../../src-main/services/console-core';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { FileSecretStore } from '../../../src-main/services/secret-store';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cc-core-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console core', () => {
  it('connects to configured feeds, stores incidents and pushes them in a few batched deltas', async () => {
    const sim = new LoudiSimulator({ seed: 11, historyHours: 12, ratePerMinute: 0 });
    const url = await sim.listen();
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'feeds.json'), JSON.stringify({ feeds: [{ id: 'grid', name: '网格', kind: 'websocket', url }] }));
    const core = await ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0.0.0', simulator: false });
    const deltas: IncidentDelta[] = [];
    core.on('incidentsChanged', (d) => deltas.push(d));
    const expected = new Set(sim.messagesSince(0).map((m) => (m.event as { eventId: string }).eventId)).size;
    const deadline = Date.now() + 10_000;
    while (deltas.at(-1)?.total !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(deltas.at(-1)?.total).toBe(expected);
    // Hundreds of messages arrive as a handful of deltas, not one message per incident.
    expect(deltas.length).toBeLessThan(10);
    const page = await core.handlers.queryIncidents({ limit: 5, offset: 0 });
    expect(page.total).toBe(expected);
    expect(await core.handlers.getIncident({ id: page.items[0]!.id })).toEqual(page.items[0]);
    const [feed] = await core.handlers.feedStatus(undefined);
    expect(feed).toMatchObject({ id: 'grid', state: 'live', rejected: 0 });
    await core.stop();
    await sim.close();
  });

  it('refuses to start on an invalid feeds.json, naming the problem', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'feeds.json'), JSON.stringify({ feeds: [{ id: 'x', name: 'x', kind: 'websocket', url: 'ftp://nope' }] }));
    await expect(ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0', simulator: false })).rejects.toThrow(/feeds\.json: feeds\.0\.url/);
  });

  it('resolves {secret:NAME} in feeds.json from the secret store, and names a missing secret', async () => {
    const sim = new LoudiSimulator({ seed: 3, historyHours: 1, ratePerMinute: 0 });
    const url = await sim.listen();
    const dataDir = tempDir();
    const withToken = `${url}?token={secret:grid-token}`;
    writeFileSync(join(dataDir, 'feeds.json'), JSON.stringify({ feeds: [{ id: 'grid', name: '网格', kind: 'websocket', url: withToken }] }));
    await expect(ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0', simulator: false })).rejects.toThrow(/feeds\.json: the secret "grid-token"/);
    await new FileSecretStore(dataDir).set('grid-token', 'T0K-secret');
    const core = await ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0', simulator: false });
    const deadline = Date.now() + 10_000;
    while ((await core.handlers.feedStatus(undefined))[0]?.state !== 'live' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [feed] = await core.handlers.feedStatus(undefined);
    expect(feed).toMatchObject({ state: 'live' });
    expect(JSON.stringify(feed)).not.toContain('T0K-secret');
    await core.stop();
    await sim.close();
  });

  it('keeps settings across restarts and announces changes', async () => {
    const dataDir = tempDir();
    const core = await ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0', simulator: false });
    const seen: string[] = [];
    core.on('settingsChanged', (s) => seen.push(s.locale));
    await core.handlers.setSettings({ locale: 'en' });
    await core.stop();
    const again = await ConsoleCore.start({ dataDir, shell: 'browser', appVersion: '0', simulator: false });
    expect((await again.handlers.getSettings(undefined)).locale).toBe('en');
    expect(seen).toEqual(['en']);
    await again.stop();
  });
});
