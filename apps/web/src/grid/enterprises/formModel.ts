import type { EnterpriseDetail, EnterpriseInput, EnterprisePatch } from '@safegrid/contracts';
import type { LocalisedField } from '../../shell/problem';
import type { EnterpriseScale, EnterpriseStatus } from '../common/labels';

/** What the enterprise form edits: the API's EnterpriseInput with location split in two. */
export interface EnterpriseFormValues {
  creditCode: string;
  name: string;
  address: string;
  industryCode: string;
  scale: EnterpriseScale;
  employees: number;
  lon: number;
  lat: number;
  gridId: string;
  status: EnterpriseStatus;
}

export type FormFieldName = keyof EnterpriseFormValues;
const FIELD_NAMES: readonly FormFieldName[] = [
  'creditCode',
  'name',
  'address',
  'industryCode',
  'scale',
  'employees',
  'lon',
  'lat',
  'gridId',
  'status',
];

export function toFormValues(e: EnterpriseDetail): EnterpriseFormValues {
  return {
    creditCode: e.creditCode,
    name: e.name,
    address: e.address,
    industryCode: e.industryCode,
    scale: e.scale,
    employees: e.employees,
    lon: e.location[0],
    lat: e.location[1],
    gridId: e.gridId,
    status: e.status,
  };
}

export function toInput(v: EnterpriseFormValues): EnterpriseInput {
  return {
    creditCode: v.creditCode.trim().toUpperCase(),
    name: v.name.trim(),
    address: v.address.trim(),
    industryCode: v.industryCode.trim().toUpperCase(),
    scale: v.scale,
    employees: v.employees,
    location: [v.lon, v.lat],
    gridId: v.gridId,
    status: v.status,
  };
}

/** Only what changed, so a PATCH never rewrites fields the user did not touch. */
export function toPatch(initial: EnterpriseDetail, v: EnterpriseFormValues): EnterprisePatch {
  const next = toInput(v);
  const before = toInput(toFormValues(initial));
  const patch: EnterprisePatch = {};
  for (const key of Object.keys(next) as (keyof EnterpriseInput)[]) {
    const a = next[key];
    const b = before[key];
    const same = Array.isArray(a) && Array.isArray(b) ? a[0] === b[0] && a[1] === b[1] : a === b;
    if (!same) (patch as Record<string, unknown>)[key] = a;
  }
  return patch;
}

/** Error codes that belong to one field even when the server sends no pointer for them. */
const CODE_FIELDS: Record<string, FormFieldName> = {
  'enterprise.credit_code_invalid': 'creditCode',
  'enterprise.credit_code_taken': 'creditCode',
  'enterprise.grid_unknown': 'gridId',
  'enterprise.industry_unknown': 'industryCode',
  'enterprise.location_outside_city': 'lon',
};

/** The form field a server-side problem field points at ("/body/location/1" → lat). */
export function formFieldFor(path: readonly string[]): FormFieldName | undefined {
  const [first, second] = path;
  if (first === 'location') return second === '1' ? 'lat' : 'lon';
  return FIELD_NAMES.find((f) => f === first);
}

export interface AssignedErrors {
  byField: Map<FormFieldName, string[]>;
  /** Messages no field could take; shown above the form. */
  unassigned: string[];
}

export function assignFieldErrors(
  code: string,
  message: string,
  fields: readonly LocalisedField[],
): AssignedErrors {
  const byField = new Map<FormFieldName, string[]>();
  const unassigned: string[] = [];
  const add = (field: FormFieldName, text: string) =>
    byField.set(field, [...(byField.get(field) ?? []), text]);
  for (const f of fields) {
    const target = formFieldFor(f.path) ?? CODE_FIELDS[f.code];
    if (target) add(target, f.message);
    else unassigned.push(f.message);
  }
  const codeField = CODE_FIELDS[code];
  if (fields.length === 0 && codeField) add(codeField, message);
  return { byField, unassigned };
}
