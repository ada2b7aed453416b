import { checkCreditCode, normaliseCreditCode } from '@safegrid/contracts';
import {
  ACCIDENT_SEVERITIES,
  CREDIT_RECORD_KINDS,
  PENALTY_KINDS,
  PROFILE_RECORD_TEXT_LIMITS,
  type PROFILE_IMPORT_KINDS,
} from '@safegrid/contracts/values';
import type { FieldProblem } from '../../errors';

/**
 * The pure check of imported profile records: every field of every record, each problem with the
 * record's index, a JSON pointer to the field and a stable code (the request schema's `schema.*`
 * codes where they fit, `profile_import.*` otherwise). No database: whether the enterprise exists
 * (in the caller's scope) and whether a record is already stored are the service's part.
 */

export type ImportKind = (typeof PROFILE_IMPORT_KINDS)[number];

/** A record as it is written: texts trimmed, the credit code normalised, null for what was left out. */
export interface CleanRecordOf {
  accidents: {
    creditCode: string;
    occurredOn: string;
    severity: (typeof ACCIDENT_SEVERITIES)[number];
    deaths: number;
    injuries: number;
    description: string;
    sourceRef: string | null;
  };
  credit_records: {
    creditCode: string;
    kind: (typeof CREDIT_RECORD_KINDS)[number];
    recordedOn: string;
    expiresOn: string | null;
    authority: string;
    description: string;
  };
  penalties: {
    creditCode: string;
    kind: (typeof PENALTY_KINDS)[number];
    decidedOn: string;
    amountYuan: number | null;
    description: string;
    sourceRef: string | null;
  };
  drills: { creditCode: string; heldOn: string; description: string };
}
export type CleanRecord = CleanRecordOf[ImportKind];

type Spec =
  | { type: 'creditCode' }
  /** `past`: not after today. */
  | { type: 'date'; past: boolean; optional?: true }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'count'; max: number }
  /** `multiline`: line breaks and tabs are allowed (descriptions). */
  | { type: 'text'; max: number; multiline: boolean; optional?: true }
  | { type: 'amount'; optional: true };

const L = PROFILE_RECORD_TEXT_LIMITS;
/** numeric(14, 2). */
export const AMOUNT_MAX = 999_999_999_999.99;
const description = (max: number): Spec => ({ type: 'text', max, multiline: true });
const sourceRef: Spec = { type: 'text', max: L.sourceRef, multiline: false, optional: true };

/** Each kind's fields, in the order problems are reported. */
export const RECORD_FIELDS: { readonly [K in ImportKind]: Readonly<Record<keyof CleanRecordOf[K], Spec>> } = {
  accidents: {
    creditCode: { type: 'creditCode' },
    occurredOn: { type: 'date', past: true },
    severity: { type: 'enum', values: ACCIDENT_SEVERITIES },
    deaths: { type: 'count', max: 1000 },
    injuries: { type: 'count', max: 10000 },
    description: description(L.description),
    sourceRef,
  },
  credit_records: {
    creditCode: { type: 'creditCode' },
    kind: { type: 'enum', values: CREDIT_RECORD_KINDS },
    recordedOn: { type: 'date', past: true },
    expiresOn: { type: 'date', past: false, optional: true },
    authority: { type: 'text', max: L.authority, multiline: false },
    description: description(L.description),
  },
  penalties: {
    creditCode: { type: 'creditCode' },
    kind: { type: 'enum', values: PENALTY_KINDS },
    decidedOn: { type: 'date', past: true },
    amountYuan: { type: 'amount', optional: true },
    description: description(L.description),
    sourceRef,
  },
  drills: {
    creditCode: { type: 'creditCode' },
    heldOn: { type: 'date', past: true },
    description: description(L.drillDescription),
  },
};

/** The date fields of a kind that may not lie after today. */
export function pastDateFields(kind: ImportKind): string[] {
  return Object.entries(RECORD_FIELDS[kind] as Record<string, Spec>)
    .filter(([, spec]) => spec.type === 'date' && spec.past)
    .map(([name]) => name);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Control characters (C0, DEL): PostgreSQL cannot store U+0000 and nobody means to import the
 * others; descriptions may keep line breaks and tabs.
 */
export function hasControlCharacters(text: string, multiline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7f) return true;
    if (c < 0x20 && !(multiline && (c === 0x09 || c === 0x0a || c === 0x0d))) return true;
  }
  return false;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Characters as PostgreSQL counts them (code points, not UTF-16 units). */
const charCount = (text: string) => [...text].length;

/** RFC 6901: "~" → "~0", "/" → "~1". */
const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export const recordPointer = (index: number, field?: string) =>
  field === undefined ? `/body/records/${index}` : `/body/records/${index}/${escapePointer(field)}`;

type Checked =
  { ok: true; value: unknown } | { ok: false; code: string; params?: Record<string, string | number> };

function checkField(spec: Spec, present: boolean, raw: unknown, today: string): Checked {
  const optional = 'optional' in spec && spec.optional === true;
  if (!present || raw === null) {
    if (optional) return { ok: true, value: null };
    return present ? { ok: false, code: 'schema.type' } : { ok: false, code: 'schema.required' };
  }
  switch (spec.type) {
    case 'creditCode': {
      if (typeof raw !== 'string') return { ok: false, code: 'schema.type', params: { type: 'string' } };
      const code = normaliseCreditCode(raw);
      const reason = checkCreditCode(code);
      if (reason) {
        return {
          ok: false,
          code: 'enterprise.credit_code_invalid',
          params: { value: raw.slice(0, 40), reason },
        };
      }
      return { ok: true, value: code };
    }
    case 'date': {
      if (typeof raw !== 'string') return { ok: false, code: 'schema.type', params: { type: 'string' } };
      if (!isCalendarDate(raw)) return { ok: false, code: 'schema.format', params: { format: 'date' } };
      if (spec.past && raw > today) return { ok: false, code: 'profile_import.date_in_future' };
      return { ok: true, value: raw };
    }
    case 'enum':
      return typeof raw === 'string' && spec.values.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, code: 'schema.enum' };
    case 'count': {
      if (typeof raw !== 'number' || !Number.isInteger(raw))
        return { ok: false, code: 'schema.type', params: { type: 'integer' } };
      if (raw < 0) return { ok: false, code: 'schema.minimum', params: { limit: 0 } };
      if (raw > spec.max) return { ok: false, code: 'schema.maximum', params: { limit: spec.max } };
      return { ok: true, value: raw };
    }
    case 'text': {
      if (typeof raw !== 'string') return { ok: false, code: 'schema.type', params: { type: 'string' } };
      const text = raw.trim();
      if (text === '') return optional ? { ok: true, value: null } : { ok: false, code: 'schema.minLength' };
      if (hasControlCharacters(text, spec.multiline))
        return { ok: false, code: 'profile_import.control_characters' };
      if (charCount(text) > spec.max)
        return { ok: false, code: 'schema.maxLength', params: { limit: spec.max } };
      return { ok: true, value: text };
    }
    case 'amount': {
      if (typeof raw !== 'number' || !Number.isFinite(raw))
        return { ok: false, code: 'schema.type', params: { type: 'number' } };
      if (raw < 0) return { ok: false, code: 'schema.minimum', params: { limit: 0 } };
      // At most two decimals (numeric(14, 2) would round the rest away silently).
      if (raw > AMOUNT_MAX || Number(raw.toFixed(2)) !== raw)
        return { ok: false, code: 'profile_import.amount_invalid' };
      return { ok: true, value: raw };
    }
  }
}

export interface RecordCheck<K extends ImportKind> {
  /** The clean record when the record has no problem. */
  record: CleanRecordOf[K] | null;
  problems: FieldProblem[];
}

/**
 * One record: every field against its kind's shape (unknown fields refused, so a misspelt column
 * is reported rather than dropped), then the rules across fields — fatal ⇔ deaths > 0 (as
 * `recordAccident`), a credit record's expiry after its date. `today` is YYYY-MM-DD (Shenzhen).
 */
export function validateImportRecord<K extends ImportKind>(
  kind: K,
  raw: unknown,
  index: number,
  today: string,
): RecordCheck<K> {
  const problems: FieldProblem[] = [];
  const fail = (field: string | undefined, code: string, params: Record<string, string | number> = {}) =>
    problems.push({ pointer: recordPointer(index, field), code, params: { index, ...params } });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(undefined, 'schema.type', { type: 'object' });
    return { record: null, problems };
  }
  const input = raw as Record<string, unknown>;
  const specs = RECORD_FIELDS[kind] as Readonly<Record<string, Spec>>;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(specs, key)) fail(key, 'schema.additionalProperties', { property: key.slice(0, 60) });
  }
  const clean: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const present = Object.hasOwn(input, name) && input[name] !== undefined;
    const checked = checkField(spec, present, present ? input[name] : undefined, today);
    if (checked.ok) clean[name] = checked.value;
    else fail(name, checked.code, checked.params);
  }
  if (kind === 'accidents' && typeof clean['severity'] === 'string' && typeof clean['deaths'] === 'number') {
    if ((clean['severity'] === 'fatal') !== clean['deaths'] > 0) fail('deaths', 'accident.deaths_mismatch');
  }
  if (
    kind === 'credit_records' &&
    typeof clean['recordedOn'] === 'string' &&
    typeof clean['expiresOn'] === 'string' &&
    clean['expiresOn'] <= clean['recordedOn']
  ) {
    fail('expiresOn', 'profile_import.expiry_not_after_record');
  }
  return { record: problems.length === 0 ? (clean as CleanRecordOf[K]) : null, problems };
}

/**
 * What makes two records of a kind the same record: the other system's reference when there is
 * one, else the facts (enterprise, date, kind, text). Used within a batch here and against the
 * stored records by the repository, so the same file imported twice is refused, not doubled.
 */
export function recordIdentity(kind: ImportKind, record: CleanRecord): string {
  const ref = 'sourceRef' in record ? record.sourceRef : null;
  if (ref !== null) return JSON.stringify([record.creditCode, 'ref', ref]);
  switch (kind) {
    case 'accidents': {
      const r = record as CleanRecordOf['accidents'];
      return JSON.stringify([r.creditCode, r.occurredOn, r.description]);
    }
    case 'penalties': {
      const r = record as CleanRecordOf['penalties'];
      return JSON.stringify([r.creditCode, r.kind, r.decidedOn, r.description]);
    }
    case 'credit_records': {
      const r = record as CleanRecordOf['credit_records'];
      return JSON.stringify([r.creditCode, r.kind, r.recordedOn, r.authority, r.description]);
    }
    case 'drills': {
      const r = record as CleanRecordOf['drills'];
      return JSON.stringify([r.creditCode, r.heldOn, r.description]);
    }
  }
}

export interface BatchCheck<K extends ImportKind> {
  /** Records without a problem so far, with their index in the batch. */
  valid: { index: number; record: CleanRecordOf[K] }[];
  problems: FieldProblem[];
}

/** Every record of a batch; a record repeating an earlier one of the batch is a problem too. */
export function validateImportRecords<K extends ImportKind>(
  kind: K,
  records: readonly unknown[],
  today: string,
): BatchCheck<K> {
  const valid: BatchCheck<K>['valid'] = [];
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((raw, index) => {
    const checked = validateImportRecord(kind, raw, index, today);
    if (!checked.record) {
      problems.push(...checked.problems);
      return;
    }
    const identity = recordIdentity(kind, checked.record);
    const first = seen.get(identity);
    if (first !== undefined) {
      const byRef = 'sourceRef' in checked.record && checked.record.sourceRef !== null;
      problems.push({
        pointer: recordPointer(index, byRef ? 'sourceRef' : undefined),
        code: 'profile_import.duplicate_in_batch',
        params: { index, firstRecord: first + 1 },
      });
      return;
    }
    seen.set(identity, index);
    valid.push({ index, record: checked.record });
  });
  return { valid, problems };
}
