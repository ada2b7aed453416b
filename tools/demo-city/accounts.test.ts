import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_REQUIRED_ROLES, ROLES } from '@safegrid/contracts/values';
import { checkPasswordRules } from '../../apps/server/src/identity/credentials/password-policy';
import {
  ACCOUNT_LIST_SEPARATOR,
  DEMO_ACCOUNTS_FILE,
  DEMO_ENTERPRISE_ACCOUNTS,
  DEMO_PASSWORD,
  accountListSummary,
  accountsPerRole,
  formatAccountList,
  generateDemoAccounts,
  type DemoAccount,
} from './accounts';
import { generateDemoCity, type DemoCity } from './generate';
import { CITY_ID, DAPENG_ID } from './jurisdiction';

let small: DemoCity;
let full: DemoCity;

beforeAll(() => {
  small = generateDemoCity({ size: 'small', seed: 7 });
  full = generateDemoCity({ size: 'full', seed: 7 });
});

const ofLevel = (city: DemoCity, level: string) => city.jurisdictions.filter((n) => n.level === level);

/** Grids each inspector serves today (an open assignment), by phone. */
function currentGrids(city: DemoCity): Map<string, string[]> {
  const grids = new Map<string, string[]>();
  for (const a of city.assignments) {
    if (a.validTo === null) grids.set(a.inspectorPhone, [...(grids.get(a.inspectorPhone) ?? []), a.gridId]);
  }
  return grids;
}

describe.each(['small', 'full'] as const)('demo accounts (%s city)', (size) => {
  const city = () => (size === 'small' ? small : full);
  const byUsername = () => new Map(city().accounts.map((a) => [a.username, a]));

  it('has at least one account for every role, all with valid, unique usernames', () => {
    const counts = accountsPerRole(city().accounts);
    for (const role of ROLES) expect(counts[role], role).toBeGreaterThan(0);
    for (const a of city().accounts) {
      expect(a.username).toMatch(/^[A-Za-z0-9._-]{3,64}$/);
      expect([...a.displayName].length).toBeGreaterThanOrEqual(1);
      expect([...a.displayName].length).toBeLessThanOrEqual(64);
      // Chinese display names throughout.
      expect(a.displayName).toMatch(/[\u4e00-\u9fff]/);
    }
    const lower = city().accounts.map((a) => a.username.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });

  it('gives the demo password to every username without breaking a password rule', () => {
    for (const a of city().accounts)
      expect(checkPasswordRules(DEMO_PASSWORD, a.username), a.username).toEqual([]);
  });

  it('has the city-wide accounts and one district, enforcement and street account per node', () => {
    const accounts = byUsername();
    expect(accounts.get('admin')).toMatchObject({
      role: 'city_admin',
      scopes: [CITY_ID],
      displayName: '市级管理员',
    });
    expect(accounts.get('auditor')).toMatchObject({ role: 'auditor', scopes: [CITY_ID] });
    expect(accounts.get('approver')).toMatchObject({ role: 'approver', scopes: [CITY_ID] });
    expect(accounts.get('enforcer')).toMatchObject({ role: 'enforcement_officer', scopes: [CITY_ID] });
    for (const d of ofLevel(city(), 'district')) {
      expect(accounts.get(`district-${d.id}`)).toMatchObject({
        role: 'district_officer',
        scopes: [d.id],
        displayName: `${d.name}监管人员`,
      });
      expect(accounts.get(`enforcer-${d.id}`)).toMatchObject({
        role: 'enforcement_officer',
        scopes: [d.id],
        displayName: `执法人员（${d.name}）`,
      });
    }
    expect(accounts.get(`district-${DAPENG_ID}`)?.displayName).toBe('大鹏新区监管人员');
    for (const s of ofLevel(city(), 'street')) {
      expect(accounts.get(`street-${s.id}`)).toMatchObject({
        role: 'street_officer',
        scopes: [s.id],
        displayName: `${s.name}监管人员`,
      });
    }
    const counts = accountsPerRole(city().accounts);
    expect(counts.district_officer).toBe(ofLevel(city(), 'district').length);
    expect(counts.street_officer).toBe(ofLevel(city(), 'street').length);
    expect(counts.enforcement_officer).toBe(ofLevel(city(), 'district').length + 1);
    expect([counts.city_admin, counts.auditor]).toEqual([1, 1]);
    // The city-wide 负责人 and one 审核 approver per district.
    expect(counts.approver).toBe(ofLevel(city(), 'district').length + 1);
    for (const d of ofLevel(city(), 'district')) {
      expect(accounts.get(`approver-${d.id}`)).toMatchObject({ role: 'approver', scopes: [d.id] });
    }
  });

  it('gives every inspector with a current grid an account scoped to exactly those grids', () => {
    const grids = currentGrids(city());
    const inspectors = city().accounts.filter((a) => a.role === 'grid_inspector');
    const roster = new Map(city().inspectors.map((p) => [p.phone, p]));
    expect(inspectors).toHaveLength(grids.size);
    for (const a of inspectors) {
      const person = roster.get(a.inspectorPhone!)!;
      expect(a.username).toBe(`inspector-${Number(person.phone.slice(-4))}`);
      expect(a.displayName).toBe(person.name);
      expect(a.phone).toBe(person.phone);
      expect([...a.scopes].sort()).toEqual([...grids.get(person.phone)!].sort());
    }
    // Only the other roles' accounts carry no inspector.
    for (const a of city().accounts) expect(a.inspectorPhone !== null).toBe(a.role === 'grid_inspector');
  });

  it('binds enterprise accounts to existing operating enterprises, spread over every district', () => {
    const firms = new Map(city().enterprises.map((e) => [e.creditCode, e]));
    const accounts = city().accounts.filter((a) => a.role === 'enterprise');
    expect(accounts).toHaveLength(DEMO_ENTERPRISE_ACCOUNTS);
    const districts = new Map<string, number>();
    for (const a of accounts) {
      expect(a.scopes).toEqual([]);
      expect(a.enterpriseCreditCodes).toHaveLength(1);
      const firm = firms.get(a.enterpriseCreditCodes[0]!)!;
      expect(firm.status).toBe('operating');
      expect(a.username).toBe(`ent-${firm.creditCode}`);
      expect(a.displayName).toBe(firm.name);
      districts.set(firm.districtId, (districts.get(firm.districtId) ?? 0) + 1);
    }
    const districtIds = ofLevel(city(), 'district').map((d) => d.id);
    expect([...districts.keys()].sort()).toEqual([...districtIds].sort());
    const perDistrict = [...districts.values()];
    expect(Math.max(...perDistrict) - Math.min(...perDistrict)).toBeLessThanOrEqual(1);
    // Non-enterprise accounts are never bound to an enterprise.
    for (const a of city().accounts) if (a.role !== 'enterprise') expect(a.enterpriseCreditCodes).toEqual([]);
  });

  it('scopes every account to jurisdictions of the right level', () => {
    const level = new Map(city().jurisdictions.map((n) => [n.id, n.level]));
    const allowed: Record<DemoAccount['role'], string[]> = {
      city_admin: ['city'],
      auditor: ['city'],
      approver: ['city', 'district', 'street'],
      enforcement_officer: ['city', 'district', 'street'],
      district_officer: ['district'],
      street_officer: ['street'],
      grid_inspector: ['grid'],
      enterprise: [],
    };
    for (const a of city().accounts) {
      if (a.role !== 'enterprise') expect(a.scopes.length).toBeGreaterThan(0);
      for (const s of a.scopes) expect(allowed[a.role]).toContain(level.get(s));
    }
  });
});

describe('demo accounts: determinism and the list file', () => {
  it('is deterministic for a seed, and another seed samples other enterprises', () => {
    const again = generateDemoCity({ size: 'small', seed: 7 });
    expect(again.accounts).toEqual(small.accounts);
    expect(generateDemoAccounts(small, 7)).toEqual(small.accounts);
    const other = generateDemoAccounts(small, 8);
    const firms = (accounts: DemoAccount[]) =>
      accounts.filter((a) => a.role === 'enterprise').map((a) => a.username);
    expect(firms(other)).not.toEqual(firms(small.accounts));
    // Fixed usernames do not depend on the seed.
    expect(other.filter((a) => a.role !== 'enterprise').map((a) => a.username)).toEqual(
      small.accounts.filter((a) => a.role !== 'enterprise').map((a) => a.username),
    );
  });

  it('lists the password, one example per role and the second-factor rule before the full list', () => {
    const text = formatAccountList(small.accounts, small);
    const summary = accountListSummary(text);
    expect(summary).toContain(DEMO_PASSWORD);
    for (const username of ['admin', 'auditor', 'approver', 'enforcer', 'district-440310', 'inspector-']) {
      expect(summary).toContain(username);
    }
    expect(summary).toMatch(/street-\d{9}/);
    expect(summary).toMatch(/ent-91/);
    for (const role of MFA_REQUIRED_ROLES)
      expect(summary.match(new RegExp(role, 'g'))!.length).toBeGreaterThan(2);
    expect(summary).toContain('TOTP');
    expect(summary).toContain('首次登录');
    expect(summary).not.toContain(ACCOUNT_LIST_SEPARATOR);
    const full = text.slice(text.indexOf(ACCOUNT_LIST_SEPARATOR));
    for (const a of small.accounts) expect(full).toContain(`${a.username} `);
  });

  it('uses the file name and separator that scripts/start.mjs looks for', () => {
    const start = readFileSync(new URL('../../scripts/start.mjs', import.meta.url), 'utf8');
    expect(start).toContain(`'${DEMO_ACCOUNTS_FILE}'`);
    expect(start).toContain(`'${ACCOUNT_LIST_SEPARATOR}'`);
  });
});
