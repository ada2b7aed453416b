import { describe, expect, it } from 'vitest';
import type { UserSummary } from '@safegrid/contracts';
import {
  fieldForCode,
  formFieldErrors,
  isLocked,
  isPlausibleMfaCode,
  isTotpCode,
  normaliseMfaCode,
  parseUserFilters,
  recoveryCodesText,
  sameAsFieldRule,
  svgDataUrl,
  toUserInput,
  toUserPatch,
  userFiltersToSearch,
  usersUrl,
} from './identityModel';

const user: UserSummary = {
  id: 'u7',
  username: 'li.si',
  displayName: '李四',
  role: 'street_officer',
  scopes: [{ id: 's1', name: '福田街道', level: 'street' }],
  enterprises: [],
  disabled: false,
  lockedUntil: null,
  mfaEnabled: false,
  lastSignInAt: null,
  createdAt: '2025-01-01T00:00:00Z',
};

describe('second-factor codes', () => {
  it('drops spaces and the dash authenticators show in the middle of six digits', () => {
    expect(normaliseMfaCode(' 123 456 ')).toBe('123456');
    expect(normaliseMfaCode('123-456')).toBe('123456');
    expect(normaliseMfaCode('abcde-fghij')).toBe('abcde-fghij');
    expect(isPlausibleMfaCode('12345')).toBe(false);
    expect(isPlausibleMfaCode('abcde-fghij')).toBe(true);
    expect(isTotpCode('123456')).toBe(true);
    expect(isTotpCode('12345a')).toBe(false);
  });

  it('turns the QR SVG into a base64 data URL (UTF-8 safe)', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>安全</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = new TextDecoder().decode(
      Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0)),
    );
    expect(decoded).toBe(svg);
  });

  it('writes recovery codes one per line', () => {
    expect(recoveryCodesText(['aaaaa-bbbbb', 'ccccc-ddddd'], 'SafeGrid')).toBe(
      'SafeGrid\n\naaaaa-bbbbb\nccccc-ddddd\n',
    );
  });
});

describe('users', () => {
  it('knows when a lockout is in force', () => {
    const now = Date.parse('2025-06-01T10:00:00Z');
    expect(isLocked(user, now)).toBe(false);
    expect(isLocked({ lockedUntil: '2025-06-01T10:15:00Z' }, now)).toBe(true);
    expect(isLocked({ lockedUntil: '2025-06-01T09:00:00Z' }, now)).toBe(false);
  });

  it('builds the create input, keeping scopes or enterprises by role', () => {
    expect(
      toUserInput({
        username: ' qiye01 ',
        displayName: '企业甲 ',
        role: 'enterprise',
        scopeIds: ['s1'],
        enterpriseIds: ['e1', ' e1', ''],
        password: 'pw',
      }),
    ).toEqual({
      username: 'qiye01',
      displayName: '企业甲',
      role: 'enterprise',
      scopeIds: [],
      enterpriseIds: ['e1'],
      password: 'pw',
    });
  });

  it('patches only what changed', () => {
    expect(
      toUserPatch(user, { username: 'li.si', displayName: '李四', role: 'street_officer', scopeIds: ['s1'] }),
    ).toEqual({});
    expect(
      toUserPatch(user, {
        username: 'li.si',
        displayName: '李四',
        role: 'district_officer',
        scopeIds: ['d1'],
      }),
    ).toEqual({ role: 'district_officer', scopeIds: ['d1'] });
  });

  it('maps problem codes to form fields', () => {
    expect(fieldForCode('password.too_short', 'newPassword')).toBe('newPassword');
    expect(fieldForCode('password.current_wrong', 'newPassword')).toBe('currentPassword');
    expect(fieldForCode('user.username_taken', 'password')).toBe('username');
    expect(fieldForCode('auth.forbidden', 'password')).toBeUndefined();
  });

  it("puts a failed save's messages on the form's own fields", () => {
    const fields = new Set(['username', 'password', 'creditCode']);
    const unknownRef = { code: 'registration.enterprise_unknown', field: 'creditCode' };
    const problem = (code: string, paths: string[][] = []) => ({
      code,
      message: `msg:${code}`,
      fields: paths.map((path) => ({
        pointer: `/body/${path.join('/')}`,
        path,
        code: 'x',
        message: `f:${path[0]}`,
      })),
    });
    // Field errors from the server, only for fields the form has.
    expect(
      formFieldErrors(
        problem('validation.failed', [['username'], ['other']]),
        fields,
        'password',
        unknownRef,
      ),
    ).toEqual([{ name: 'username', errors: ['f:username'] }]);
    // Else the field the code belongs to.
    expect(formFieldErrors(problem('password.too_short'), fields, 'password', unknownRef)).toEqual([
      { name: 'password', errors: ['msg:password.too_short'] },
    ]);
    expect(formFieldErrors(problem('user.scope_invalid'), fields, 'password', unknownRef)).toEqual([]);
    // An unknown referenced record marks the field that named it.
    expect(
      formFieldErrors(problem('registration.enterprise_unknown'), fields, 'password', unknownRef),
    ).toEqual([{ name: 'creditCode', errors: ['msg:registration.enterprise_unknown'] }]);
  });

  it('checks a repeated password against its field', async () => {
    const rule = sameAsFieldRule('password', 'mismatch');
    if (typeof rule !== 'function') throw new Error('expected a rule factory');
    const form = { getFieldValue: (name: string) => (name === 'password' ? 'secret' : undefined) };
    const { validator } = rule(form as unknown as Parameters<typeof rule>[0]);
    const check = (value: string | undefined) => validator!({}, value, () => undefined);
    await expect(check('secret')).resolves.toBeUndefined();
    await expect(check(undefined)).resolves.toBeUndefined();
    await expect(check('other')).rejects.toThrow('mismatch');
  });

  it('keeps list filters in the URL and ignores unknown roles', () => {
    const filters = parseUserFilters(new URLSearchParams('q=%20li%20&role=wizard'));
    expect(filters).toEqual({ q: 'li', role: '' });
    expect(userFiltersToSearch({ q: 'li', role: 'auditor' }).toString()).toBe('q=li&role=auditor');
    expect(usersUrl({ q: '', role: 'auditor' }, 'c1')).toBe('/api/users?role=auditor&limit=50&cursor=c1');
  });
});
