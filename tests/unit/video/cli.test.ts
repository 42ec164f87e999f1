import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-cli-cam-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--data-dir', dir, '--json'], COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, json: code === 0 ? JSON.parse(out.trimEnd().split('\n').at(-1)!) : undefined, err };
}

describe('npm run cli -- cameras', () => {
  it('counts the demo catalog by department', async () => {
    const r = await cli(['cameras']);
    expect(r.json).toMatchObject({ source: 'demo', total: 10_240 });
    expect(Object.values(r.json.byDepartment as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(10_240);
  });

  it('lists the cameras nearest a point, nearest first', async () => {
    const r = await cli(['cameras', '--near', '112.0019,27.7299', '--n', '5']);
    const d = (r.json.near as { distanceM: number }[]).map((x) => x.distanceM);
    expect(d).toHaveLength(5);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
  });

  it('reads the cameras of video.json, and says how to give a point it cannot read', async () => {
    writeFileSync(join(dir, 'video.json'), JSON.stringify({ gateways: [{ id: 'g', kind: 'go2rtc', base: 'http://10.0.0.2:1984' }], cameras: [{ id: 'gate', name: '东大门', department: 'emergency', lon: 112, lat: 27.7 }] }));
    expect((await cli(['cameras', '--search', '东大门'])).json).toMatchObject({ source: 'video.json', total: 1, cameras: [{ id: 'gate', streams: ['hls', 'flv', 'mjpeg'] }] });
    const bad = await cli(['cameras', '--near', 'here']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('LON,LAT');
  });
});
