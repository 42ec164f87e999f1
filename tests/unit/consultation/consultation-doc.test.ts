import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addAnnotation, arrowHead, movePinned, ownUndo, pin, readAnnotations, readPinned, setPinNote, unpin, type Annotation } from '@shared/consultation/doc';
import { readCollabConfig } from '../../../src-main/collab/collab-config';

const point = (id: string, author: string): Annotation => ({ id, kind: 'point', geometry: { type: 'Point', coordinates: [112, 27.7] }, color: '#ffffff', text: null, author, at: 1 });

/** Two replicas kept in sync both ways, as the server does. */
function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  return [a, b];
}

describe('the consultation document', () => {
  it("undoes only this participant's own drawing", () => {
    const [a, b] = pair();
    const mine = {};
    const undo = ownUndo(a, mine);
    addAnnotation(a, point('a1', '王'), mine);
    addAnnotation(b, point('b1', '李'));
    addAnnotation(a, point('a2', '王'), mine);
    undo.undo();
    expect(readAnnotations(b).map((x) => x.id).sort()).toEqual(['a1', 'b1']);
    undo.undo();
    undo.undo();
    expect(readAnnotations(a).map((x) => x.id)).toEqual(['b1']);
  });

  it('keeps pinned items once each, in the order set, with their notes', () => {
    const d = new Y.Doc();
    pin(d, { kind: 'incident', id: 'i1', note: '' });
    pin(d, { kind: 'alert', id: 'x,1', note: '' });
    pin(d, { kind: 'incident', id: 'i1', note: 'again' });
    pin(d, { kind: 'signal', id: 's1', note: '' });
    movePinned(d, 2, 0);
    setPinNote(d, 1, '先排水');
    expect(readPinned(d)).toEqual([
      { kind: 'signal', id: 's1', note: '' },
      { kind: 'incident', id: 'i1', note: '先排水' },
      { kind: 'alert', id: 'x,1', note: '' },
    ]);
    movePinned(d, 0, 7);
    unpin(d, 'alert', 'x,1');
    expect(readPinned(d).map((p) => p.id)).toEqual(['s1', 'i1']);
  });

  it("draws an arrow's head at the line's end, symmetric about it", () => {
    const head = arrowHead([[112, 27.7], [112.01, 27.7]], 0.001)!;
    expect(head[1]).toEqual([112.01, 27.7]);
    expect(head[0]![0]).toBeLessThan(112.01);
    expect(head[0]![1] - 27.7).toBeCloseTo(27.7 - head[2]![1], 10);
    expect(arrowHead([[112, 27.7]], 0.001)).toBeUndefined();
  });
});

describe('collab.json', () => {
  it('is optional, and a bad one is refused naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-collab-config-'));
    try {
      expect(readCollabConfig(dir)).toBeUndefined();
      writeFileSync(join(dir, 'collab.json'), JSON.stringify({ url: 'http://x', token: 't' }));
      expect(() => readCollabConfig(dir)).toThrow(/collab\.json: url/);
      writeFileSync(join(dir, 'collab.json'), '{');
      expect(() => readCollabConfig(dir)).toThrow(/collab\.json: not JSON/);
      writeFileSync(join(dir, 'collab.json'), JSON.stringify({ url: 'ws://10.0.0.5:1234', token: 'secret' }));
      expect(readCollabConfig(dir)).toEqual({ url: 'ws://10.0.0.5:1234', token: 'secret' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
