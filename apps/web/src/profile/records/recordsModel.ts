import type {
  EnterpriseProfile,
  ProfileImportBody,
  RiskTag,
  RiskTagsDeclaration,
  SafetyManagementDeclaration,
} from '@safegrid/contracts';
import {
  PROFILE_IMPORT_KINDS,
  PROFILE_IMPORT_LIMITS,
  RISK_TAGS,
  SAFETY_MANAGEMENT_LIMITS,
} from '@safegrid/contracts/values';
import type { LocalisedField } from '../../shell/problem';

/**
 * Profile records' pure logic: the import page (kinds and their fields, examples, reading the
 * pasted or uploaded JSON, the refused batch's problems as table rows) and the enterprise's two
 * declaration forms (values, checks, bodies, where a server problem belongs). No React, no DOM.
 */

// ---- paths and URLs ----

export const IMPORTS_PATH = '/profile/imports';
export const IMPORTS_URL = '/api/profile/imports';
const enterpriseUrl = (id: string) => `/api/profile/enterprises/${encodeURIComponent(id)}`;
export const safetyManagementUrl = (enterpriseId: string) =>
  `${enterpriseUrl(enterpriseId)}/safety-management`;
export const riskTagsUrl = (enterpriseId: string) => `${enterpriseUrl(enterpriseId)}/risk-tags`;

// ---- kinds and their fields ----

export type ImportKind = (typeof PROFILE_IMPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (PROFILE_IMPORT_KINDS as readonly string[]).includes(value);
}

export interface KindField {
  name: string;
  required: boolean;
}

const field = (name: string, required = true): KindField => ({ name, required });

/** Each kind's fields in the order the API documents them (ProfileImportBody's records). */
export const KIND_FIELDS: Readonly<Record<ImportKind, readonly KindField[]>> = {
  accidents: [
    field('creditCode'),
    field('occurredOn'),
    field('severity'),
    field('deaths'),
    field('injuries'),
    field('description'),
    field('sourceRef', false),
  ],
  credit_records: [
    field('creditCode'),
    field('kind'),
    field('recordedOn'),
    field('expiresOn', false),
    field('authority'),
    field('description'),
  ],
  penalties: [
    field('creditCode'),
    field('kind'),
    field('decidedOn'),
    field('amountYuan', false),
    field('description'),
    field('sourceRef', false),
  ],
  drills: [field('creditCode'), field('heldOn'), field('description')],
};

/** A made-up enterprise's credit code, well-formed (its GB 32100 check character is right). */
export const EXAMPLE_CREDIT_CODE = '91440300MA5EXAMPLA';

/** One example record of a kind (a made-up enterprise; dates in the year before `today`'s). */
export function exampleRecords(kind: ImportKind, today: string): Record<string, unknown>[] {
  const year = Number(today.slice(0, 4)) - 1;
  const creditCode = EXAMPLE_CREDIT_CODE;
  switch (kind) {
    case 'accidents':
      return [
        {
          creditCode,
          occurredOn: `${year}-10-12`,
          severity: 'minor_injury',
          deaths: 0,
          injuries: 1,
          description: '冲压作业时手指轻伤',
          sourceRef: `SZ-AJ-${year}-001`,
        },
      ];
    case 'credit_records':
      return [
        {
          creditCode,
          kind: 'adverse',
          recordedOn: `${year}-05-01`,
          expiresOn: `${year + 1}-05-01`,
          authority: '深圳市应急管理局',
          description: '未按规定开展安全生产教育培训',
        },
      ];
    case 'penalties':
      return [
        {
          creditCode,
          kind: 'penalty',
          decidedOn: `${year}-12-01`,
          amountYuan: 20000,
          description: '未按规定设置安全警示标志',
          sourceRef: `深应急罚〔${year}〕12号`,
        },
      ];
    case 'drills':
      return [{ creditCode, heldOn: `${year}-09-15`, description: '消防疏散综合演练' }];
  }
}

// ---- reading the batch ----

export type BatchParse =
  | { ok: true; records: unknown[]; kind: ImportKind | null }
  | {
      ok: false;
      error:
        | 'records.json.empty'
        | 'records.json.invalid'
        | 'records.json.shape'
        | 'records.json.kindUnknown'
        | 'records.json.none'
        | 'records.json.tooMany';
      detail?: string;
    };

/**
 * What was pasted or uploaded: a JSON array of records, or an object `{ kind?, records }` (the
 * request body itself, a kind in it names the kind). At most PROFILE_IMPORT_LIMITS.records.
 */
export function parseBatch(text: string): BatchParse {
  if (text.trim() === '') return { ok: false, error: 'records.json.empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: 'records.json.invalid', detail: (error as Error).message };
  }
  let records: unknown;
  let kind: ImportKind | null = null;
  if (Array.isArray(value)) records = value;
  else if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { records?: unknown }).records)
  ) {
    const body = value as { kind?: unknown; records: unknown[] };
    if (body.kind !== undefined) {
      if (!isImportKind(body.kind))
        return { ok: false, error: 'records.json.kindUnknown', detail: String(body.kind) };
      kind = body.kind;
    }
    records = body.records;
  } else return { ok: false, error: 'records.json.shape' };
  const list = records as unknown[];
  if (list.length === 0) return { ok: false, error: 'records.json.none' };
  if (list.length > PROFILE_IMPORT_LIMITS.records) return { ok: false, error: 'records.json.tooMany' };
  return { ok: true, records: list, kind };
}

export function importBody(
  kind: ImportKind,
  records: readonly unknown[],
  dryRun: boolean,
): ProfileImportBody {
  return { kind, records: [...records], dryRun };
}

// ---- a refused batch ----

export interface RecordProblemRow {
  key: string;
  /** 1-based, as people count rows; null for a problem of the batch itself. */
  record: number | null;
  /** The record's credit code as sent, when it has one. */
  creditCode: string | null;
  /** The field the problem is about; '' for the whole record. */
  field: string;
  code: string;
  message: string;
}

/**
 * The localised problems of a 422 as rows: /body/records/<index>/<field> → record index + 1 and
 * the field, with the record's credit code (from the records sent) to find it by; record order.
 */
export function problemRows(
  fields: readonly Pick<LocalisedField, 'path' | 'code' | 'message'>[],
  records: readonly unknown[],
): RecordProblemRow[] {
  const rows = fields.map((f, order) => {
    const index = f.path[0] === 'records' && /^\d+$/.test(f.path[1] ?? '') ? Number(f.path[1]) : null;
    const sent = index === null ? undefined : records[index];
    const code =
      typeof sent === 'object' &&
      sent !== null &&
      typeof (sent as { creditCode?: unknown }).creditCode === 'string'
        ? (sent as { creditCode: string }).creditCode
        : null;
    return {
      order,
      row: {
        key: `${order}`,
        record: index === null ? null : index + 1,
        creditCode: code,
        field: index === null ? f.path.join('/') : f.path.slice(2).join('/'),
        code: f.code,
        message: f.message,
      },
    };
  });
  return rows
    .sort((a, b) => (a.row.record ?? -1) - (b.row.record ?? -1) || a.order - b.order)
    .map(({ row }) => row);
}

/** How many records the rows name (distinct), for the summary line. */
export function recordsWithProblems(rows: readonly RecordProblemRow[]): number {
  return new Set(rows.filter((r) => r.record !== null).map((r) => r.record)).size;
}

// ---- declaring safety management ----

export interface SafetyFormValues {
  emergencyPlanFiled: boolean;
  safetyOfficers: number | null;
  trainingCoveragePercent: number | null;
  certificatesComplete: boolean;
  standardisationLevel: number | null;
}

export type SafetyFormError = 'form.required' | 'records.safety.wholeNumber' | 'records.safety.range';

/** The form, filled with what is recorded (from any source) or empty for a first declaration. */
export function safetyFormFrom(recorded: EnterpriseProfile['safetyManagement']): SafetyFormValues {
  if (!recorded) {
    return {
      emergencyPlanFiled: false,
      safetyOfficers: null,
      trainingCoveragePercent: null,
      certificatesComplete: false,
      standardisationLevel: 0,
    };
  }
  return {
    emergencyPlanFiled: recorded.emergencyPlanFiled,
    safetyOfficers: recorded.safetyOfficers,
    trainingCoveragePercent: recorded.trainingCoveragePercent,
    certificatesComplete: recorded.certificatesComplete,
    standardisationLevel: recorded.standardisationLevel,
  };
}

/** The whole-number fields' ranges (the table's CHECKs). */
export const SAFETY_RANGES = {
  safetyOfficers: { min: 0, max: SAFETY_MANAGEMENT_LIMITS.safetyOfficers },
  trainingCoveragePercent: { min: 0, max: SAFETY_MANAGEMENT_LIMITS.trainingCoveragePercent },
  standardisationLevel: { min: 0, max: SAFETY_MANAGEMENT_LIMITS.standardisationLevel },
} as const;

type RangedField = keyof typeof SAFETY_RANGES;

export function validateSafetyForm(values: SafetyFormValues): Partial<Record<RangedField, SafetyFormError>> {
  const errors: Partial<Record<RangedField, SafetyFormError>> = {};
  for (const name of Object.keys(SAFETY_RANGES) as RangedField[]) {
    const value = values[name];
    const { min, max } = SAFETY_RANGES[name];
    if (value === null || value === undefined || Number.isNaN(value)) errors[name] = 'form.required';
    else if (!Number.isInteger(value)) errors[name] = 'records.safety.wholeNumber';
    else if (value < min || value > max) errors[name] = 'records.safety.range';
  }
  return errors;
}

/** The request body of a validated form. */
export function toSafetyBody(values: SafetyFormValues): SafetyManagementDeclaration {
  return {
    emergencyPlanFiled: values.emergencyPlanFiled === true,
    safetyOfficers: values.safetyOfficers ?? 0,
    trainingCoveragePercent: values.trainingCoveragePercent ?? 0,
    certificatesComplete: values.certificatesComplete === true,
    standardisationLevel: values.standardisationLevel ?? 0,
  };
}

const SAFETY_FIELDS = new Set<string>([
  'emergencyPlanFiled',
  'safetyOfficers',
  'trainingCoveragePercent',
  'certificatesComplete',
  'standardisationLevel',
]);

/** The form field a server problem's path points at (["safetyOfficers"] → safetyOfficers). */
export function safetyFieldFor(path: readonly string[]): keyof SafetyFormValues | undefined {
  const name = path[0];
  return name !== undefined && SAFETY_FIELDS.has(name) ? (name as keyof SafetyFormValues) : undefined;
}

// ---- declaring risk tags ----

type RecordedTag = EnterpriseProfile['riskTags'][number];

export interface RiskTagsForm {
  /** The enterprise's own (declared) tags: what the form edits. */
  declared: RiskTag[];
  /** Tags another source recorded: shown checked, not editable here. */
  locked: RecordedTag[];
}

export function riskTagsFormFrom(recorded: readonly RecordedTag[]): RiskTagsForm {
  return {
    declared: recorded.filter((t) => t.source === 'declared').map((t) => t.tag),
    locked: recorded.filter((t) => t.source !== 'declared'),
  };
}

/** The declaration: the chosen tags, known ones only, each once, in the vocabulary's order. */
export function toRiskTagsBody(chosen: readonly string[]): RiskTagsDeclaration {
  const set = new Set(chosen);
  return { tags: RISK_TAGS.filter((tag) => set.has(tag)) };
}
