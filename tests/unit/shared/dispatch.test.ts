import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, OPERATION_CHANNELS } from '@shared/channels';
import { events, operations } from '@shared/contract';
import { dispatch } from '@shared/dispatch';
import { stubHandlers } from '../fixtures/handler-stubs';

const handlers = stubHandlers;

describe('the contract', () => {
  it('declares a schema for every channel and uses the cc:<domain>:<verb> names', () => {
    expect(Object.keys(operations).sort()).toEqual(Object.keys(OPERATION_CHANNELS).sort());
    expect(Object.keys(events).sort()).toEqual(Object.keys(EVENT_CHANNELS).sort());
    for (const ch of [...Object.values(OPERATION_CHANNELS), ...Object.values(EVENT_CHANNELS)]) {
      expect(ch).toMatch(/^cc:[a-z]+:[a-z]+$/);
    }
  });
});

describe('dispatch', () => {
  it('refuses a channel nobody declared', async () => {
    const r = await dispatch(handlers(), 'cc:db:drop', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: expect.stringContaining('cc:db:drop') } });
  });

  it('refuses a payload that does not match the schema, and never runs the handler', async () => {
    const query = vi.fn();
    const r = await dispatch(handlers({ queryIncidents: query }), 'cc:incidents:query', { limit: 1e9 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST');
    expect(query).not.toHaveBeenCalled();
  });

  it('refuses unknown keys in strict requests (no smuggled SQL or options)', async () => {
    const r = await dispatch(handlers(), 'cc:incidents:query', { orderBy: 'title; DROP TABLE incidents' });
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST');
  });

  it('applies schema defaults before the handler sees the request', async () => {
    const r = await dispatch(handlers(), 'cc:incidents:query', {});
    expect(r).toEqual({ ok: true, value: { total: 200, items: [] } });
  });

  it('passes an OperationError code through and hides internal errors behind INTERNAL', async () => {
    const notFound = await dispatch(handlers(), 'cc:incidents:get', { id: 'sim:1' });
    expect(!notFound.ok && notFound.error.code).toBe('NOT_FOUND');
    const seen: unknown[] = [];
    const boom = await dispatch(
      handlers({
        feedStatus: () => {
          throw new Error('disk on fire at /secret/path');
        },
      }),
      'cc:feeds:status',
      undefined,
      (e) => seen.push(e),
    );
    expect(boom).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('/secret') } });
    expect(seen).toHaveLength(1);
  });
});
