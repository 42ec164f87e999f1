import { z } from 'zod';
import { OPEN_STATUSES, TERMINAL_STATUSES, type Status } from './status';

/**
 * The case lifecycle of digital city management's closed loop (GB/T 30428):
 * reported → registered → dispatched → handling → feedback → closed, with the side exits rejected,
 * duplicate and cancelled, and reopen. Pure rules: who may do what from which status, and where it
 * leads. The store applies them; the renderer uses the same functions to decide which buttons to show.
 */

/** Who is at the console. There is no login yet: the role is a setting, recorded in every history entry. */
export const CASE_ROLES = ['duty', 'leader', 'analyst', 'unit'] as const;
export const CaseRoleSchema = z.enum(CASE_ROLES);
/** duty = 值班员, leader = 领导, analyst = 研判人员, unit = 处置单位 (the handling unit). */
export type CaseRole = z.infer<typeof CaseRoleSchema>;

export const CASE_ACTIONS = [
  'acknowledge',
  'reject',
  'markDuplicate',
  'dispatch',
  'startHandling',
  'feedback',
  'verifyClose',
  'returnForRework',
  'cancel',
  'reopen',
  'comment',
] as const;
export const CaseActionSchema = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseActionSchema>;

export { OPEN_STATUSES, isOpen } from './status';

interface Rule {
  from: readonly Status[];
  /** `null`: the status stays (a comment). */
  to: Status | null;
  roles: readonly CaseRole[];
  needsUnit?: boolean;
  needsNote?: boolean;
}

const ANY: readonly Status[] = [...OPEN_STATUSES, ...TERMINAL_STATUSES];

/** The rules, one per action. Changing a rule here changes the console and the store together. */
export const CASE_RULES: Readonly<Record<CaseAction, Rule>> = {
  /** 受理立案: the duty officer accepts a report as a case. */
  acknowledge: { from: ['reported'], to: 'registered', roles: ['duty', 'leader'] },
  /** 不予立案: not a case (out of scope, no facts). */
  reject: { from: ['reported'], to: 'rejected', roles: ['duty', 'leader'], needsNote: true },
  /** 重复: the same problem is already a case. */
  markDuplicate: { from: ['reported', 'registered'], to: 'duplicate', roles: ['duty', 'leader', 'analyst'] },
  /** 派遣 (or re-dispatch to another unit). */
  dispatch: { from: ['registered', 'dispatched', 'handling'], to: 'dispatched', roles: ['duty', 'leader'], needsUnit: true },
  /** 接单处置: the unit starts work. */
  startHandling: { from: ['dispatched'], to: 'handling', roles: ['unit', 'duty'] },
  /** 处置反馈: the unit reports what it did. */
  feedback: { from: ['handling'], to: 'feedback', roles: ['unit', 'duty'], needsNote: true },
  /** 核查结案: the centre verifies and closes. */
  verifyClose: { from: ['feedback'], to: 'closed', roles: ['duty', 'leader'] },
  /** 核查不通过: back to the unit. */
  returnForRework: { from: ['feedback'], to: 'handling', roles: ['duty', 'leader'], needsNote: true },
  /** 撤销: withdrawn (a false alarm, the reporter withdrew). */
  cancel: { from: OPEN_STATUSES, to: 'cancelled', roles: ['duty', 'leader'], needsNote: true },
  /** 重新打开: an ended case comes back as a registered case. */
  reopen: { from: TERMINAL_STATUSES, to: 'registered', roles: ['duty', 'leader'], needsNote: true },
  /** 备注: a note in the timeline; the status stays. */
  comment: { from: ANY, to: null, roles: ['duty', 'leader', 'analyst', 'unit'], needsNote: true },
};

export interface ActionInput {
  unit?: string | null | undefined;
  note?: string | null | undefined;
}

export type TransitionRefusal = 'WRONG_STATUS' | 'ROLE' | 'UNIT_REQUIRED' | 'NOTE_REQUIRED';
export type TransitionResult = { ok: true; to: Status } | { ok: false; refusal: TransitionRefusal; message: string };

/** Where `action` by `role` leads from `status`, or why it may not happen. */
export function transition(status: Status, action: CaseAction, role: CaseRole, input: ActionInput = {}): TransitionResult {
  const rule = CASE_RULES[action];
  if (!rule.roles.includes(role)) return { ok: false, refusal: 'ROLE', message: `role ${role} may not ${action}` };
  if (!rule.from.includes(status)) return { ok: false, refusal: 'WRONG_STATUS', message: `cannot ${action} a case that is ${status}` };
  if (rule.needsUnit && !input.unit?.trim()) return { ok: false, refusal: 'UNIT_REQUIRED', message: `${action} needs a unit` };
  if (rule.needsNote && !input.note?.trim()) return { ok: false, refusal: 'NOTE_REQUIRED', message: `${action} needs a note` };
  return { ok: true, to: rule.to ?? status };
}

/** The actions `role` may take on a case that is `status`, in the order the console shows them. */
export function availableActions(status: Status, role: CaseRole): CaseAction[] {
  return CASE_ACTIONS.filter((a) => CASE_RULES[a].roles.includes(role) && CASE_RULES[a].from.includes(status));
}

/** Whether an action needs a unit or a note (the console asks for them before sending). */
export function actionNeeds(action: CaseAction): { unit: boolean; note: boolean } {
  const r = CASE_RULES[action];
  return { unit: !!r.needsUnit, note: !!r.needsNote };
}
