import type {
  IssueOfficialDocument,
  MatchFindingResult,
  ProvisionMatch,
  RectificationOrderContent,
} from '@safegrid/contracts';
import type { LocalisedField } from '../../shell/problem';
import { NO_CALENDAR, isWorkingDay, type WorkingDayCalendar } from '../calendar/workingDayModel';

/**
 * The 责令限期整改指令书 (rectification order) form: its values, the request it sends, the dates it
 * allows, where the server's field errors go, the provision a matcher suggestion fills in, and
 * what the clause matcher hands over. Pure: no React, no antd, no dayjs.
 */

import { DOCUMENT_LIMITS } from '@safegrid/contracts/values';
export { DOCUMENT_LIMITS };

export const RECTIFICATION_ORDER = 'rectification_order';

export interface FindingValues {
  description: string;
  provision: string;
}

export interface OfficerValues {
  name: string;
  certificateNo: string;
}

/** The form's values; dates are `YYYY-MM-DD` strings ('' when not chosen). */
export interface DocumentFormValues {
  enterpriseId: string | undefined;
  findings: FindingValues[];
  deadline: string;
  legalBasis: string;
  appeal: { government: string; agency: string; court: string };
  inspectors: [OfficerValues, OfficerValues];
  date: string;
}

// ---- dates (China Standard Time, UTC+8, no daylight saving) ----

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Today's calendar date in China, whatever the device's time zone. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A real calendar date `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Saturday or Sunday (whatever the holiday calendar says; deadlines use `isWorkingDay`). */
export function isWeekend(date: string): boolean {
  if (!isCalendarDate(date)) return false;
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * A deadline the server takes: a working day by the holiday calendar loaded for its year (weekends
 * only when none is), not before today nor before the document date.
 */
export function deadlineSelectable(
  date: string,
  today: string,
  documentDate?: string,
  calendar: WorkingDayCalendar = NO_CALENDAR,
): boolean {
  if (!isCalendarDate(date) || date < today || !isWorkingDay(calendar, date)) return false;
  return !documentDate || !isCalendarDate(documentDate) || date >= documentDate;
}

/** A document date the server takes: today or earlier. */
export function documentDateSelectable(date: string, today: string): boolean {
  return isCalendarDate(date) && date <= today;
}

// ---- the form ----

export const emptyFinding = (): FindingValues => ({ description: '', provision: '' });

/** What the clause matcher hands to the form: one finding and the provision it violates. */
export interface MatcherHandoff {
  description: string;
  provision: string;
}

/**
 * A fresh form: document date today (China), the signed-in officer as the first of the two
 * officers, one finding row (from the matcher when it handed one over). No legal wording is
 * filled in: the basis and the appeal venues stay blank for the officer.
 */
export function initialDocumentForm(
  today: string,
  displayName: string,
  options: { enterpriseId?: string | null; handoff?: MatcherHandoff | null } = {},
): DocumentFormValues {
  const handoff = options.handoff;
  return {
    enterpriseId: options.enterpriseId || undefined,
    findings: [handoff ? { description: handoff.description, provision: handoff.provision } : emptyFinding()],
    deadline: '',
    legalBasis: '',
    appeal: { government: '', agency: '', court: '' },
    inspectors: [
      { name: [...displayName.trim()].slice(0, DOCUMENT_LIMITS.name).join(''), certificateNo: '' },
      { name: '', certificateNo: '' },
    ],
    date: today,
  };
}

/**
 * The form after a document was issued, ready for the next one: the same officers, appeal
 * venues and document date; a new unit, findings, deadline and basis.
 */
export function nextDocumentForm(previous: DocumentFormValues): DocumentFormValues {
  return {
    enterpriseId: undefined,
    findings: [emptyFinding()],
    deadline: '',
    legalBasis: '',
    appeal: { ...previous.appeal },
    inspectors: [{ ...previous.inspectors[0] }, { ...previous.inspectors[1] }],
    date: previous.date,
  };
}

/** Multi-line text as the server keeps it: CR LF → LF, blank ends and trailing blanks gone. */
function block(value: string | undefined): string {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\s+|\s+$/g, '');
}

const line = (value: string | undefined) => (value ?? '').trim();

export function toRectificationOrder(values: DocumentFormValues): RectificationOrderContent {
  return {
    findings: values.findings.map((f) => ({
      description: block(f.description),
      provision: line(f.provision),
    })),
    deadline: values.deadline,
    legalBasis: block(values.legalBasis),
    appeal: {
      government: line(values.appeal.government),
      agency: line(values.appeal.agency),
      court: line(values.appeal.court),
    },
    inspectors: values.inspectors.map((o) => ({ name: line(o.name), certificateNo: line(o.certificateNo) })),
    date: values.date,
  };
}

export function toIssueRequest(values: DocumentFormValues): IssueOfficialDocument {
  return {
    docType: RECTIFICATION_ORDER,
    enterpriseId: values.enterpriseId ?? '',
    content: toRectificationOrder(values) as unknown as IssueOfficialDocument['content'],
  };
}

// ---- server field errors onto the form ----

/** A form field's name as antd's Form takes it. */
export type FieldName = (string | number)[];

const TOP_FIELDS = new Set(['deadline', 'legalBasis', 'date']);
const FINDING_KEYS = new Set(['description', 'provision']);
const OFFICER_KEYS = new Set(['name', 'certificateNo']);
const APPEAL_KEYS = new Set(['government', 'agency', 'court']);

const index = (segment: string | undefined, max: number): number | undefined =>
  segment !== undefined && /^(0|[1-9][0-9]?)$/.test(segment) && Number(segment) < max
    ? Number(segment)
    : undefined;

/**
 * The form field a problem's path (the JSON pointer below `/body`) points at, e.g.
 * ["content", "findings", "0", "description"] → ["findings", 0, "description"];
 * ["content", "findings"] → ["findings"] (the list); undefined when no field shows it.
 */
export function documentFieldFor(path: readonly string[]): FieldName | undefined {
  if (path.length === 1 && path[0] === 'enterpriseId') return ['enterpriseId'];
  if (path[0] !== 'content') return undefined;
  const [, first, second, third] = path;
  const rest = path.length - 1;
  if (rest === 1 && first !== undefined && TOP_FIELDS.has(first)) return [first];
  if (first === 'findings') {
    if (rest === 1) return ['findings'];
    const i = index(second, DOCUMENT_LIMITS.findings);
    if (i === undefined) return undefined;
    if (rest === 3 && third !== undefined && FINDING_KEYS.has(third)) return ['findings', i, third];
    return undefined;
  }
  if (first === 'appeal' && rest === 2 && second !== undefined && APPEAL_KEYS.has(second)) {
    return ['appeal', second];
  }
  if (first === 'inspectors') {
    const i = index(second, 2);
    if (i !== undefined && rest === 3 && third !== undefined && OFFICER_KEYS.has(third)) {
      return ['inspectors', i, third];
    }
  }
  return undefined;
}

/** Problem codes that, without field errors, belong to one field. */
const CODE_FIELDS: Readonly<Record<string, FieldName>> = {
  // The only resource the issuing request names is the enterprise (out of scope or unknown).
  'resource.not_found': ['enterpriseId'],
  'document.findings_empty': ['findings'],
  'document.deadline_in_past': ['deadline'],
  'deadline.not_working_day': ['deadline'],
  'document.date_in_future': ['date'],
};

export interface AssignedErrors {
  byField: { name: FieldName; errors: string[] }[];
  /** Messages no field can show (listed under the problem's own message). */
  unassigned: string[];
}

/** Server field errors onto the form's fields, several per field kept in order. */
export function assignDocumentErrors(
  code: string,
  message: string,
  fields: readonly LocalisedField[],
): AssignedErrors {
  const byKey = new Map<string, { name: FieldName; errors: string[] }>();
  const unassigned: string[] = [];
  const add = (name: FieldName, text: string) => {
    const key = JSON.stringify(name);
    const entry = byKey.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byKey.set(key, entry);
  };
  for (const f of fields) {
    const name = documentFieldFor(f.path);
    if (name) add(name, f.message);
    else unassigned.push(f.message);
  }
  const codeField = CODE_FIELDS[code];
  if (fields.length === 0 && codeField) add(codeField, message);
  return { byField: [...byKey.values()], unassigned };
}

// ---- the clause matcher's suggestions ----

/** "A、B": labels trimmed, repeats and empty ones dropped. */
function joinLabels(labels: readonly string[]): string {
  return [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))].join('、');
}

/**
 * The provision a suggestion fills in: the form says "违反…", so it is the obligations violated
 * (`violated`), joined by "、"; a suggestion without them is itself the provision.
 */
export function provisionFromSuggestion(match: Pick<ProvisionMatch, 'label' | 'violated'>): string {
  return joinLabels(match.violated.map((v) => v.label)) || match.label.trim();
}

/** The first characters of a provision's text for a suggestion list. */
export function shortText(text: string, max = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** Router state key under which the matcher hands a finding to the issuing page. */
export const HANDOFF_STATE_KEY = 'documentHandoff';

/**
 * What "用于责令限期整改指令书" carries from the matcher: the finding as typed and the first
 * suggestion's provision — only when the result is for that finding (not stale). Null when the
 * finding is blank.
 */
export function handoffFromMatcher(
  finding: string,
  result: MatchFindingResult | null,
): MatcherHandoff | null {
  const description = block(finding);
  if (description === '') return null;
  const fresh = result !== null && result.finding.trim() === finding.trim();
  const first = fresh ? result.provisions[0] : undefined;
  return { description, provision: first ? provisionFromSuggestion(first) : '' };
}

/** The router state to navigate with. */
export function handoffState(handoff: MatcherHandoff): Record<string, MatcherHandoff> {
  return { [HANDOFF_STATE_KEY]: handoff };
}

/** The handoff from the router state (anything else, e.g. a stale or foreign state, is null). */
export function readHandoff(state: unknown): MatcherHandoff | null {
  if (typeof state !== 'object' || state === null) return null;
  const value = (state as Record<string, unknown>)[HANDOFF_STATE_KEY];
  if (typeof value !== 'object' || value === null) return null;
  const { description, provision } = value as Record<string, unknown>;
  if (typeof description !== 'string' || description.trim() === '') return null;
  return { description, provision: typeof provision === 'string' ? provision : '' };
}

// ---- verification codes ----

/** A typed or pasted verification code: blanks removed, lower case. */
export function normaliseVerificationCode(input: string): string {
  return input.replace(/\s+/g, '').toLowerCase();
}

/** Codes are the first 16 hex digits of a SHA-256. */
export function isVerificationCode(code: string): boolean {
  return /^[0-9a-f]{16}$/.test(code);
}
