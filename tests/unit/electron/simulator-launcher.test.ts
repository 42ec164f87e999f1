import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

/** A stand-in for Electron's UtilityProcess: the real binary cannot run here. */
const forked = vi.hoisted(() => ({ calls: [] as { entry: string; args: string[]; options: unknown }[], children: [] as unknown[] }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { PassThrough: Pass } = await import('node:stream');
  class FakeUtilityProcess extends Emitter {
    pid = 4242;
    stderr = new Pass();
    posted: unknown[] = [];
    killed = 0;
    postMessage(m: unknown): void {
      this.posted.push(m);
    }
    kill(): boolean {
      this.killed += 1;
      setImmediate(() => this.emit('exit', 0));
      return true;
    }
  }
  return {
    utilityProcess: {
      fork(entry: string, args: string[], options: unknown) {
        forked.calls.push({ entry, args, options });
        const child = new FakeUtilityProcess();
        forked.children.push(child);
        return child;
      },
    },
  };
});

const { utilityProcessLauncher } = await import('../../../src-main/electron/simulator-launcher');
const { SimulatorProcess } = await import('../../../src-main/services/simulator-process');

type Fake = EventEmitter & { posted: unknown[]; killed: number; stderr: PassThrough };

describe('the simulator in the Electron app', () => {
  it('is started with utilityProcess (no ELECTRON_RUN_AS_NODE), talks over postMessage, and stops', async () => {
    const logs: string[] = [];
    const sim = new SimulatorProcess({ entry: '/app/out/main/simulator.js', seed: 7, launch: utilityProcessLauncher, log: (l) => logs.push(l) });
    const started = sim.start();
    expect(forked.calls[0]).toMatchObject({ entry: '/app/out/main/simulator.js', args: expect.arrayContaining(['--seed', '7', '--port', '0']) });
    expect(JSON.stringify(forked.calls[0]!.options)).not.toContain('ELECTRON_RUN_AS_NODE');
    const child = forked.children[0] as Fake;
    child.stderr.write('listening\n');
    child.emit('message', { type: 'ready', url: 'ws://127.0.0.1:5000/v1/grid-events' });
    await expect(started).resolves.toBe('ws://127.0.0.1:5000/v1/grid-events');
    sim.setSurge(true);
    expect(child.posted).toEqual([{ type: 'set-surge', on: true }]);
    await sim.stop();
    expect(child.killed).toBe(1);
    expect(logs).toContain('simulator: listening');
  });
});

describe('packaging', () => {
  it('turns the runAsNode fuse off', () => {
    const yml = readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^\s+runAsNode: false$/m);
    expect(yml).not.toMatch(/^\s+runAsNode: true$/m);
  });
});

