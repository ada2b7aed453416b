import type { FileObjectionBody, GradeObjection, ObjectionStatus } from '@safegrid/contracts';
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MEDIA_TYPES,
  OBJECTION_LIMITS,
  OBJECTION_STATUSES,
} from '@safegrid/contracts/values';
import { apiUrl } from '../../shell/api';

/**
 * Objections (异议) to an input of an enterprise's grade: the pure logic of the profile's
 * "提出异议" action and of the objections page — which indicators may be objected to, the form's
 * checks (problems keyed to its fields), the evidence files' checks and upload queue, status
 * colours, and the list filters in the URL. No React, no DOM.
 */

// ---- paths and URLs ----

export const OBJECTIONS_PATH = '/profile/objections';
export const OBJECTIONS_URL = '/api/profile/objections';
export const OBJECTIONS_PAGE_LIMIT = 50;

const enc = encodeURIComponent;

export const fileObjectionUrl = (enterpriseId: string) =>
  `/api/profile/enterprises/${enc(enterpriseId)}/objections`;
export const objectionUrl = (id: string) => `${OBJECTIONS_URL}/${enc(id)}`;
export const objectionEvidenceUrl = (id: string) => `${objectionUrl(id)}/evidence`;
export const evidenceFileUrl = (id: string, evidenceId: string) =>
  `${objectionEvidenceUrl(id)}/${enc(evidenceId)}`;
export const decisionUrl = (id: string) => `${objectionUrl(id)}/decision`;

/** The enterprise's pending objections (at most one per indicator, so one page holds them all). */
export const pendingObjectionsUrl = (enterpriseId: string) =>
  apiUrl(OBJECTIONS_URL, { status: 'pending', enterpriseId, limit: 100 });

// ---- which indicators may be objected to ----

/**
 * Indicators fed by the hazard lifecycle: corrected through that lifecycle (a wrong hazard is
 * withdrawn, a fixed one verified), never by an objection. Mirrors NOT_OBJECTABLE in
 * apps/server/src/profile/objections/objection.service.ts (the server refuses them with 422
 * `objection.indicator_not_objectable`); keep the two lists equal.
 */
export const NOT_OBJECTABLE: ReadonlySet<string> = new Set([
  'openHazards',
  'overdueHazards',
  'majorHazardsOpen',
  'hazardsFound12m',
]);

export const isObjectable = (indicatorId: string): boolean => !NOT_OBJECTABLE.has(indicatorId);

/** What the indicator row offers: the pending tag, the action, or nothing. */
export type IndicatorObjectionState = 'pending' | 'objectable' | 'not_objectable' | 'none';

export function indicatorObjectionState(
  indicatorId: string,
  pending: ReadonlySet<string>,
  mayObject: boolean,
): IndicatorObjectionState {
  if (pending.has(indicatorId)) return 'pending';
  if (!mayObject) return 'none';
  return isObjectable(indicatorId) ? 'objectable' : 'not_objectable';
}

/** The indicators with a pending objection, from a list of objections. */
export function pendingIndicators(objections: readonly Pick<GradeObjection, 'indicatorId' | 'status'>[]) {
  return new Set(objections.filter((o) => o.status === 'pending').map((o) => o.indicatorId));
}

// ---- the objection form ----

export const REASON_MAX = OBJECTION_LIMITS.reason;
export const NOTE_MAX = OBJECTION_LIMITS.note;
export const EVIDENCE_FILES_MAX = OBJECTION_LIMITS.evidenceFiles;
export const EVIDENCE_MAX_MB = EVIDENCE_MAX_BYTES / (1024 * 1024);
/** The contract's ceiling on a claimed value; the indicator's own maximum is checked by the server. */
export const CLAIM_MAX = 1_000_000;

export interface ObjectionFormValues {
  claimedValue: number | null;
  reason: string;
  /** How many evidence files are chosen. */
  evidenceCount: number;
}

export type ObjectionField = 'claimedValue' | 'reason' | 'evidence';

/** A problem of one field: a message key of the catalogue and its parameters. */
export interface FieldProblem {
  key:
    | 'form.required'
    | 'objections.form.claimInvalid'
    | 'objections.form.claimUnchanged'
    | 'objections.form.tooLong'
    | 'objections.form.tooManyFiles';
  params?: Record<string, number>;
}

export type FormProblems<F extends string> = Partial<Record<F, FieldProblem>>;

/**
 * The checks made before the server judges: a claimed value that is a whole number ≥ 0 and not
 * the recorded one (the indicator's maximum is not in the explanation: the server checks it), a
 * reason (≤ REASON_MAX once trimmed) and at most EVIDENCE_FILES_MAX files.
 */
export function validateObjectionForm(
  values: ObjectionFormValues,
  recordedValue: number,
): FormProblems<ObjectionField> {
  const problems: FormProblems<ObjectionField> = {};
  const claim = values.claimedValue;
  if (claim === null || Number.isNaN(claim)) problems.claimedValue = { key: 'form.required' };
  else if (!Number.isInteger(claim) || claim < 0 || claim > CLAIM_MAX)
    problems.claimedValue = { key: 'objections.form.claimInvalid' };
  else if (claim === recordedValue) problems.claimedValue = { key: 'objections.form.claimUnchanged' };
  const reason = values.reason.trim();
  if (!reason) problems.reason = { key: 'form.required' };
  else if (reason.length > REASON_MAX)
    problems.reason = { key: 'objections.form.tooLong', params: { max: REASON_MAX } };
  if (values.evidenceCount > EVIDENCE_FILES_MAX)
    problems.evidence = { key: 'objections.form.tooManyFiles', params: { max: EVIDENCE_FILES_MAX } };
  return problems;
}

/** The request body of a validated form. */
export function toFileObjectionBody(indicatorId: string, values: ObjectionFormValues): FileObjectionBody {
  return { indicatorId, claimedValue: values.claimedValue ?? 0, reason: values.reason.trim() };
}

/** The officer's note on a decision: required, at most NOTE_MAX once trimmed. */
export function validateDecisionNote(note: string): FormProblems<'note'> {
  const text = note.trim();
  if (!text) return { note: { key: 'form.required' } };
  if (text.length > NOTE_MAX) return { note: { key: 'objections.form.tooLong', params: { max: NOTE_MAX } } };
  return {};
}

/**
 * The form field a server error's path points at (["claimedValue"] → claimedValue, ["file"] →
 * evidence, ["note"] → note); undefined for the rest (e.g. indicatorId), which the form's alert shows.
 */
export function objectionFieldFor(path: readonly string[]): ObjectionField | 'note' | undefined {
  switch (path[0]) {
    case 'claimedValue':
      return 'claimedValue';
    case 'reason':
      return 'reason';
    case 'file':
      return 'evidence';
    case 'note':
      return 'note';
    default:
      return undefined;
  }
}

// ---- evidence files ----

const ACCEPTED_IMAGES = new Set<string>(EVIDENCE_MEDIA_TYPES.filter((t) => t.startsWith('image/')));
const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The file's type as declared, or guessed from its name when the browser declares none. */
export function declaredType(file: { type: string; name: string }): string {
  if (file.type) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[ext] ?? '';
}

/**
 * How a chosen file is sent: as it is (a PDF or an accepted image within the size limit — a
 * scanned certificate stays legible), compressed on the device first (a larger photo, or an image
 * type the server does not take, e.g. HEIC), or refused here.
 */
export type EvidencePlan = 'send' | 'compress' | 'too_large' | 'unsupported';

export function evidencePlan(file: { type: string; name: string; size: number }): EvidencePlan {
  const type = declaredType(file);
  if (type === 'application/pdf') return file.size <= EVIDENCE_MAX_BYTES ? 'send' : 'too_large';
  if (ACCEPTED_IMAGES.has(type))
    return file.size > 0 && file.size <= EVIDENCE_MAX_BYTES ? 'send' : 'compress';
  if (type.startsWith('image/')) return 'compress';
  return 'unsupported';
}

/** The `accept` attribute of the evidence picker. */
export const EVIDENCE_ACCEPT = [
  ...EVIDENCE_MEDIA_TYPES,
  '.pdf',
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  'image/*',
].join(',');

export type EvidenceStatus = 'waiting' | 'preparing' | 'uploading' | 'done' | 'failed';

/** One chosen file on its way to the server. */
export interface EvidenceItem<F = unknown, E = unknown> {
  key: string;
  file: F;
  name: string;
  size: number;
  plan: 'send' | 'compress';
  status: EvidenceStatus;
  /** The failure (a server problem, or 'unreadable' when the image could not be compressed). */
  error?: unknown;
  /** What the server stored. */
  evidence?: E;
}

export interface RefusedFile {
  name: string;
  reason: 'unsupported' | 'too_large' | 'limit';
}

/**
 * Adds chosen files to the list: each refused here when its type or size will not do, or when
 * the objection would have more than EVIDENCE_FILES_MAX files (`stored` are already on the server).
 */
export function addEvidenceFiles<F extends { type: string; name: string; size: number }, E = unknown>(
  items: readonly EvidenceItem<F, E>[],
  files: readonly F[],
  stored: number,
  newKey: () => string,
): { items: EvidenceItem<F, E>[]; refused: RefusedFile[] } {
  const next = [...items];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const plan = evidencePlan(file);
    if (plan === 'unsupported' || plan === 'too_large') {
      refused.push({ name: file.name, reason: plan });
      continue;
    }
    if (stored + next.length >= EVIDENCE_FILES_MAX) {
      refused.push({ name: file.name, reason: 'limit' });
      continue;
    }
    next.push({ key: newKey(), file, name: file.name, size: file.size, plan, status: 'waiting' });
  }
  return { items: next, refused };
}

/** The next file to upload, one at a time: none while one is on its way. */
export function nextUpload<T extends EvidenceItem>(items: readonly T[]): T | undefined {
  if (items.some((i) => i.status === 'preparing' || i.status === 'uploading')) return undefined;
  return items.find((i) => i.status === 'waiting');
}

export function updateItem<T extends EvidenceItem>(items: readonly T[], key: string, patch: Partial<T>): T[] {
  return items.map((i) => (i.key === key ? { ...i, ...patch } : i));
}

/** A failed upload goes back in the queue. */
export const retryItem = <T extends EvidenceItem>(items: readonly T[], key: string): T[] =>
  updateItem(items, key, { status: 'waiting', error: undefined } as Partial<T>);

export interface UploadSummary {
  total: number;
  done: number;
  failed: number;
  /** Still to go (waiting, preparing or uploading). */
  busy: boolean;
}

export function uploadSummary(items: readonly EvidenceItem[]): UploadSummary {
  return {
    total: items.length,
    done: items.filter((i) => i.status === 'done').length,
    failed: items.filter((i) => i.status === 'failed').length,
    busy: items.some((i) => i.status === 'waiting' || i.status === 'preparing' || i.status === 'uploading'),
  };
}

export const isImageMedia = (mediaType: string): boolean => mediaType.startsWith('image/');

/** A file size for people: "820 KB", "1.4 MB" (KB rounded up, so a small file is never "0 KB"). */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---- statuses ----

/** Tag colours (antd presets): pending waits on the officer, accepted changed the grade. */
export const STATUS_COLORS: Readonly<Record<ObjectionStatus, string>> = {
  pending: 'gold',
  accepted: 'green',
  rejected: 'default',
};

export const statusColor = (status: ObjectionStatus): string => STATUS_COLORS[status];

/** Only a pending objection is decided, and only by a reviewer. */
export const mayDecide = (objection: Pick<GradeObjection, 'status'>, mayReview: boolean): boolean =>
  mayReview && objection.status === 'pending';

/** The enterprise may add evidence to its pending objection while it has fewer than the limit. */
export const mayAddEvidence = (
  objection: Pick<GradeObjection, 'status' | 'evidence'>,
  mayObject: boolean,
): boolean => mayObject && objection.status === 'pending' && objection.evidence.length < EVIDENCE_FILES_MAX;

// ---- list filters (in the URL) ----

export type StatusFilter = ObjectionStatus | 'all';

export interface ObjectionFilters {
  status: StatusFilter;
  /** One enterprise's objections only (from its profile). */
  enterpriseId: string | null;
}

const ID_RE = /^[1-9][0-9]{0,17}$/;
const isStatusFilter = (value: string | null): value is StatusFilter =>
  value === 'all' || (OBJECTION_STATUSES as readonly string[]).includes(value ?? '');

export interface ObjectionFilterCodec {
  /** The status shown when the URL names none. */
  defaultStatus: StatusFilter;
  parse(search: URLSearchParams): ObjectionFilters;
  /** Only what differs from the defaults, in a fixed order. */
  toSearch(filters: ObjectionFilters): URLSearchParams;
}

function filterCodec(defaultStatus: StatusFilter): ObjectionFilterCodec {
  return {
    defaultStatus,
    parse(search) {
      const status = search.get('status');
      const enterpriseId = (search.get('enterpriseId') ?? '').trim();
      return {
        status: isStatusFilter(status) ? status : defaultStatus,
        enterpriseId: ID_RE.test(enterpriseId) ? enterpriseId : null,
      };
    },
    toSearch(filters) {
      const search = new URLSearchParams();
      if (filters.status !== defaultStatus) search.set('status', filters.status);
      if (filters.enterpriseId) search.set('enterpriseId', filters.enterpriseId);
      return search;
    },
  };
}

/**
 * The filters of the objections page: officers who decide start on the pending ones, everyone
 * else (an enterprise following its own) on all of them. Module-level, so their identities are stable.
 */
export const REVIEWER_FILTERS = filterCodec('pending');
export const READER_FILTERS = filterCodec('all');

export const filterCodecFor = (mayReview: boolean): ObjectionFilterCodec =>
  mayReview ? REVIEWER_FILTERS : READER_FILTERS;

/** The API URL of the page after `cursor` (null: the first page). */
export const objectionsPageUrl = (filters: ObjectionFilters, cursor: string | null): string =>
  apiUrl(OBJECTIONS_URL, {
    status: filters.status === 'all' ? undefined : filters.status,
    enterpriseId: filters.enterpriseId,
    cursor,
    limit: OBJECTIONS_PAGE_LIMIT,
  });

/** A link to the objections page with these filters, whatever the reader's defaults. */
export function objectionsPagePath(filters: Partial<ObjectionFilters>): string {
  const search = new URLSearchParams();
  if (filters.status) search.set('status', filters.status);
  if (filters.enterpriseId) search.set('enterpriseId', filters.enterpriseId);
  const qs = search.toString();
  return qs ? `${OBJECTIONS_PATH}?${qs}` : OBJECTIONS_PATH;
}

/** A decided objection replaces its row in the loaded list. */
export const replaceObjection = (
  items: readonly GradeObjection[],
  updated: GradeObjection,
): GradeObjection[] => items.map((o) => (o.id === updated.id ? updated : o));
