import type { UserInput, UserPatch, UserSummary } from '@safegrid/contracts';
import { ROLES, type Role } from '@safegrid/contracts/values';
import type { FormRule } from 'antd';
import { apiUrl } from '../shell/api';
import type { LocalisedProblem } from '../shell/problem';

export { ROLES };
export type { Role };

/** Codes as people type them: spaces and dashes from the authenticator display are dropped for TOTP. */
export function normaliseMfaCode(raw: string): string {
  const compact = raw.replace(/\s+/g, '');
  return /^\d{3}-?\d{3}$/.test(compact) ? compact.replace('-', '') : compact;
}

/** Six digits, or something the length of a recovery code (the contract accepts 6–32 characters). */
export function isPlausibleMfaCode(code: string): boolean {
  return code.length >= 6 && code.length <= 32;
}

/** A TOTP code for confirming enrolment is exactly six digits. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** The QR code SVG as an image URL: shown through <img>, so none of its markup runs in the page. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${toBase64(new TextEncoder().encode(svg))}`;
}

/** The recovery codes as a text file: a heading line, then one code per line. */
export function recoveryCodesText(codes: readonly string[], heading: string): string {
  return `${heading}\n\n${codes.join('\n')}\n`;
}

export function recoveryCodesFileName(username: string): string {
  return `safegrid-recovery-codes-${username.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`;
}

/** A lockout is in force while `lockedUntil` lies in the future. */
export function isLocked(user: Pick<UserSummary, 'lockedUntil'>, now = Date.now()): boolean {
  if (!user.lockedUntil) return false;
  const until = Date.parse(user.lockedUntil);
  return Number.isNaN(until) ? true : until > now;
}

/** Which roles the user form offers enterprise bindings to, and which need jurisdiction scopes. */
export function roleUsesEnterprises(role: Role | undefined): boolean {
  return role === 'enterprise';
}

export function roleUsesScopes(role: Role | undefined): boolean {
  return role !== undefined && role !== 'enterprise';
}

/** Values of the create/edit user form. */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  scopeIds?: string[];
  enterpriseIds?: string[];
  password?: string;
}

function cleanIds(ids: readonly string[] | undefined): string[] {
  return [...new Set((ids ?? []).map((id) => id.trim()).filter((id) => id !== ''))];
}

export function toUserInput(values: UserFormValues): UserInput {
  return {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    role: values.role,
    scopeIds: roleUsesScopes(values.role) ? cleanIds(values.scopeIds) : [],
    enterpriseIds: roleUsesEnterprises(values.role) ? cleanIds(values.enterpriseIds) : [],
    password: values.password ?? '',
  };
}

export function toUserFormValues(user: UserSummary): UserFormValues {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopeIds: user.scopes.map((s) => s.id),
    enterpriseIds: user.enterprises.map((e) => e.id),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Only what changed (name, role, scopes, enterprise bindings); empty when nothing did. */
export function toUserPatch(user: UserSummary, values: UserFormValues): UserPatch {
  const patch: UserPatch = {};
  const name = values.displayName.trim();
  if (name !== user.displayName) patch.displayName = name;
  if (values.role !== user.role) patch.role = values.role;
  const scopeIds = roleUsesScopes(values.role) ? cleanIds(values.scopeIds) : [];
  if (
    !sameSet(
      scopeIds,
      user.scopes.map((s) => s.id),
    )
  )
    patch.scopeIds = scopeIds;
  const enterpriseIds = roleUsesEnterprises(values.role) ? cleanIds(values.enterpriseIds) : [];
  if (
    !sameSet(
      enterpriseIds,
      user.enterprises.map((e) => e.id),
    )
  )
    patch.enterpriseIds = enterpriseIds;
  return patch;
}

/** Form fields that a problem code belongs to, so the message shows next to the field. */
export function fieldForCode(code: string, passwordField: string): string | undefined {
  if (code === 'password.current_wrong') return 'currentPassword';
  if (code.startsWith('password.')) return passwordField;
  if (code === 'user.username_taken') return 'username';
  if (code === 'user.scope_invalid') return 'scopeIds';
  if (code === 'enterprise.credit_code_invalid') return 'creditCode';
  return undefined;
}

/**
 * A failed save's messages as errors on the form's own fields: the problem's field errors, or
 * else the message on the field its code belongs to; `unknownRef` names the code of "the
 * referenced record does not exist" and the field that referenced it.
 */
export function formFieldErrors(
  problem: LocalisedProblem,
  formFields: ReadonlySet<string>,
  passwordField: string,
  unknownRef: { code: string; field: string },
): { name: string; errors: string[] }[] {
  const fields = problem.fields
    .map((f) => ({ name: f.path[0] ?? '', errors: [f.message] }))
    .filter((f) => formFields.has(f.name));
  const field = fieldForCode(problem.code, passwordField);
  if (fields.length === 0 && field && formFields.has(field)) {
    fields.push({ name: field, errors: [problem.message] });
  }
  if (problem.code === unknownRef.code) {
    fields.push({ name: unknownRef.field, errors: [problem.message] });
  }
  return fields;
}

/** A "repeat the password" rule: the value must equal the form's `field`. */
export function sameAsFieldRule(field: string, message: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_rule, value: string | undefined) =>
      !value || value === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error(message)),
  });
}

export interface UserFilters {
  q: string;
  role: Role | '';
}

export function parseUserFilters(search: URLSearchParams): UserFilters {
  const role = search.get('role') ?? '';
  return {
    q: (search.get('q') ?? '').trim().slice(0, 64),
    role: (ROLES as readonly string[]).includes(role) ? (role as Role) : '',
  };
}

export function userFiltersToSearch(filters: UserFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.q.trim()) search.set('q', filters.q.trim());
  if (filters.role) search.set('role', filters.role);
  return search;
}

export const USER_PAGE_SIZE = 50;

export function usersUrl(filters: UserFilters, cursor: string | null): string {
  return apiUrl('/api/users', { q: filters.q, role: filters.role, limit: USER_PAGE_SIZE, cursor });
}
