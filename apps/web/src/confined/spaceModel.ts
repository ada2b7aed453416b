import type {
  ConfinedSpaceDetail,
  ConfinedSpaceInput,
  CreateConfinedSpace,
  SpaceGasLimit,
  UpdateConfinedSpace,
  UpdateSpaceLimits,
} from '@safegrid/contracts';
import type { LocalisedField } from '../shell/problem';
import { spacesUrl } from './confinedApi';
import type { Hazard, SpaceType, Ventilation } from './labels';
import { cleanNames } from './permitModel';

// ---- list filters (in the URL) ----

export interface SpaceFilters {
  q: string;
  enterpriseId: string;
}

export function parseSpaceFilters(search: URLSearchParams): SpaceFilters {
  const enterpriseId = (search.get('enterpriseId') ?? '').trim();
  return {
    q: (search.get('q') ?? '').trim().slice(0, 50),
    enterpriseId: /^[1-9][0-9]{0,17}$/.test(enterpriseId) ? enterpriseId : '',
  };
}

export function spaceFiltersToSearch(filters: SpaceFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.q.trim() !== '') search.set('q', filters.q.trim());
  if (filters.enterpriseId !== '') search.set('enterpriseId', filters.enterpriseId);
  return search;
}

export const SPACE_PAGE_SIZE = 30;

export function spaceListUrl(filters: SpaceFilters, cursor: string | null): string {
  return spacesUrl(
    { q: filters.q || undefined, enterpriseId: filters.enterpriseId || undefined },
    cursor,
    SPACE_PAGE_SIZE,
  );
}

// ---- create / edit form ----

export interface SpaceFormValues {
  enterpriseId: string;
  code: string;
  name: string;
  spaceType: SpaceType;
  location: string;
  lon: number | null;
  lat: number | null;
  hazards: Hazard[];
  ventilation: Ventilation;
  entryPoints: number;
  rescuePlan: string;
  rescueEquipment: string[];
  warningSign: boolean;
}

export type SpaceFormField = keyof SpaceFormValues;

const FIELDS: readonly SpaceFormField[] = [
  'enterpriseId',
  'code',
  'name',
  'spaceType',
  'location',
  'lon',
  'lat',
  'hazards',
  'ventilation',
  'entryPoints',
  'rescuePlan',
  'rescueEquipment',
  'warningSign',
];

/** The contract's coordinate bounds (Shenzhen). */
export const LON_RANGE = [113.7, 114.7] as const;
export const LAT_RANGE = [22.4, 22.9] as const;
export const EQUIPMENT_MAX = 30;
export const EQUIPMENT_ITEM_MAX = 60;

export function emptySpaceForm(enterpriseId = ''): SpaceFormValues {
  return {
    enterpriseId,
    code: '',
    name: '',
    spaceType: 'underground',
    location: '',
    lon: null,
    lat: null,
    hazards: [],
    ventilation: 'natural',
    entryPoints: 1,
    rescuePlan: '',
    rescueEquipment: [],
    warningSign: false,
  };
}

export function spaceFormValues(s: ConfinedSpaceDetail): SpaceFormValues {
  return {
    enterpriseId: s.enterpriseId,
    code: s.code,
    name: s.name,
    spaceType: s.spaceType,
    location: s.location,
    lon: s.lon,
    lat: s.lat,
    hazards: [...s.hazards],
    ventilation: s.ventilation,
    entryPoints: s.entryPoints,
    rescuePlan: s.rescuePlan,
    rescueEquipment: [...s.rescueEquipment],
    warningSign: s.warningSign,
  };
}

const num = (v: number | null | undefined) => (v === undefined || v === null || Number.isNaN(v) ? null : v);

export function toSpaceInput(v: SpaceFormValues): ConfinedSpaceInput {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    spaceType: v.spaceType,
    location: v.location.trim(),
    lon: num(v.lon),
    lat: num(v.lat),
    hazards: [...new Set(v.hazards)],
    ventilation: v.ventilation,
    entryPoints: v.entryPoints,
    rescuePlan: v.rescuePlan.trim(),
    rescueEquipment: cleanNames(v.rescueEquipment),
    warningSign: v.warningSign,
  };
}

export function toCreateSpace(v: SpaceFormValues): CreateConfinedSpace {
  return { enterpriseId: v.enterpriseId, ...toSpaceInput(v) };
}

const sameValue = (a: unknown, b: unknown, sortArrays: boolean): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = sortArrays ? [...a].sort() : a;
    const y = sortArrays ? [...b].sort() : b;
    return x.length === y.length && x.every((item, i) => item === y[i]);
  }
  return a === b;
};

/** Only what changed, so a PATCH never rewrites what the user did not touch. */
export function toSpacePatch(initial: ConfinedSpaceDetail, v: SpaceFormValues): UpdateConfinedSpace {
  const next = toSpaceInput(v);
  const before = toSpaceInput(spaceFormValues(initial));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof ConfinedSpaceInput)[]) {
    if (!sameValue(next[key], before[key], key === 'hazards')) patch[key] = next[key];
  }
  return patch as UpdateConfinedSpace;
}

export type SpaceFormMessage =
  'spaceForm.coordinatesPair' | 'spaceForm.equipmentLimit' | 'spaceForm.equipmentTooLong';

/** Checks beyond "required" and the inputs' own min/max; the server repeats them. */
export function validateSpaceForm(v: SpaceFormValues): Partial<Record<SpaceFormField, SpaceFormMessage>> {
  const errors: Partial<Record<SpaceFormField, SpaceFormMessage>> = {};
  if ((num(v.lon) === null) !== (num(v.lat) === null)) {
    errors[num(v.lon) === null ? 'lon' : 'lat'] = 'spaceForm.coordinatesPair';
  }
  const equipment = cleanNames(v.rescueEquipment);
  if (equipment.length > EQUIPMENT_MAX) errors.rescueEquipment = 'spaceForm.equipmentLimit';
  else if (equipment.some((item) => item.length > EQUIPMENT_ITEM_MAX)) {
    errors.rescueEquipment = 'spaceForm.equipmentTooLong';
  }
  return errors;
}

const SPACE_CODE_FIELDS: Readonly<Record<string, SpaceFormField>> = {
  'space.code_taken': 'code',
};

export function spaceFieldFor(path: readonly string[]): SpaceFormField | undefined {
  return FIELDS.find((f) => f === path[0]);
}

/**
 * Server field errors onto the form's fields; what no field can take is listed above the form
 * (under the problem's own message).
 * Shared with the permit form through `fieldFor` and `codeFields`.
 */
export function assignErrors<F extends string>(
  code: string,
  message: string,
  fields: readonly LocalisedField[],
  fieldFor: (path: readonly string[]) => F | undefined,
  codeFields: Readonly<Record<string, F>>,
): { byField: Map<F, string[]>; unassigned: string[] } {
  const byField = new Map<F, string[]>();
  const unassigned: string[] = [];
  const add = (field: F, text: string) => byField.set(field, [...(byField.get(field) ?? []), text]);
  for (const f of fields) {
    const target = fieldFor(f.path) ?? codeFields[f.code];
    if (target) add(target, f.message);
    else unassigned.push(f.message);
  }
  const codeField = codeFields[code];
  if (fields.length === 0 && codeField) add(codeField, message);
  return { byField, unassigned };
}

export function assignSpaceErrors(code: string, message: string, fields: readonly LocalisedField[]) {
  return assignErrors(code, message, fields, spaceFieldFor, SPACE_CODE_FIELDS);
}

// ---- ledger photos ----

/** As the server holds them (confined/spaces/space-photo-upload.ts). */
export const SPACE_PHOTOS_MAX = 12;
export const SPACE_PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

// ---- per-space alarm limits ----

export type LimitRule = SpaceGasLimit['rule'];
/** What the form holds per rule: the figures as typed (null: left empty). */
export type LimitDraft = Record<LimitRule, { value: number | null; clearAt: number | null }>;

export function limitDraft(limits: readonly SpaceGasLimit[]): LimitDraft {
  return Object.fromEntries(
    limits.map((l) => [l.rule, { value: l.value, clearAt: l.clearAt }]),
  ) as LimitDraft;
}

/**
 * The request body: every rule whose figures differ from its default (an empty field means the
 * default). Rules left at their defaults are not sent, so a later change of a default reaches
 * them; an empty list returns the space to the defaults.
 */
export function limitRules(limits: readonly SpaceGasLimit[], draft: LimitDraft): UpdateSpaceLimits['rules'] {
  return limits.flatMap((l) => {
    const value = draft[l.rule]?.value ?? l.defaultValue;
    const clearAt = draft[l.rule]?.clearAt ?? l.defaultClearAt;
    if (value === l.defaultValue && clearAt === l.defaultClearAt) return [];
    return [{ rule: l.rule, value, clearAt, unit: l.unit as UpdateSpaceLimits['rules'][number]['unit'] }];
  });
}

/** Field problems of a refused update, by the rule (and figure) they point at. */
export function limitProblems(
  sent: UpdateSpaceLimits['rules'],
  fields: readonly LocalisedField[],
): { rule: LimitRule; field: string; message: string }[] {
  return fields.flatMap((f) => {
    const [list, index, field = 'value'] = f.path;
    const rule = list === 'rules' ? sent[Number(index)]?.rule : undefined;
    return rule ? [{ rule, field, message: f.message }] : [];
  });
}
