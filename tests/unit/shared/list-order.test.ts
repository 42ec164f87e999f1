import { describe, expect, it } from 'vitest';
import { holdRows, orderRows } from '@shared/map/list-order';
import type { Severity } from '@shared/domain/incident';

const row = (id: string, severity: Severity, reportedAt: number) => ({ id, severity, reportedAt });
const rows = [row('a', 'blue', 3), row('b', 'red', 1), row('c', 'orange', 2), row('d', 'red', 4)];

describe('the incident list order', () => {
  it('sorts newest first, or by severity then time, with alerting incidents pinned on top', () => {
    expect(orderRows(rows, 'time').map((r) => r.id)).toEqual(['d', 'a', 'c', 'b']);
    expect(orderRows(rows, 'severity').map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
    expect(orderRows(rows, 'time', new Set(['b'])).map((r) => r.id)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('keeps the rows shown in place while held and counts the new ones', () => {
    const shown = orderRows(rows, 'time').map((r) => r.id);
    const later = orderRows([...rows, row('e', 'red', 9), row('f', 'blue', 8)], 'time');
    const held = holdRows(later, shown);
    expect(held.rows.map((r) => r.id)).toEqual(['d', 'a', 'c', 'b']);
    expect(held.fresh).toBe(2);
    // A row that left the picture drops out; the others keep their order.
    expect(holdRows(later.filter((r) => r.id !== 'a'), shown).rows.map((r) => r.id)).toEqual(['d', 'c', 'b']);
  });
});
