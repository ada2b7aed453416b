import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  EnterprisePage,
  MfaConfirmed,
  MfaEnrolment,
  Problem,
  Registration,
  SessionInfo,
} from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, openTestSession, TEST_PASSWORD, type TestUser } from '../../../test/sessions';
import type { DB } from '../../platform/db/schema';
import type { Database } from '../../platform/db/database';
import { SESSION_COOKIE } from '../../platform/auth/authenticate';
import { verifyAuditChain } from '../../platform/audit/audit-trail';
import { totpAt, totpCounter } from '../credentials/totp';

let app: App;
let db: Kysely<DB>;
let database: Database;
let cleanup: () => Promise<void>;
let now = new Date('2026-11-30T02:00:00.000Z');
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;
let seeded: Awaited<ReturnType<typeof seedMiniCity>>;

beforeAll(async () => {
  const t = await openTestDatabase('auth');
  cleanup = t.cleanup;
  database = t.database;
  db = t.database.db;
  seeded = await seedMiniCity(db);
  app = await buildApp({
    config: testConfig({ authRateLimitPerMinute: 1000 }),
    database: t.database,
    logger: false,
    clock: () => now,
  });
});
afterAll(async () => {
  await app.close();
  await cleanup();
});
beforeEach(() => advance(60 * MINUTE));

/** The cookie header a browser would send back after this response. */
function cookieFrom(res: { headers: Record<string, unknown> }): string {
  const raw = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith(`${SESSION_COOKIE}=`));
  return String(raw).split(';')[0]!;
}

async function signIn(username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password } });
  return res;
}

async function signedIn(username: string, password = TEST_PASSWORD) {
  const res = await signIn(username, password);
  expect(res.statusCode).toBe(200);
  const session = res.json<SessionInfo>();
  return { session, headers: { cookie: cookieFrom(res), 'x-csrf-token': session.csrfToken } };
}

describe('sign-in', () => {
  let officer: TestUser;
  beforeAll(async () => {
    officer = await createTestUser(db, {
      role: 'street_officer',
      scopeIds: ['440306001'],
      username: 'Officer.Chen',
    });
  });

  it('opens a session in an httpOnly SameSite=Strict cookie and reports role, scope and permissions', async () => {
    const res = await signIn('officer.chen', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String([res.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const session = res.json<SessionInfo>();
    expect(session.stage).toBe('active');
    expect(session.user).toMatchObject({ username: 'Officer.Chen', role: 'street_officer' });
    expect(session.user.scopes).toEqual([{ id: '440306001', name: '新安街道', level: 'street' }]);
    expect(session.permissions).toContain('registration.review');
    expect(session.permissions).not.toContain('user.manage');
    const me = await app.inject({ url: '/api/auth/session', headers: { cookie: cookieFrom(res) } });
    expect(me.json<SessionInfo>().user.id).toBe(officer.id);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await signIn(officer.username, 'not the password at all');
    const unknown = await signIn('nobody-at-all', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (p: Problem) => ({ ...p, requestId: '', instance: '' });
    expect(strip(wrong.json<Problem>())).toEqual(strip(unknown.json<Problem>()));
    expect(wrong.json<Problem>().code).toBe('auth.invalid_credentials');
  });

  it('locks a name after 5 failures in 15 minutes, even for the right password, and releases it in time', async () => {
    const user = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(user.username, `wrong password ${i}`)).statusCode).toBe(401);
      advance(MINUTE);
    }
    const locked = await signIn(user.username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json<Problem>().code).toBe('auth.locked');
    const retry = Number(locked.json<Problem>().params!.retryAfterSeconds);
    expect(retry).toBeGreaterThan(9 * 60);
    expect(retry).toBeLessThanOrEqual(11 * 60);
    // An unknown name locks the same way, so the lock does not reveal which names exist.
    for (let i = 0; i < 5; i += 1) await signIn('ghost-user', `wrong ${i}`);
    expect((await signIn('ghost-user', 'whatever')).json<Problem>().code).toBe('auth.locked');

    advance(retry * 1000 + 1000);
    expect((await signIn(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('lets an admin lift a lockout at once', async () => {
    const user = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    for (let i = 0; i < 5; i += 1) await signIn(user.username, `wrong ${i}`);
    expect((await signIn(user.username, TEST_PASSWORD)).statusCode).toBe(423);
    const admin = await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] });
    const adminHeaders = await openTestSession(db, admin.id, { now });
    const list = await app.inject({ url: `/api/users/${user.id}`, headers: adminHeaders });
    expect(list.json<{ lockedUntil: string | null }>().lockedUntil).not.toBeNull();
    const unlock = await app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/unlock`,
      headers: adminHeaders,
    });
    expect(unlock.statusCode).toBe(204);
    expect((await signIn(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a disabled account with the same answer, and disabling ends its sessions', async () => {
    const user = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    const { headers } = await signedIn(user.username);
    const admin = await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] });
    const adminHeaders = await openTestSession(db, admin.id, { now });
    const off = await app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: adminHeaders,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/enterprises', headers })).statusCode).toBe(401);
    const again = await signIn(user.username, TEST_PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(again.json<Problem>().code).toBe('auth.invalid_credentials');
  });

  it('rate-limits the sign-in endpoint per client address', async () => {
    const limited = await buildApp({
      config: testConfig({ authRateLimitPerMinute: 3 }),
      database,
      logger: false,
      clock: () => now,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await limited.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { username: `flood-${i}`, password: 'x' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions', () => {
  it('expires after 30 idle minutes, and use keeps it alive up to 12 hours', async () => {
    const user = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    const { headers } = await signedIn(user.username);
    const get = () => app.inject({ url: '/api/enterprises', headers });
    for (let i = 0; i < 3; i += 1) {
      advance(25 * MINUTE);
      expect((await get()).statusCode).toBe(200);
    }
    advance(31 * MINUTE);
    const idle = await get();
    expect(idle.statusCode).toBe(401);
    expect(idle.json<Problem>().code).toBe('auth.session_expired');

    const busy = await signedIn(user.username);
    let last = 200;
    for (let elapsed = 0; elapsed < 12 * 60 + 30 && last === 200; elapsed += 20) {
      advance(20 * MINUTE);
      last = (await app.inject({ url: '/api/enterprises', headers: busy.headers })).statusCode;
    }
    expect(last).toBe(401);
    const createdAt = new Date(busy.session.absoluteExpiresAt).getTime() - 12 * 60 * MINUTE;
    expect(now.getTime() - createdAt).toBeGreaterThanOrEqual(12 * 60 * MINUTE);
    expect(now.getTime() - createdAt).toBeLessThan(12 * 60 * MINUTE + 21 * MINUTE);
  });

  it('signs out one session, or every session of the user', async () => {
    const user = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    const a = await signedIn(user.username);
    const b = await signedIn(user.username);
    const c = await signedIn(user.username);
    const noToken = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: a.headers.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: a.headers })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/enterprises', headers: a.headers })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/enterprises', headers: b.headers })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: b.headers }))
        .statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/enterprises', headers: c.headers })).statusCode).toBe(401);
  });
});

describe('second factor', () => {
  it('makes an admin enrol TOTP before anything else, then challenges every sign-in', async () => {
    const admin = await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] });
    const first = await signedIn(admin.username);
    expect(first.session.stage).toBe('mfa_enrolment');
    expect(first.session.permissions).toEqual([]);
    const blocked = await app.inject({ url: '/api/enterprises', headers: first.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<Problem>().code).toBe('auth.mfa_required');

    const enrol = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrolment',
      headers: first.headers,
    });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = enrol.json<MfaEnrolment>();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(qrSvg).toMatch(/^<svg/);
    const wrongCode = totpAt(secret, totpCounter(now.getTime()) + 5);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrolment/confirm',
      headers: first.headers,
      payload: { code: wrongCode },
    });
    expect(wrong.statusCode).toBe(401);
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrolment/confirm',
      headers: first.headers,
      payload: { code: totpAt(secret, totpCounter(now.getTime())) },
    });
    expect(confirm.statusCode).toBe(200);
    const { session, recoveryCodes } = confirm.json<MfaConfirmed>();
    expect(session.stage).toBe('active');
    expect(recoveryCodes).toHaveLength(10);
    // The token seen before the second factor is dead; the new cookie works.
    expect((await app.inject({ url: '/api/auth/session', headers: first.headers })).statusCode).toBe(401);
    const active = { cookie: cookieFrom(confirm), 'x-csrf-token': session.csrfToken };
    expect((await app.inject({ url: '/api/enterprises', headers: active })).statusCode).toBe(200);

    // Next sign-in: challenge. The enrolment's code is a replay within its window.
    advance(10_000);
    const second = await signedIn(admin.username);
    expect(second.session.stage).toBe('mfa_challenge');
    const verify = (code: string, headers = second.headers) =>
      app.inject({ method: 'POST', url: '/api/auth/mfa/verify', headers, payload: { code } });
    const replay = await verify(totpAt(secret, totpCounter(now.getTime() - 10_000)));
    expect(replay.statusCode).toBe(401);
    expect(replay.json<Problem>().code).toBe('auth.mfa_invalid');
    advance(30_000);
    const fresh = totpAt(secret, totpCounter(now.getTime()));
    const ok = await verify(fresh);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<SessionInfo>().stage).toBe('active');

    // A recovery code works once.
    advance(MINUTE);
    const third = await signedIn(admin.username);
    expect((await verify(recoveryCodes[0]!.toUpperCase(), third.headers)).statusCode).toBe(200);
    advance(MINUTE);
    const fourth = await signedIn(admin.username);
    expect((await verify(recoveryCodes[0]!, fourth.headers)).statusCode).toBe(401);
    expect((await verify(recoveryCodes[1]!, fourth.headers)).statusCode).toBe(200);
  });

  it('counts wrong codes toward the lockout and ends the half-signed-in session', async () => {
    const approver = await createTestUser(db, {
      role: 'approver',
      scopeIds: ['440306'],
      mfaSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    const s = await signedIn(approver.username);
    let last = 0;
    for (let i = 0; i < 5; i += 1) {
      last = (
        await app.inject({
          method: 'POST',
          url: '/api/auth/mfa/verify',
          headers: s.headers,
          payload: { code: '000000' },
        })
      ).statusCode;
    }
    expect(last).toBe(423);
    expect((await app.inject({ url: '/api/auth/session', headers: s.headers })).statusCode).toBe(401);
    expect((await signIn(approver.username, TEST_PASSWORD)).statusCode).toBe(423);
  });
});

describe('second factor reset by an admin', () => {
  it('removes the factor and ends the sessions; the user enrols again at the next sign-in', async () => {
    const approver = await createTestUser(db, {
      role: 'approver',
      scopeIds: ['440306'],
      mfaSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    const before = await signedIn(approver.username);
    expect(before.session.stage).toBe('mfa_challenge');
    const admin = await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] });
    const reset = await app.inject({
      method: 'POST',
      url: `/api/users/${approver.id}/mfa-reset`,
      headers: await openTestSession(db, admin.id, { now }),
    });
    expect(reset.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/session', headers: before.headers })).statusCode).toBe(401);
    const after = await signedIn(approver.username);
    expect(after.session.stage).toBe('mfa_enrolment');
    expect(after.session.user.mfaEnabled).toBe(false);
  });
});

describe('passwords', () => {
  it('enforces length, username and common-password rules and ends other sessions on change', async () => {
    const user = await createTestUser(db, {
      role: 'grid_inspector',
      scopeIds: ['G440306001001-1'],
      username: 'wanglei',
    });
    const mine = await signedIn(user.username);
    const other = await signedIn(user.username);
    const change = (newPassword: string, currentPassword = TEST_PASSWORD) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: mine.headers,
        payload: { currentPassword, newPassword },
      });
    const codes = async (pw: string) => (await change(pw)).json<Problem>().errors!.map((e) => e.code);
    expect(await codes('short1')).toContain('password.too_short');
    expect(await codes('WangLei-safety-2026')).toEqual(['password.contains_username']);
    expect(await codes('password1234')).toContain('password.common');
    expect((await change('a valid new passphrase', 'wrong current')).json<Problem>().code).toBe(
      'password.current_wrong',
    );
    expect((await change('a valid new passphrase')).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/enterprises', headers: mine.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/enterprises', headers: other.headers })).statusCode).toBe(401);
    expect((await signIn(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.username, 'a valid new passphrase')).statusCode).toBe(200);
  });

  it('applies the same rules when an admin creates a user', async () => {
    const admin = await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] });
    const headers = await openTestSession(db, admin.id, { now });
    const create = (password: string, scopeIds = ['440306001']) =>
      app.inject({
        method: 'POST',
        url: '/api/users',
        headers,
        payload: {
          username: 'new.officer',
          displayName: '新官',
          role: 'street_officer',
          scopeIds,
          enterpriseIds: [],
          password,
        },
      });
    expect((await create('qwertyuiop123')).json<Problem>().code).toBe('password.common');
    expect((await create('a sound passphrase here', ['G440306001001-1'])).json<Problem>().code).toBe(
      'user.scope_invalid',
    );
    const ok = await create('a sound passphrase here');
    expect(ok.statusCode).toBe(201);
    expect((await create('a sound passphrase here')).json<Problem>().code).toBe('user.username_taken');
  });
});

describe('enterprise self-registration', () => {
  it('is approved by the officer of that street only, and yields an account bound to the enterprise', async () => {
    const e1 = seeded.enterprises[0]!;
    const register = await app.inject({
      method: 'POST',
      url: '/api/auth/registrations',
      payload: {
        creditCode: e1.credit_code.toLowerCase(),
        username: 'huaqiang.safety',
        displayName: '华强安全员',
        phone: '13800138000',
        password: 'Huaqiang safety officer 1',
      },
    });
    expect(register.statusCode).toBe(202);
    const reg = register.json<Registration>();
    expect(reg).toMatchObject({ status: 'pending', streetName: '新安街道' });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/registrations',
      payload: {
        creditCode: creditCode('91440300ABCDEFGHJ'),
        username: 'x.y.z',
        displayName: 'x',
        phone: '13800138000',
        password: 'a sound passphrase here',
      },
    });
    expect(unknown.json<Problem>().code).toBe('registration.enterprise_unknown');

    const elsewhere = await createTestUser(db, { role: 'street_officer', scopeIds: ['440307009'] });
    const wrongStreet = await app.inject({
      method: 'POST',
      url: `/api/registrations/${reg.id}/decision`,
      headers: await openTestSession(db, elsewhere.id, { now }),
      payload: { decision: 'approved' },
    });
    expect(wrongStreet.statusCode).toBe(404);

    const officer = await createTestUser(db, { role: 'street_officer', scopeIds: ['440306001'] });
    const officerHeaders = await openTestSession(db, officer.id, { now });
    const list = await app.inject({ url: '/api/registrations?status=pending', headers: officerHeaders });
    expect(list.json<{ items: Registration[] }>().items.map((r) => r.id)).toContain(reg.id);
    const approve = await app.inject({
      method: 'POST',
      url: `/api/registrations/${reg.id}/decision`,
      headers: officerHeaders,
      payload: { decision: 'approved' },
    });
    expect(approve.json<Registration>().status).toBe('approved');

    const account = await signedIn('huaqiang.safety', 'Huaqiang safety officer 1');
    expect(account.session.user.role).toBe('enterprise');
    const page = (
      await app.inject({ url: '/api/enterprises', headers: account.headers })
    ).json<EnterprisePage>();
    expect(page.items.map((e) => e.id)).toEqual([e1.id]);
  });
});

describe('audit of identity events', () => {
  it('records sign-ins, failures, lockouts and admin changes in an intact chain', async () => {
    const actions = (await db.selectFrom('audit_event').select('action').execute()).map((r) => r.action);
    for (const a of [
      'auth.sign_in',
      'auth.sign_in_failed',
      'auth.locked',
      'auth.mfa_enrolled',
      'auth.mfa_verified',
      'user.unlocked',
      'auth.password_changed',
      'registration.approved',
      'auth.sign_out_everywhere',
    ]) {
      expect(actions).toContain(a);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
