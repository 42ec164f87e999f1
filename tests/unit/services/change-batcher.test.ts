import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentDelta } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';
import { ChangeBatcher } from '../../../src-main/services/change-batcher';

const incident = (id: string, severity: Incident['severity']): Incident => ({ id, severity }) as Incident;

afterEach(() => vi.useRealTimers());

describe('ChangeBatcher', () => {
  it('gathers ordinary changes into one delta per interval', () => {
    vi.useFakeTimers();
    const deltas: IncidentDelta[] = [];
    const b = new ChangeBatcher((d) => deltas.push(d), () => 3, 200, (i) => i.severity === 'red');
    b.add([incident('a', 'blue')]);
    b.add([incident('b', 'yellow'), incident('a', 'blue')]);
    vi.advanceTimersByTime(199);
    expect(deltas).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.upserted.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('sends a change that raises an alert on the next turn, with what was waiting, not after the interval', async () => {
    const deltas: IncidentDelta[] = [];
    const b = new ChangeBatcher((d) => deltas.push(d), () => 3, 60_000, (i) => i.severity === 'red');
    b.add([incident('a', 'blue')]);
    b.add([incident('r', 'red')]);
    expect(deltas).toHaveLength(0); // not inside the feed's own call
    await new Promise((r) => setImmediate(r));
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.upserted.map((i) => i.id)).toEqual(['a', 'r']);
    b.dispose();
  });
});
