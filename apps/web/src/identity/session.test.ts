import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '@safegrid/contracts';
import { ACTIONS, type Action } from '@safegrid/contracts/values';
import { can, guardRedirect, homePath, safeNext, signInPath } from './session';

function session(overrides: Partial<SessionInfo> = {}, user: Partial<SessionInfo['user']> = {}): SessionInfo {
  return {
    stage: 'active',
    csrfToken: 'csrf',
    idleExpiresAt: '2030-01-01T00:30:00Z',
    absoluteExpiresAt: '2030-01-01T12:00:00Z',
    permissions: [...ACTIONS],
    ...overrides,
    user: {
      id: 'u1',
      username: 'admin',
      displayName: '管理员',
      role: 'city_admin',
      scopes: [],
      enterprises: [],
      mfaEnabled: true,
      mfaRequired: true,
      ...user,
    },
  };
}

describe('guardRedirect', () => {
  it('sends the unauthenticated to sign-in with a return path', () => {
    expect(guardRedirect(null, '/enterprises', '?q=abc')).toBe(
      `/sign-in?next=${encodeURIComponent('/enterprises?q=abc')}`,
    );
    expect(guardRedirect(null, '/')).toBe('/sign-in');
    expect(guardRedirect(null, '/sign-in')).toBeNull();
    expect(guardRedirect(null, '/register')).toBeNull();
    expect(guardRedirect(null, '/sign-in/2fa')).toBe('/sign-in');
  });

  it('holds a session waiting for its second factor on the challenge page', () => {
    const s = session({ stage: 'mfa_challenge' });
    expect(guardRedirect(s, '/sign-in/2fa')).toBeNull();
    expect(guardRedirect(s, '/sign-in', '?next=%2Faudit')).toBe('/sign-in/2fa?next=%2Faudit');
    expect(guardRedirect(s, '/map')).toBe('/sign-in/2fa?next=%2Fmap');
    expect(guardRedirect(s, '/account/2fa')).toBe('/sign-in/2fa?next=%2Faccount%2F2fa');
  });

  it('holds a session that must enrol on the enrolment page', () => {
    const s = session({ stage: 'mfa_enrolment', permissions: [] }, { mfaEnabled: false });
    expect(guardRedirect(s, '/account/2fa')).toBeNull();
    expect(guardRedirect(s, '/sign-in')).toBe('/account/2fa');
    expect(guardRedirect(s, '/admin/users')).toBe('/account/2fa?next=%2Fadmin%2Fusers');
    expect(guardRedirect(s, '/account')).toBe('/account/2fa?next=%2Faccount');
  });

  it('lets an active session in and sends it away from the sign-in pages', () => {
    const s = session();
    expect(guardRedirect(s, '/enterprises')).toBeNull();
    expect(guardRedirect(s, '/account/2fa')).toBeNull();
    expect(guardRedirect(s, '/sign-in', '?next=%2Faudit')).toBe('/audit');
    expect(guardRedirect(s, '/sign-in', '?next=https%3A%2F%2Fevil.example')).toBe('/map');
    expect(guardRedirect(s, '/sign-in/2fa')).toBe('/map');
    expect(guardRedirect(s, '/register')).toBe('/map');
    expect(guardRedirect(s, '/')).toBe('/map');
  });
});

describe('homePath', () => {
  const enterprise = (enterprises: { id: string; name: string }[]) =>
    session(
      { permissions: ['enterprise.read', 'jurisdiction.read'] },
      { role: 'enterprise', enterprises, mfaRequired: false },
    );

  it('lands an enterprise account on its only enterprise, or the list', () => {
    expect(homePath(enterprise([{ id: '91440300ABC', name: '甲' }]))).toBe('/enterprises/91440300ABC');
    expect(
      homePath(
        enterprise([
          { id: 'a', name: '甲' },
          { id: 'b', name: '乙' },
        ]),
      ),
    ).toBe('/enterprises');
  });

  it('lands staff on the map and others on the first section they may open', () => {
    expect(homePath(session())).toBe('/map');
    expect(homePath(session({ permissions: ['audit.read', 'audit.export'] }, { role: 'auditor' }))).toBe(
      '/audit',
    );
    expect(homePath(session({ permissions: [] }, { role: 'approver' }))).toBe('/account');
  });
});

describe('can', () => {
  it('allows only actions of an active session', () => {
    const perms: Action[] = ['user.read'];
    expect(can(session({ permissions: perms }), 'user.read')).toBe(true);
    expect(can(session({ permissions: perms }), 'user.manage')).toBe(false);
    expect(can(session({ stage: 'mfa_challenge', permissions: perms }), 'user.read')).toBe(false);
    expect(can(null, 'user.read')).toBe(false);
  });
});

describe('safeNext and signInPath', () => {
  it('accepts only paths of this app', () => {
    expect(safeNext('/enterprises/1?x=1')).toBe('/enterprises/1?x=1');
    expect(safeNext('//evil.example/x')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext('/sign-in?next=/map')).toBeNull();
    expect(safeNext('/sign-in/2fa')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });

  it('builds the sign-in address with the expiry note and return path', () => {
    expect(signInPath()).toBe('/sign-in');
    expect(signInPath({ expired: true, next: '/audit?actor=x' })).toBe(
      `/sign-in?expired=1&next=${encodeURIComponent('/audit?actor=x')}`,
    );
    expect(signInPath({ next: '/' })).toBe('/sign-in');
  });
});
