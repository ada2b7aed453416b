import { MFA_REQUIRED_ROLES, ROLES, type Role } from '@safegrid/contracts/values';
import type { DeviceRecord } from './generate';
import type { EnterpriseRecord } from './enterprises';
import { CITY_ID, type JurisdictionNode } from './jurisdiction';
import type { AssignmentRecord, InspectorRecord } from './people';
import { Random } from './prng';

/**
 * Demo accounts: one or more for every role, spread over the demo city. They exist only in a
 * database the demo loader wrote (the embedded database at first start, or `npm run demo:city`);
 * the server never creates accounts by itself. All share one published password, so nothing
 * here is a secret: a real deployment has no demo city and therefore none of these accounts.
 */
export interface DemoAccount {
  /** Matches the app_user username check: `^[A-Za-z0-9._-]{3,64}$`. */
  username: string;
  displayName: string;
  role: Role;
  /** Jurisdiction ids the account sees; empty for enterprise accounts (they are bound instead). */
  scopes: string[];
  /** A grid inspector's roster entry (by phone, as assignments refer to it). */
  inspectorPhone: string | null;
  phone: string | null;
  /** Credit codes of the enterprises an enterprise account is bound to. */
  enterpriseCreditCodes: string[];
}

/**
 * The one password of every demo account. It passes the password rules (≥ 12 characters, no
 * username inside, not a known-breached password); a test checks it against every username.
 */
export const DEMO_PASSWORD = 'SafeGrid-demo-2026';

/** How many enterprises get an account, spread evenly over the districts. */
export const DEMO_ENTERPRISE_ACCOUNTS = 50;

/** The display_name column allows 64 characters. */
const DISPLAY_NAME_MAX = 64;

function truncate(name: string): string {
  const chars = [...name];
  return chars.length <= DISPLAY_NAME_MAX ? name : chars.slice(0, DISPLAY_NAME_MAX).join('');
}

export interface DemoAccountSource {
  jurisdictions: readonly JurisdictionNode[];
  inspectors: readonly InspectorRecord[];
  assignments: readonly AssignmentRecord[];
  enterprises: readonly EnterpriseRecord[];
  devices: readonly DeviceRecord[];
}

/**
 * Deterministic from the city and the seed. Inspectors are numbered by their roster serial (the
 * last four digits of their 1380000xxxx phone), so `inspector-17` is phone 13800000017. An
 * inspector who handed their only grid over to a successor has no current grid and gets no
 * account: the server requires every non-enterprise account to have at least one scope.
 */
export function generateDemoAccounts(city: DemoAccountSource, seed: number): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  const add = (
    account: Pick<DemoAccount, 'username' | 'displayName' | 'role'> & Partial<DemoAccount>,
  ): void => {
    accounts.push({
      scopes: [],
      inspectorPhone: null,
      phone: null,
      enterpriseCreditCodes: [],
      ...account,
      displayName: truncate(account.displayName),
    });
  };
  const districts = city.jurisdictions.filter((n) => n.level === 'district');
  const streets = city.jurisdictions.filter((n) => n.level === 'street');

  add({ username: 'admin', displayName: '市级管理员', role: 'city_admin', scopes: [CITY_ID] });
  add({ username: 'auditor', displayName: '审计员', role: 'auditor', scopes: [CITY_ID] });
  add({ username: 'approver', displayName: '审批领导', role: 'approver', scopes: [CITY_ID] });
  add({
    username: 'enforcer',
    displayName: '执法人员（市级）',
    role: 'enforcement_officer',
    scopes: [CITY_ID],
  });
  for (const d of districts) {
    add({
      username: `enforcer-${d.id}`,
      displayName: `执法人员（${d.name}）`,
      role: 'enforcement_officer',
      scopes: [d.id],
    });
  }
  // 审核 of enforcement cases: a district approver per district (the city-wide `approver` is 负责人).
  for (const d of districts) {
    add({
      username: `approver-${d.id}`,
      displayName: `审核人员（${d.name}）`,
      role: 'approver',
      scopes: [d.id],
    });
  }
  for (const d of districts) {
    add({
      username: `district-${d.id}`,
      displayName: `${d.name}监管人员`,
      role: 'district_officer',
      scopes: [d.id],
    });
  }
  for (const s of streets) {
    add({
      username: `street-${s.id}`,
      displayName: `${s.name}监管人员`,
      role: 'street_officer',
      scopes: [s.id],
    });
  }

  const currentGrids = new Map<string, string[]>();
  for (const a of city.assignments) {
    if (a.validTo !== null) continue;
    const grids = currentGrids.get(a.inspectorPhone) ?? [];
    grids.push(a.gridId);
    currentGrids.set(a.inspectorPhone, grids);
  }
  for (const p of city.inspectors) {
    const grids = currentGrids.get(p.phone);
    if (!grids) continue;
    add({
      username: `inspector-${Number(p.phone.slice(-4))}`,
      displayName: p.name,
      role: 'grid_inspector',
      scopes: [...new Set(grids)].sort(),
      inspectorPhone: p.phone,
      phone: p.phone,
    });
  }

  // Operating firms, evenly over the districts (the small city has two, so 25 each there). The
  // first firm of each district has a gas detector when any there does — with a smart lock beside
  // it if possible — so the enterprise view has live readings and a door to run a permit on.
  const random = Random.stream(seed, 'accounts');
  const withLock = new Set(
    city.devices.filter((d) => d.kind === 'smart_lock').map((d) => d.enterpriseCreditCode),
  );
  const withDevice = new Set(city.devices.map((d) => d.enterpriseCreditCode));
  const byDistrict = new Map<string, EnterpriseRecord[]>(districts.map((d) => [d.id, []]));
  for (const e of city.enterprises) if (e.status === 'operating') byDistrict.get(e.districtId)?.push(e);
  // Each district's device firm is listed first, so tools that look for one (demo-live) find it
  // after a few sign-ins rather than after all of them.
  const leaders: EnterpriseRecord[] = [];
  const others: EnterpriseRecord[] = [];
  districts.forEach((d, i) => {
    const quota =
      Math.floor(DEMO_ENTERPRISE_ACCOUNTS / districts.length) +
      (i < DEMO_ENTERPRISE_ACCOUNTS % districts.length ? 1 : 0);
    const pool = random.shuffle([...byDistrict.get(d.id)!]);
    const locked = pool.findIndex((e) => withLock.has(e.creditCode));
    const first = locked >= 0 ? locked : pool.findIndex((e) => withDevice.has(e.creditCode));
    if (first > 0) pool.unshift(...pool.splice(first, 1));
    const taken = pool.slice(0, quota);
    if (first >= 0 && taken.length > 0) leaders.push(taken.shift()!);
    others.push(...taken);
  });
  const chosen = [...leaders, ...others];
  for (const e of chosen) {
    add({
      username: `ent-${e.creditCode}`,
      displayName: e.name,
      role: 'enterprise',
      enterpriseCreditCodes: [e.creditCode],
    });
  }
  return accounts;
}

export function accountsPerRole(accounts: readonly DemoAccount[]): Record<Role, number> {
  const counts = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const a of accounts) counts[a.role]++;
  return counts;
}

/** The order of the example table; one account of each role. */
const EXAMPLE_ORDER: readonly Role[] = [
  'city_admin',
  'auditor',
  'approver',
  'enforcement_officer',
  'district_officer',
  'street_officer',
  'grid_inspector',
  'enterprise',
];

/**
 * The account list's name inside the embedded data directory (SAFEGRID_DATA_DIR, default `var`),
 * beside PGlite's own directory; `scripts/start.mjs` looks for the same name.
 */
export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

/** First line after the summary in the account list file; `scripts/start.mjs` prints up to it. */
export const ACCOUNT_LIST_SEPARATOR = '==== All demo accounts · 全部演示账号 ====';

/**
 * The account list file: a summary (password, second-factor rule, one example per role) that the
 * start command prints, then every account with its scopes or enterprise.
 */
/** The summary part of an account list file (what the start command prints). */
export function accountListSummary(text: string): string {
  const end = text.indexOf(ACCOUNT_LIST_SEPARATOR);
  return end < 0 ? text : text.slice(0, end).trimEnd();
}

export function formatAccountList(
  accounts: readonly DemoAccount[],
  city: { size: string; seed: number; jurisdictions: readonly JurisdictionNode[] },
): string {
  const names = new Map(city.jurisdictions.map((n) => [n.id, n.name]));
  const counts = accountsPerRole(accounts);
  const mfa = `${MFA_REQUIRED_ROLES.slice(0, -1).join(', ')} and ${MFA_REQUIRED_ROLES.at(-1)}`;
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));
  const usernameWidth = Math.max(...accounts.map((a) => a.username.length)) + 2;
  const lines = [
    `SafeGrid demo accounts · 演示账号 (${city.size} demo city, seed ${city.seed}; synthetic, demo only)`,
    `Password of every demo account · 所有演示账号的密码:  ${DEMO_PASSWORD}`,
    '',
    `  ${pad('role', 21)}${pad('example username', usernameWidth)}${pad('accounts', 10)}display name`,
  ];
  for (const role of EXAMPLE_ORDER) {
    const example = accounts.find((a) => a.role === role);
    if (!example) continue;
    lines.push(
      `  ${pad(role, 21)}${pad(example.username, usernameWidth)}${pad(String(counts[role]), 10)}${example.displayName}`,
    );
  }
  lines.push(
    '',
    `首次登录时，${MFA_REQUIRED_ROLES.join('、')} 角色必须绑定 TOTP 动态口令（第二因素）。`,
    `The roles ${mfa} must enrol a TOTP second factor on their first sign-in.`,
    '',
    ACCOUNT_LIST_SEPARATOR,
    `${pad('username', usernameWidth)}${pad('role', 21)}display name · scope / enterprise`,
  );
  for (const a of accounts) {
    const where =
      a.role === 'enterprise'
        ? a.enterpriseCreditCodes.join(', ')
        : a.scopes.map((id) => `${names.get(id) ?? '?'} ${id}`).join(', ');
    lines.push(`${pad(a.username, usernameWidth)}${pad(a.role, 21)}${a.displayName} · ${where}`);
  }
  return `${lines.join('\n')}\n`;
}
