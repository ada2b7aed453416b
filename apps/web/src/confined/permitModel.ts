import type { Action } from '@safegrid/contracts/values';
import type { CreatePermit, GasTest, PermitDetail, PermitTransition } from '@safegrid/contracts';
import type { PermitCommand } from './confinedApi';
import type { PermitStatus } from './labels';

/**
 * What the permit screens decide without the server: the step bar, which buttons a status and
 * the session allow, and why a button is greyed out. The server's permit machine
 * (apps/server/src/confined/permits/permit-machine.ts) is the judge; these pre-checks only
 * explain early what it would refuse, with the same refusal codes.
 */

// ---- step bar ----

export const PERMIT_STEPS = ['draft', 'submitted', 'approved', 'active', 'completed'] as const;
export type PermitStep = (typeof PERMIT_STEPS)[number];

export interface StepView {
  current: number;
  status: 'process' | 'finish' | 'error';
}

const STEP_OF: Partial<Record<PermitStatus, number>> = {
  draft: 0,
  submitted: 1,
  approved: 2,
  active: 3,
  suspended: 3,
  completed: 4,
};

/**
 * Where the step bar stands. A suspended permit is an error on "active"; a cancelled or expired
 * one is an error on the step it had reached (the `from` of its last transition).
 */
export function permitStepView(status: PermitStatus, transitions: readonly PermitTransition[]): StepView {
  if (status === 'completed') return { current: 4, status: 'finish' };
  if (status === 'suspended') return { current: 3, status: 'error' };
  const step = STEP_OF[status];
  if (step !== undefined) return { current: step, status: 'process' };
  const ending = [...transitions].reverse().find((tr) => tr.to === status);
  const reached = ending?.from ? (STEP_OF[ending.from] ?? 0) : 0;
  return { current: reached, status: 'error' };
}

// ---- actions ----

export type PermitAction = PermitCommand | 'gasTest' | 'unlock';

/** Commands each status accepts over HTTP (mirrors PERMIT_TRANSITIONS of the permit machine). */
export const STATUS_COMMANDS: Readonly<Record<PermitStatus, readonly PermitCommand[]>> = {
  draft: ['submit', 'cancel'],
  submitted: ['approve', 'return', 'cancel'],
  approved: ['cancel'],
  active: ['complete'],
  suspended: ['resume', 'complete', 'cancel'],
  completed: [],
  expired: [],
  cancelled: [],
};

export const ACTION_PERMISSION: Readonly<Record<PermitAction, Action>> = {
  submit: 'permit.apply',
  return: 'permit.approve',
  approve: 'permit.approve',
  cancel: 'permit.apply',
  resume: 'permit.apply',
  complete: 'permit.apply',
  gasTest: 'permit.apply',
  unlock: 'permit.apply',
};

/** Commands whose body must carry a reason. */
export const REASON_COMMANDS: ReadonlySet<PermitCommand> = new Set<PermitCommand>(['return', 'cancel']);

/** A gas test may be recorded until the permit ends (before approval, unlocking, resuming). */
const GAS_TEST_STATUSES: ReadonlySet<PermitStatus> = new Set<PermitStatus>([
  'draft',
  'submitted',
  'approved',
  'active',
  'suspended',
]);
const UNLOCK_STATUSES: ReadonlySet<PermitStatus> = new Set<PermitStatus>(['approved', 'active']);

/**
 * How old the pre-entry test may be: a copy of GAS_TEST_MAX_AGE_MS of the permit machine (the
 * server's figure decides; this one only greys the button out early).
 */
export const GAS_TEST_MAX_AGE_MS = 30 * 60_000;

export interface ActionView {
  action: PermitAction;
  /** A refusal code (`permit.*`) that explains why the button is disabled, or null. */
  blockedBy: string | null;
}

export function latestGasTest(tests: readonly GasTest[]): GasTest | null {
  let latest: GasTest | null = null;
  for (const test of tests) {
    if (!latest || Date.parse(test.measuredAt) > Date.parse(latest.measuredAt)) latest = test;
  }
  return latest;
}

/** When the permit was last suspended (its latest transition into 'suspended'). */
export function lastSuspendedAt(transitions: readonly PermitTransition[]): number | null {
  let at: number | null = null;
  for (const tr of transitions) {
    if (tr.to === 'suspended') {
      const time = Date.parse(tr.at);
      if (at === null || time > at) at = time;
    }
  }
  return at;
}

export function missingChecklist(
  ids: readonly string[],
  answers: Readonly<Record<string, boolean>>,
): string[] {
  return ids.filter((id) => !(Object.hasOwn(answers, id) && answers[id] === true));
}

function gasBlock(permit: PermitDetail, now: number, suspendedAt: number | null): string | null {
  const test = latestGasTest(permit.gasTests);
  if (!test) return 'permit.gas_test_missing';
  if (!test.passed) return 'permit.gas_test_failed';
  const measured = Date.parse(test.measuredAt);
  if (now - measured > GAS_TEST_MAX_AGE_MS) return 'permit.gas_test_stale';
  if (suspendedAt !== null && !(measured > suspendedAt)) return 'permit.gas_test_before_suspension';
  return null;
}

function readyBlock(permit: PermitDetail, now: number, checklistIds: readonly string[]): string | null {
  if (!(Date.parse(permit.windowEnd) > now)) return 'permit.window_over';
  if (permit.entrants.length === 0) return 'permit.no_entrants';
  if (missingChecklist(checklistIds, permit.checklist).length > 0) return 'permit.checklist_incomplete';
  return null;
}

export interface ActionContext {
  can(action: Action): boolean;
  now: number;
  /** The checklist's item ids (GET /api/confined/permit-checklist); empty while loading. */
  checklistIds: readonly string[];
}

/**
 * The buttons to show for a permit: the commands its status accepts, a gas test and an unlock
 * token where they make sense, each only when the session may do it, and each with the
 * refusal the server would most likely give right now (null: go ahead).
 */
export function permitActions(permit: PermitDetail, ctx: ActionContext): ActionView[] {
  const { now } = ctx;
  const out: ActionView[] = [];
  for (const command of STATUS_COMMANDS[permit.status]) {
    let blockedBy: string | null = null;
    if (command === 'submit') blockedBy = readyBlock(permit, now, ctx.checklistIds);
    if (command === 'approve') {
      blockedBy = readyBlock(permit, now, ctx.checklistIds) ?? gasBlock(permit, now, null);
    }
    if (command === 'resume') {
      blockedBy = !(Date.parse(permit.windowEnd) > now)
        ? 'permit.window_over'
        : gasBlock(permit, now, lastSuspendedAt(permit.transitions));
    }
    out.push({ action: command, blockedBy });
  }
  if (GAS_TEST_STATUSES.has(permit.status)) out.push({ action: 'gasTest', blockedBy: null });
  if (UNLOCK_STATUSES.has(permit.status)) {
    const hasLock = permit.devices.some((d) => d.kind === 'smart_lock');
    out.push({ action: 'unlock', blockedBy: hasLock ? permit.unlockRefusal : 'permit.lock_not_linked' });
  }
  return out.filter((view) => ctx.can(ACTION_PERMISSION[view.action]));
}

// ---- application form ----

export interface PermitFormValues {
  workContent: string;
  entrants: string[];
  attendant: string;
  responsiblePerson: string;
  /** `<input type="datetime-local">` values, local time "YYYY-MM-DDTHH:mm". */
  windowStart: string;
  windowEnd: string;
  /** Ids of the checklist items ticked. */
  checklist: string[];
}

export type PermitFormField = keyof PermitFormValues;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as a datetime-local value in the browser's time zone. */
export function toLocalInput(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local value as an ISO instant, or null when it is not a valid date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Names as typed into the tag box: trimmed, empty ones dropped, duplicates once. */
export function cleanNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const value = name.trim();
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

/** A fresh form: work from now (rounded up to 5 minutes) for four hours. */
export function initialPermitForm(now: Date): PermitFormValues {
  const start = new Date(now.getTime());
  start.setSeconds(0, 0);
  start.setMinutes(Math.ceil(start.getMinutes() / 5) * 5);
  const end = new Date(start.getTime() + 4 * 3_600_000);
  return {
    workContent: '',
    entrants: [],
    attendant: '',
    responsiblePerson: '',
    windowStart: toLocalInput(start),
    windowEnd: toLocalInput(end),
    checklist: [],
  };
}

export const PERSON_MAX = 40;
export const ENTRANTS_MAX = 20;

/**
 * The form's own checks (beyond "required"): the message keys of the fields that fail. The
 * server repeats all of them.
 */
export type PermitFormMessage =
  | 'permitForm.windowOrder'
  | 'permitForm.attendantIsEntrant'
  | 'permitForm.entrantsLimit'
  | 'permitForm.nameTooLong'
  | 'permitForm.dateInvalid';

export function validatePermitForm(
  values: PermitFormValues,
): Partial<Record<PermitFormField, PermitFormMessage>> {
  const errors: Partial<Record<PermitFormField, PermitFormMessage>> = {};
  const start = fromLocalInput(values.windowStart);
  const end = fromLocalInput(values.windowEnd);
  if (!start) errors.windowStart = 'permitForm.dateInvalid';
  if (!end) errors.windowEnd = 'permitForm.dateInvalid';
  else if (start && Date.parse(end) <= Date.parse(start)) errors.windowEnd = 'permitForm.windowOrder';
  const entrants = cleanNames(values.entrants);
  if (entrants.length > ENTRANTS_MAX) errors.entrants = 'permitForm.entrantsLimit';
  else if (entrants.some((name) => name.length > PERSON_MAX)) errors.entrants = 'permitForm.nameTooLong';
  // 第十五条: the attendant watches from outside and never enters.
  const attendant = values.attendant.trim();
  if (attendant !== '' && entrants.includes(attendant)) errors.attendant = 'permitForm.attendantIsEntrant';
  return errors;
}

export function toCreatePermit(
  spaceId: string,
  values: PermitFormValues,
  checklistIds: readonly string[],
): CreatePermit {
  const ticked = new Set(values.checklist);
  return {
    spaceId,
    workContent: values.workContent.trim(),
    entrants: cleanNames(values.entrants),
    attendant: values.attendant.trim(),
    responsiblePerson: values.responsiblePerson.trim(),
    windowStart: fromLocalInput(values.windowStart) ?? values.windowStart,
    windowEnd: fromLocalInput(values.windowEnd) ?? values.windowEnd,
    checklist: Object.fromEntries(checklistIds.map((id) => [id, ticked.has(id)])),
  };
}

/** Server problem pointers ("/body/entrants/2") onto the form's fields. */
export function permitFieldFor(path: readonly string[]): PermitFormField | undefined {
  const first = path[0];
  const fields: readonly PermitFormField[] = [
    'workContent',
    'entrants',
    'attendant',
    'responsiblePerson',
    'windowStart',
    'windowEnd',
    'checklist',
  ];
  return fields.find((f) => f === first);
}

/** Refusal codes that belong to one field of the application form. */
export const PERMIT_CODE_FIELDS: Readonly<Record<string, PermitFormField>> = {
  'permit.checklist_incomplete': 'checklist',
  'permit.no_entrants': 'entrants',
  'permit.attendant_missing': 'attendant',
  'permit.attendant_is_entrant': 'attendant',
  'permit.responsible_person_missing': 'responsiblePerson',
  'permit.window_invalid': 'windowEnd',
  'permit.window_over': 'windowEnd',
};
