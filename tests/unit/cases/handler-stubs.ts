import type { OperationHandlers } from '@shared/contract';

const unused = (): never => {
  throw new Error('unused in this test');
};

/** The case operations, for tests of the hosts that do not exercise them. */
export const caseHandlerStubs: Pick<
  OperationHandlers,
  | 'getCase'
  | 'caseAction'
  | 'searchIncidents'
  | 'caseStats'
  | 'gridLeague'
  | 'overdueCases'
  | 'triageQueue'
  | 'triageBatch'
  | 'mergeCases'
  | 'outboxStatus'
  | 'resolveOutbox'
  | 'caseClockLimits'
  | 'setCaseClockLimits'
  | 'acknowledgeAlert'
> = {
  getCase: unused,
  caseAction: unused,
  searchIncidents: () => ({ total: 0, hits: [] }),
  caseStats: unused,
  gridLeague: () => [],
  overdueCases: () => ({ total: 0, items: [] }),
  triageQueue: () => ({ total: 0, items: [], counts: { register: 0, dispatch: 0, rework: 0, overdue: 0 } }),
  triageBatch: unused,
  mergeCases: unused,
  outboxStatus: () => ({ backend: 'none', pending: 0, attention: [] }),
  resolveOutbox: unused,
  caseClockLimits: () => [],
  setCaseClockLimits: unused,
  acknowledgeAlert: unused,
};
