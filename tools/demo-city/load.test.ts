import { sql } from 'kysely';
import { demoDeviceSecret } from '../device-simulator/demo-device-secret';
import { deviceSecretMatches } from '../../apps/server/src/platform/mqtt/device-credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../apps/server/src/platform/db/database';
import { openTestDatabase } from '../../apps/server/test/test-database';
import { seedIndustries } from '../../apps/server/src/grid/industries/seed-industries';
import { enterpriseSearchTerms, queryTerms } from '../../apps/server/src/grid/enterprises/search-terms';
import { verifyPassword } from '../../apps/server/src/identity/credentials/password-hash';
import { DEMO_PASSWORD, accountsPerRole } from './accounts';
import { generateDemoCity, type DemoCity } from './generate';
import {
  DemoCityExistsError,
  isDatabaseEmpty,
  loadDemoCity,
  writeDemoCity,
  type DemoCityProgress,
} from './load';

let database: Database;
let cleanup: () => Promise<void>;
const SEED = 11;

beforeAll(async () => {
  const t = await openTestDatabase('demo');
  database = t.database;
  cleanup = t.cleanup;
});
afterAll(async () => {
  await cleanup();
});

async function counts() {
  const n = async (
    table:
      | 'jurisdiction'
      | 'inspector'
      | 'grid_assignment'
      | 'enterprise'
      | 'device'
      | 'confined_space'
      | 'app_user'
      | 'user_scope'
      | 'user_enterprise',
  ) =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    jurisdiction: await n('jurisdiction'),
    inspector: await n('inspector'),
    grid_assignment: await n('grid_assignment'),
    enterprise: await n('enterprise'),
    device: await n('device'),
    confined_space: await n('confined_space'),
    app_user: await n('app_user'),
    user_scope: await n('user_scope'),
    user_enterprise: await n('user_enterprise'),
  };
}
const nothing = {
  jurisdiction: 0,
  inspector: 0,
  grid_assignment: 0,
  enterprise: 0,
  device: 0,
  confined_space: 0,
  app_user: 0,
  user_scope: 0,
  user_enterprise: 0,
};

describe('loading the demo city', () => {
  let city: DemoCity;

  it('starts from an empty database', async () => {
    expect(await isDatabaseEmpty(database.db)).toBe(true);
  });

  it('leaves nothing behind when a row fails half-way through', async () => {
    city = generateDemoCity({ size: 'small', seed: SEED });
    const broken: DemoCity = {
      ...city,
      enterprises: city.enterprises.map((e, i) =>
        i === 4_321 ? { ...e, scale: 'gigantic' as unknown as (typeof e)['scale'] } : e,
      ),
    };
    await seedIndustries(database.db);
    await expect(writeDemoCity(database.db, broken)).rejects.toThrow(/check constraint/);
    expect(await counts()).toEqual(nothing);
    expect(await isDatabaseEmpty(database.db)).toBe(true);
  });

  it('leaves nothing behind when the accounts fail (the last thing written)', async () => {
    const broken: DemoCity = {
      ...city,
      accounts: city.accounts.map((a, i) =>
        i === city.accounts.length - 1 ? { ...a, username: 'no spaces' } : a,
      ),
    };
    await expect(writeDemoCity(database.db, broken)).rejects.toThrow(/check constraint/);
    expect(await counts()).toEqual(nothing);
  });

  it('leaves nothing behind when it is interrupted (a progress listener throws)', async () => {
    const onProgress = (p: DemoCityProgress) => {
      if (p.phase === 'enterprises' && p.done >= 2_000) throw new Error('stop here');
    };
    await expect(loadDemoCity(database, { size: 'small', seed: SEED, onProgress })).rejects.toThrow(
      'stop here',
    );
    expect(await counts()).toEqual(nothing);
  });

  it('loads the small city and reports what it wrote', async () => {
    const phases = new Set<string>();
    const summary = await loadDemoCity(database, {
      size: 'small',
      seed: SEED,
      onProgress: (p) => {
        expect(p.done).toBeLessThanOrEqual(p.total);
        phases.add(p.phase);
      },
    });
    expect(summary.counts).toMatchObject({
      jurisdictions: { city: 1, district: 2, street: 9, community: 48, grid: 55 },
      inspectors: city.inspectors.length,
      gridAssignments: city.assignments.length,
      enterprises: 5_000,
      devices: city.devices.length,
      confinedSpaceEnterprises: new Set(city.confinedSpaces.map((s) => s.enterpriseCreditCode)).size,
      confinedSpaces: city.confinedSpaces.length,
      accounts: accountsPerRole(city.accounts),
    });
    expect([...phases]).toEqual(
      expect.arrayContaining([
        'industries',
        'generate',
        'jurisdictions',
        'enterprises',
        'devices',
        'confined_spaces',
        'accounts',
        'patrols',
      ]),
    );
    // This month's patrol tasks are planned, for operating enterprises only, each with an inspector.
    const tasks = await sql<{ n: string; not_operating: string }>`
      SELECT count(*) AS n, count(*) FILTER (WHERE e.status <> 'operating') AS not_operating
      FROM patrol_task t JOIN enterprise e ON e.id = t.enterprise_id`.execute(database.db);
    expect(summary.counts.patrolTasks).toBeGreaterThan(0);
    expect(Number(tasks.rows[0]!.n)).toBe(summary.counts.patrolTasks);
    expect(Number(tasks.rows[0]!.not_operating)).toBe(0);
    expect(await counts()).toEqual({
      jurisdiction: 115,
      inspector: city.inspectors.length,
      grid_assignment: city.assignments.length,
      enterprise: 5_000,
      device: city.devices.length,
      confined_space: city.confinedSpaces.length,
      app_user: city.accounts.length,
      user_scope: city.accounts.reduce((sum, a) => sum + a.scopes.length, 0),
      user_enterprise: city.accounts.filter((a) => a.role === 'enterprise').length,
    });
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    // Every demo device can log in to the broker with its derivable demo secret, and only with it.
    const devices = await database.db.selectFrom('device').select(['id', 'secret_hash']).execute();
    expect(devices.every((d) => deviceSecretMatches(d.secret_hash, demoDeviceSecret(d.id)))).toBe(true);
    expect(deviceSecretMatches(devices[0]!.secret_hash, demoDeviceSecret(devices[1]!.id))).toBe(false);
    // The search index survives the load (on PostgreSQL it is dropped and rebuilt inside it).
    const gin = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'enterprise' AND indexdef LIKE '%USING gin%'`.execute(
      database.db,
    );
    expect(Number(gin.rows[0]!.n)).toBe(1);
  });

  it('stores exactly the generated rows (same seed, same city)', async () => {
    const rows = await database.db
      .selectFrom('enterprise')
      .select([
        'credit_code',
        'name',
        'address',
        'industry_code',
        'lon',
        'lat',
        'grid_id',
        'synthetic',
        'search_terms',
      ])
      .execute();
    const generated = new Map(city.enterprises.map((e) => [e.creditCode, e]));
    for (const r of rows) {
      const e = generated.get(r.credit_code)!;
      expect(r).toEqual({
        credit_code: e.creditCode,
        name: e.name,
        address: e.address,
        industry_code: e.industryCode,
        lon: e.lon,
        lat: e.lat,
        grid_id: e.gridId,
        synthetic: true,
        search_terms: enterpriseSearchTerms(e.name, e.address),
      });
    }
    const dapeng = await database.db
      .selectFrom('jurisdiction')
      .select(['name', 'is_functional', 'official_code', 'boundary_synthetic', 'boundary'])
      .where('id', '=', 'DP-440307')
      .executeTakeFirstOrThrow();
    expect(dapeng).toMatchObject({
      name: '大鹏新区',
      is_functional: true,
      official_code: null,
      boundary_synthetic: false,
    });
    expect((dapeng.boundary as { type: string }).type).toBe('MultiPolygon');
  });

  it('answers who is responsible for each grid on a day: two or three inspectors', async () => {
    for (const day of ['2024-03-01', '2025-10-01', '2026-11-30']) {
      const rows = await database.db
        .selectFrom('jurisdiction as g')
        .leftJoin('grid_assignment as a', (join) =>
          join
            .onRef('a.grid_id', '=', 'g.id')
            .on('a.valid_from', '<=', day)
            .on((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>', day)])),
        )
        .select(['g.id', sql<string>`count(a.id)`.as('n')])
        .where('g.level', '=', 'grid')
        .groupBy('g.id')
        .execute();
      expect(rows).toHaveLength(55);
      for (const r of rows) expect(['2', '3']).toContain(String(r.n));
    }
    // Inspectors belong to the street of the grid they serve.
    const mismatched = await sql<{ n: string }>`
      SELECT count(*) AS n FROM grid_assignment a
      JOIN inspector i ON i.id = a.inspector_id
      JOIN jurisdiction g ON g.id = a.grid_id
      JOIN jurisdiction c ON c.id = g.parent_id
      WHERE c.parent_id <> i.street_id`.execute(database.db);
    expect(Number(mismatched.rows[0]!.n)).toBe(0);
  });

  it('attaches the devices to enterprises by their database ids', async () => {
    const devices = await database.db
      .selectFrom('device as d')
      .innerJoin('enterprise as e', 'e.id', 'd.enterprise_id')
      .select(['d.id', 'd.kind', 'e.credit_code'])
      .orderBy('d.id')
      .execute();
    expect(devices.map((d) => [d.id, d.kind, d.credit_code])).toEqual(
      [...city.devices]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((d) => [d.id, d.kind, d.enterpriseCreditCode]),
    );
  });

  it('stores the confined-space ledger as generated, each device at a space of its own firm', async () => {
    const rows = await database.db
      .selectFrom('confined_space as s')
      .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
      .select([
        'e.credit_code',
        's.code',
        's.name',
        's.space_type',
        's.location',
        's.lon',
        's.lat',
        's.hazards',
        's.ventilation',
        's.entry_points',
        's.rescue_plan',
        's.rescue_equipment',
        's.warning_sign',
        's.limits',
        's.synthetic',
      ])
      .execute();
    const key = (creditCode: string, code: string) => `${creditCode}/${code}`;
    const stored = new Map(rows.map((r) => [key(r.credit_code, r.code), r]));
    expect(stored.size).toBe(city.confinedSpaces.length);
    for (const s of city.confinedSpaces) {
      expect(stored.get(key(s.enterpriseCreditCode, s.code))).toEqual({
        credit_code: s.enterpriseCreditCode,
        code: s.code,
        name: s.name,
        space_type: s.spaceType,
        location: s.location,
        lon: s.lon,
        lat: s.lat,
        hazards: s.hazards,
        ventilation: s.ventilation,
        entry_points: s.entryPoints,
        rescue_plan: s.rescuePlan,
        rescue_equipment: s.rescueEquipment,
        warning_sign: s.warningSign,
        limits: null,
        synthetic: true,
      });
    }
    const devices = await database.db
      .selectFrom('device as d')
      .leftJoin('confined_space as s', 's.id', 'd.confined_space_id')
      .select(['d.id', 'd.enterprise_id', 's.enterprise_id as space_enterprise_id', 's.code'])
      .execute();
    expect(devices).toHaveLength(city.devices.length);
    const generated = new Map(city.devices.map((d) => [d.id, d.confinedSpaceCode]));
    for (const d of devices) {
      expect(d.space_enterprise_id).toBe(d.enterprise_id);
      expect(d.code).toBe(generated.get(d.id));
    }
  });

  it('stores the demo accounts: synthetic, one shared hash of the demo password', async () => {
    const users = await database.db
      .selectFrom('app_user')
      .select(['username', 'display_name', 'role', 'synthetic', 'disabled', 'password_hash', 'mfa_secret'])
      .execute();
    expect(users.map((u) => [u.username, u.display_name, u.role]).sort()).toEqual(
      city.accounts.map((a) => [a.username, a.displayName, a.role]).sort(),
    );
    for (const u of users) expect([u.synthetic, u.disabled, u.mfa_secret]).toEqual([true, false, null]);
    const hashes = new Set(users.map((u) => u.password_hash));
    expect(hashes.size).toBe(1);
    expect(await verifyPassword([...hashes][0]!, DEMO_PASSWORD)).toBe(true);
  });

  it("scopes each inspector's account to the grids the inspector serves now", async () => {
    const rows = await sql<{ username: string; scopes: string[] | null; grids: string[] | null }>`
      SELECT u.username,
        ARRAY(SELECT s.jurisdiction_id FROM user_scope s WHERE s.user_id = u.id ORDER BY 1) AS scopes,
        ARRAY(SELECT a.grid_id FROM grid_assignment a
              WHERE a.inspector_id = u.inspector_id AND a.valid_to IS NULL ORDER BY 1) AS grids
      FROM app_user u WHERE u.role = 'grid_inspector'`.execute(database.db);
    expect(rows.rows.length).toBe(accountsPerRole(city.accounts).grid_inspector);
    for (const r of rows.rows) {
      expect(r.grids!.length).toBeGreaterThan(0);
      expect(r.scopes).toEqual(r.grids);
    }
    // Every inspector still on the roster has an account, and only inspectors have one.
    const unaccounted = await sql<{ n: string }>`
      SELECT count(DISTINCT a.inspector_id) AS n FROM grid_assignment a
      WHERE a.valid_to IS NULL
        AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.inspector_id = a.inspector_id)`.execute(database.db);
    expect(Number(unaccounted.rows[0]!.n)).toBe(0);
    const linked = await database.db
      .selectFrom('app_user')
      .select('role')
      .where('inspector_id', 'is not', null)
      .distinct()
      .execute();
    expect(linked.map((r) => r.role)).toEqual(['grid_inspector']);
  });

  it('binds each enterprise account to the enterprise its username names', async () => {
    const rows = await database.db
      .selectFrom('app_user as u')
      .innerJoin('user_enterprise as b', 'b.user_id', 'u.id')
      .innerJoin('enterprise as e', 'e.id', 'b.enterprise_id')
      .select(['u.username', 'u.display_name', 'e.credit_code', 'e.name'])
      .execute();
    expect(rows).toHaveLength(city.accounts.filter((a) => a.role === 'enterprise').length);
    for (const r of rows) {
      expect(r.username).toBe(`ent-${r.credit_code}`);
      expect(r.display_name).toBe(r.name);
    }
    const unscoped = await sql<{ role: string }>`
      SELECT DISTINCT u.role FROM app_user u
      WHERE NOT EXISTS (SELECT 1 FROM user_scope s WHERE s.user_id = u.id)`.execute(database.db);
    expect(unscoped.rows.map((r) => r.role)).toEqual(['enterprise']);
  });

  it('finds enterprises through their search terms', async () => {
    const sample = city.enterprises[123]!;
    const hits = await database.db
      .selectFrom('enterprise')
      .select('credit_code')
      .where('search_terms', '@>', sql<number[]>`${queryTerms(sample.name.slice(3, 5))}::integer[]`)
      .execute();
    expect(hits.map((h) => h.credit_code)).toContain(sample.creditCode);
  });

  it('refuses to load a second city on top of the first', async () => {
    await expect(loadDemoCity(database, { size: 'small', seed: SEED })).rejects.toBeInstanceOf(
      DemoCityExistsError,
    );
    expect((await counts()).enterprise).toBe(5_000);
  });
});
