import { planDemoPatrols } from './patrols';
import { simulateEnforcementYear } from './enforcement-year';
import { gradeDemoCity, seedDemoProfiles, type DemoProfileCounts } from './profiles';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { demoDeviceSecret } from '../device-simulator/demo-device-secret';
import { deviceSecretHash } from '../../apps/server/src/platform/mqtt/device-credentials';
import type { Role } from '@safegrid/contracts/values';
import type { Database } from '../../apps/server/src/platform/db/database';
import type { DB } from '../../apps/server/src/platform/db/schema';
import { withSuspendedUpkeep } from '../../apps/server/src/platform/db/bulk-load';
import { seedIndustries } from '../../apps/server/src/grid/industries/seed-industries';
import { enterpriseSearchTerms } from '../../apps/server/src/grid/enterprises/search-terms';
import { hashPassword } from '../../apps/server/src/identity/credentials/password-hash';
import { DEMO_PASSWORD, accountsPerRole, formatAccountList } from './accounts';
import { generateDemoCity, type DemoCity, type DemoCitySizeName } from './generate';
import type { Level } from './jurisdiction';

export type DemoCityPhase =
  | 'generate'
  | 'industries'
  | 'jurisdictions'
  | 'inspectors'
  | 'assignments'
  | 'enterprises'
  | 'indexes'
  | 'devices'
  | 'confined_spaces'
  | 'accounts'
  | 'analyze'
  | 'patrols'
  | 'profiles'
  | 'grades'
  | 'enforcement';

export interface DemoCityProgress {
  phase: DemoCityPhase;
  done: number;
  total: number;
}

export type ProgressListener = (progress: DemoCityProgress) => void;

export interface DemoCitySummary {
  size: DemoCitySizeName;
  seed: number;
  database: Database['mode'];
  counts: {
    industriesAdded: number;
    jurisdictions: Record<Level, number>;
    inspectors: number;
    gridAssignments: number;
    enterprises: number;
    devices: number;
    /** The confined-space ledger: firms holding one, and their spaces. */
    confinedSpaceEnterprises: number;
    confinedSpaces: number;
    /** Demo accounts per role (all with the one demo password). */
    accounts: Record<Role, number>;
    /** Patrol tasks planned for the current month (so inspectors have today's work). */
    patrolTasks: number;
    /** Profile records and hazard history (source 'demo'), and the grades computed from them. */
    profiles: DemoProfileCounts;
    grades: Record<string, number>;
  };
  timings: {
    generateMs: number;
    industriesMs: number;
    /** The one transaction that writes the city. */
    writeMs: number;
    totalMs: number;
    phasesMs: Partial<Record<DemoCityPhase, number>>;
  };
}

export class DemoCityExistsError extends Error {
  constructor() {
    super('The database already holds a jurisdiction tree; the demo city is only loaded into an empty one.');
    this.name = 'DemoCityExistsError';
  }
}

/** "Empty" means no jurisdiction tree: everything else in the city hangs off it. */
export async function isDatabaseEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('jurisdiction').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** PostgreSQL accepts at most 65,535 bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;
/**
 * Rows per INSERT. Bigger statements mean fewer round trips (PGlite pays a WASM crossing per
 * statement), but past a couple of thousand rows the gain is gone and memory grows.
 */
const MAX_ROWS = 2_000;

interface BatchSpec<T> {
  phase: DemoCityPhase;
  /** `INSERT INTO t (a, b)` — the VALUES list is appended. */
  head: string;
  /** Text after the VALUES list (RETURNING, a join for devices…). */
  tail?: string;
  /** SQL wrapped around the VALUES list, when it is a source rather than the target. */
  wrap?: (values: string) => string;
  columns: number;
  /** SQL constants appended to every tuple (`true` for synthetic): fewer parameters a row. */
  constants?: string;
  /** Per column, SQL around the parameter (`$` stands for it); default the parameter itself. */
  expressions?: Record<number, string>;
  rows: readonly T[];
  values: (row: T) => unknown[];
}

async function insertBatches<T, R = unknown>(
  trx: Transaction<DB>,
  spec: BatchSpec<T>,
  progress: (phase: DemoCityPhase, done: number, total: number) => void,
): Promise<R[]> {
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / spec.columns));
  const returned: R[] = [];
  const tuple = (offset: number) => {
    const cells = Array.from({ length: spec.columns }, (_, c) => {
      const param = `$${offset * spec.columns + c + 1}`;
      const expression = spec.expressions?.[c];
      return expression ? expression.replace('$', param) : param;
    });
    return `(${cells.join(',')}${spec.constants ?? ''})`;
  };
  for (let start = 0; start < spec.rows.length; start += perStatement) {
    const batch = spec.rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    batch.forEach((row, i) => {
      const values = spec.values(row);
      if (values.length !== spec.columns) throw new Error(`${spec.phase}: row has ${values.length} values`);
      params.push(...values);
      tuples.push(tuple(i));
    });
    const list = tuples.join(',');
    const text = `${spec.head} ${spec.wrap ? spec.wrap(list) : `VALUES ${list}`}${spec.tail ? ` ${spec.tail}` : ''}`;
    const result = await trx.executeQuery<R>(CompiledQuery.raw(text, params));
    returned.push(...result.rows);
    progress(spec.phase, start + batch.length, spec.rows.length);
  }
  return returned;
}

/** Sort memory for the index builds after a bulk load: the default 64 MB spills the GIN build. */
const BULK_MAINTENANCE_MEMORY = '256MB';

/** Enterprises per statement: one array per column, so the statement has 15 parameters. */
const ENTERPRISE_CHUNK = 5_000;

/**
 * The enterprises as one array per column, unnested by the database: a VALUES list of 2,000 rows
 * has 30,000 parameters to parse, plan and bind, which on PostgreSQL cost about as much as the
 * rows themselves.
 */
async function insertEnterprises(
  trx: Transaction<DB>,
  enterprises: DemoCity['enterprises'],
  progress: (phase: DemoCityPhase, done: number, total: number) => void,
): Promise<void> {
  for (let start = 0; start < enterprises.length; start += ENTERPRISE_CHUNK) {
    const batch = enterprises.slice(start, start + ENTERPRISE_CHUNK);
    const column = <V>(value: (e: (typeof batch)[number]) => V) => batch.map(value);
    await sql`
      INSERT INTO enterprise (credit_code, name, address, industry_code, gongmao_category, scale, employees,
        lon, lat, grid_id, community_id, street_id, district_id, status, search_terms, synthetic)
      SELECT credit_code, name, address, industry_code, gongmao_category, scale, employees,
        lon, lat, grid_id, community_id, street_id, district_id, status,
        string_to_array(search_terms, ' ')::integer[], true
      FROM unnest(
        ${column((e) => e.creditCode)}::text[], ${column((e) => e.name)}::text[],
        ${column((e) => e.address)}::text[], ${column((e) => e.industryCode)}::text[],
        ${column((e) => e.gongmaoCategory)}::text[], ${column((e) => e.scale)}::text[],
        ${column((e) => e.employees)}::integer[], ${column((e) => e.lon)}::float8[],
        ${column((e) => e.lat)}::float8[], ${column((e) => e.gridId)}::text[],
        ${column((e) => e.communityId)}::text[], ${column((e) => e.streetId)}::text[],
        ${column((e) => e.districtId)}::text[], ${column((e) => e.status)}::text[],
        -- The terms travel as one space-separated string of integers per row, computed here rather
        -- than kept on the record: 120,000 arrays of ~70 terms would hold some 200 MB until the end.
        ${column((e) => enterpriseSearchTerms(e.name, e.address).join(' '))}::text[]
      ) AS u(credit_code, name, address, industry_code, gongmao_category, scale, employees,
        lon, lat, grid_id, community_id, street_id, district_id, status, search_terms)`.execute(trx);
    progress('enterprises', start + batch.length, enterprises.length);
  }
}

const LEVEL_RANK: Record<Level, number> = { city: 0, district: 1, street: 2, community: 3, grid: 4 };

export interface WriteOptions {
  onProgress?: ProgressListener;
  /**
   * The PHC string every demo account gets. Hashing costs tens of milliseconds, so it is done
   * once for all accounts (by the caller, or here when this is absent).
   */
  passwordHash?: string;
}

/**
 * Writes a generated city in one transaction: a failure anywhere (bad row, lost connection,
 * a progress listener that throws) leaves the database as it was.
 */
export async function writeDemoCity(
  db: Kysely<DB>,
  city: DemoCity,
  options: WriteOptions = {},
): Promise<Partial<Record<DemoCityPhase, number>>> {
  const onProgress = options.onProgress;
  const phasesMs: Partial<Record<DemoCityPhase, number>> = {};
  let phaseStart = performance.now();
  const progress = (phase: DemoCityPhase, done: number, total: number) => {
    if (done === total) {
      phasesMs[phase] = Math.round(performance.now() - phaseStart);
      phaseStart = performance.now();
    }
    onProgress?.({ phase, done, total });
  };

  const passwordHash = options.passwordHash ?? (await hashPassword(DEMO_PASSWORD));

  await db.transaction().execute(async (trx) => {
    // Two processes starting on one empty PostgreSQL must not both load a city — into the same
    // schema; loads into different schemas (tests, benchmarks) must not wait for each other.
    await sql`SELECT pg_advisory_xact_lock(hashtext('safegrid.demo-city.' || current_schema()))`.execute(trx);
    if (!(await isDatabaseEmpty(trx))) throw new DemoCityExistsError();

    const nodes = [...city.jurisdictions].sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    await insertBatches(
      trx,
      {
        phase: 'jurisdictions',
        head:
          'INSERT INTO jurisdiction (id, level, parent_id, name, official_code, is_functional, boundary, ' +
          'boundary_synthetic, center_lon, center_lat, sort_order)',
        columns: 11,
        rows: nodes,
        values: (n) => [
          n.id,
          n.level,
          n.parentId,
          n.name,
          n.officialCode,
          n.isFunctional,
          JSON.stringify({ type: 'MultiPolygon', coordinates: n.boundary }),
          n.boundarySynthetic,
          n.centerLon,
          n.centerLat,
          n.sortOrder,
        ],
      },
      progress,
    );

    const inspectorIds = new Map<string, string>();
    const inserted = await insertBatches<(typeof city.inspectors)[number], { id: string; phone: string }>(
      trx,
      {
        phase: 'inspectors',
        head: 'INSERT INTO inspector (name, phone, street_id, synthetic)',
        constants: ',true',
        tail: 'RETURNING id, phone',
        columns: 3,
        rows: city.inspectors,
        values: (p) => [p.name, p.phone, p.streetId],
      },
      progress,
    );
    for (const r of inserted) inspectorIds.set(r.phone, String(r.id));

    await insertBatches(
      trx,
      {
        phase: 'assignments',
        head: 'INSERT INTO grid_assignment (inspector_id, grid_id, valid_from, valid_to)',
        columns: 4,
        rows: city.assignments,
        values: (a) => {
          const id = inspectorIds.get(a.inspectorPhone);
          if (!id) throw new Error(`assignment for unknown inspector ${a.inspectorPhone}`);
          return [id, a.gridId, a.validFrom, a.validTo];
        },
      },
      progress,
    );

    // The enterprises' foreign keys and secondary indexes (the search GIN index among them) are
    // built once after the rows rather than row by row (platform/db/bulk-load.ts), and the
    // grading queue's trigger stays off: the loader grades the whole city itself afterwards.
    await withSuspendedUpkeep(
      trx,
      {
        tables: ['enterprise'],
        triggers: [['enterprise', 'enterprise_grading_ins']],
        maintenanceWorkMem: BULK_MAINTENANCE_MEMORY,
      },
      () => insertEnterprises(trx, city.enterprises, progress),
    );
    progress('indexes', 1, 1);

    await insertBatches(
      trx,
      {
        phase: 'devices',
        head: 'INSERT INTO device (id, kind, enterprise_id, label, secret_hash)',
        // The enterprise ids were assigned by the database: find each through its credit code.
        wrap: (values) =>
          `SELECT v.id, v.kind, e.id, v.label, v.secret_hash FROM (VALUES ${values}) ` +
          'AS v(id, kind, credit_code, label, secret_hash) JOIN enterprise e ON e.credit_code = v.credit_code',
        columns: 5,
        rows: city.devices,
        // Demo devices log in to the broker with their derivable demo secrets (the simulator's).
        values: (d) => [
          d.id,
          d.kind,
          d.enterpriseCreditCode,
          d.label,
          deviceSecretHash(demoDeviceSecret(d.id)),
        ],
      },
      progress,
    );

    // The ledger, then each device's space: one progress phase over both.
    const spaceRows = city.confinedSpaces.length + city.devices.length;
    const spaceProgress = (_phase: DemoCityPhase, done: number) =>
      progress('confined_spaces', done, spaceRows);
    const spaces = await insertBatches(
      trx,
      {
        phase: 'confined_spaces',
        head:
          'INSERT INTO confined_space (enterprise_id, code, name, space_type, location, lon, lat, hazards, ' +
          'ventilation, entry_points, rescue_plan, rescue_equipment, warning_sign, synthetic)',
        // Like the devices: the enterprise's database id is found through its credit code.
        wrap: (values) =>
          'SELECT e.id, v.code, v.name, v.space_type, v.location, v.lon, v.lat, v.hazards, v.ventilation, ' +
          `v.entry_points, v.rescue_plan, v.rescue_equipment, v.warning_sign, true FROM (VALUES ${values}) ` +
          'AS v(credit_code, code, name, space_type, location, lon, lat, hazards, ventilation, entry_points, ' +
          'rescue_plan, rescue_equipment, warning_sign) JOIN enterprise e ON e.credit_code = v.credit_code',
        // A VALUES list types its parameters as text unless told. The arrays travel as one joined
        // string each (one parameter, and no array-literal quoting of Chinese text by the driver).
        expressions: {
          5: '$::double precision',
          6: '$::double precision',
          7: "string_to_array($, ',')",
          9: '$::smallint',
          11: "string_to_array($, ',')",
          12: '$::boolean',
        },
        tail: 'RETURNING id',
        columns: 13,
        rows: city.confinedSpaces,
        values: (s) => [
          s.enterpriseCreditCode,
          s.code,
          s.name,
          s.spaceType,
          s.location,
          s.lon,
          s.lat,
          s.hazards.join(','),
          s.ventilation,
          s.entryPoints,
          s.rescuePlan,
          s.rescueEquipment.join(','),
          s.warningSign,
        ],
      },
      spaceProgress,
    );
    // The join drops an unknown credit code silently; a ledger short of rows is a broken city.
    if (spaces.length !== city.confinedSpaces.length) {
      throw new Error(`stored ${spaces.length} of ${city.confinedSpaces.length} confined spaces`);
    }
    const placed = await insertBatches(
      trx,
      {
        phase: 'confined_spaces',
        // Matching on the device's own enterprise: a device can only be placed in its firm's space.
        head: 'UPDATE device d SET confined_space_id = s.id FROM',
        wrap: (values) =>
          `(VALUES ${values}) AS v(id, code), confined_space s ` +
          'WHERE d.id = v.id AND s.enterprise_id = d.enterprise_id AND s.code = v.code',
        tail: 'RETURNING d.id',
        columns: 2,
        rows: city.devices,
        values: (d) => [d.id, d.confinedSpaceCode],
      },
      (_phase, done) => progress('confined_spaces', city.confinedSpaces.length + done, spaceRows),
    );
    if (placed.length !== city.devices.length) {
      throw new Error(`placed ${placed.length} of ${city.devices.length} devices in a confined space`);
    }

    // Accounts, then their scopes and enterprise bindings: one progress phase over all three.
    const scopeRows = city.accounts.flatMap((a) =>
      a.scopes.map((scope) => ({ username: a.username, scope })),
    );
    const bindingRows = city.accounts.flatMap((a) =>
      a.enterpriseCreditCodes.map((creditCode) => ({ username: a.username, creditCode })),
    );
    const accountRows = city.accounts.length + scopeRows.length + bindingRows.length;
    let accountOffset = 0;
    const accountProgress = (_phase: DemoCityPhase, done: number) =>
      progress('accounts', accountOffset + done, accountRows);
    const users = await insertBatches<(typeof city.accounts)[number], { id: string; username: string }>(
      trx,
      {
        phase: 'accounts',
        head: 'INSERT INTO app_user (username, display_name, role, password_hash, phone, inspector_id, synthetic)',
        constants: ',true',
        tail: 'RETURNING id, username',
        columns: 6,
        rows: city.accounts,
        values: (a) => {
          const inspectorId = a.inspectorPhone === null ? null : inspectorIds.get(a.inspectorPhone);
          if (inspectorId === undefined) throw new Error(`account ${a.username} for an unknown inspector`);
          return [a.username, a.displayName, a.role, passwordHash, a.phone, inspectorId];
        },
      },
      accountProgress,
    );
    accountOffset += city.accounts.length;
    const userIds = new Map(users.map((u) => [u.username, String(u.id)]));
    const userId = (username: string) => {
      const id = userIds.get(username);
      if (!id) throw new Error(`no id came back for account ${username}`);
      return id;
    };
    await insertBatches(
      trx,
      {
        phase: 'accounts',
        head: 'INSERT INTO user_scope (user_id, jurisdiction_id)',
        columns: 2,
        rows: scopeRows,
        values: (r) => [userId(r.username), r.scope],
      },
      accountProgress,
    );
    accountOffset += scopeRows.length;
    const bound = await insertBatches(
      trx,
      {
        phase: 'accounts',
        head: 'INSERT INTO user_enterprise (user_id, enterprise_id)',
        // Like the devices: the enterprise's database id is found through its credit code.
        wrap: (values) =>
          `SELECT v.user_id, e.id FROM (VALUES ${values}) AS v(user_id, credit_code) ` +
          'JOIN enterprise e ON e.credit_code = v.credit_code',
        expressions: { 0: '$::bigint' },
        tail: 'RETURNING user_id',
        columns: 2,
        rows: bindingRows,
        values: (r) => [userId(r.username), r.creditCode],
      },
      accountProgress,
    );
    // The join drops an unknown credit code silently; an account bound to nothing is no account.
    if (bound.length !== bindingRows.length) {
      throw new Error(`bound ${bound.length} of ${bindingRows.length} enterprise accounts`);
    }
  });
  return phasesMs;
}

export interface LoadDemoCityOptions {
  size: DemoCitySizeName;
  seed: number;
  onProgress?: ProgressListener;
  /**
   * Called after the commit with the demo account list (`formatAccountList`: a summary, then
   * every account), for the command line to save and print.
   */
  onAccountList?: (list: string) => void;
  /** "Now" for the month whose patrol tasks are planned (tests fix it). */
  now?: () => Date;
}

/**
 * Generates the city and writes it, returning only what the summary needs: the generated city is
 * some 250 MB of objects, and keeping it alive through the grading (which allocates heavily) makes
 * every major garbage collection there walk it again.
 */
async function generateAndWrite(
  database: Database,
  options: LoadDemoCityOptions,
  passwordHash: Promise<string>,
) {
  const onProgress = options.onProgress;
  onProgress?.({ phase: 'generate', done: 0, total: 1 });
  const generateStart = performance.now();
  const city = generateDemoCity({ size: options.size, seed: options.seed });
  const generateMs = performance.now() - generateStart;
  onProgress?.({ phase: 'generate', done: 1, total: 1 });

  const writeStart = performance.now();
  const phasesMs = await writeDemoCity(database.db, city, { onProgress, passwordHash: await passwordHash });
  const writeMs = performance.now() - writeStart;

  const jurisdictions: Record<Level, number> = { city: 0, district: 0, street: 0, community: 0, grid: 0 };
  for (const n of city.jurisdictions) jurisdictions[n.level]++;
  return {
    generateMs,
    writeMs,
    phasesMs,
    jurisdictions,
    accountList: formatAccountList(city.accounts, city),
    cityCounts: {
      inspectors: city.inspectors.length,
      gridAssignments: city.assignments.length,
      enterprises: city.enterprises.length,
      devices: city.devices.length,
      confinedSpaceEnterprises: new Set(city.confinedSpaces.map((s) => s.enterpriseCreditCode)).size,
      confinedSpaces: city.confinedSpaces.length,
      accounts: accountsPerRole(city.accounts),
    },
  };
}

/**
 * Seeds the industry catalogue (idempotent, its own transaction: it is reference data, not part
 * of the city), generates the city and writes it in one transaction. Throws DemoCityExistsError
 * when the database already has a jurisdiction tree.
 */
export async function loadDemoCity(
  database: Database,
  options: LoadDemoCityOptions,
): Promise<DemoCitySummary> {
  const started = performance.now();
  const onProgress = options.onProgress;
  // One hash for every demo account, computed on libuv's thread pool while the city is generated.
  const passwordHash = hashPassword(DEMO_PASSWORD);
  passwordHash.catch(() => undefined); // awaited below; this only keeps an early throw quiet

  onProgress?.({ phase: 'industries', done: 0, total: 1 });
  const industriesAdded = await seedIndustries(database.db);
  const industriesMs = performance.now() - started;
  onProgress?.({ phase: 'industries', done: 1, total: 1 });

  const { generateMs, writeMs, phasesMs, jurisdictions, accountList, cityCounts } = await generateAndWrite(
    database,
    options,
    passwordHash,
  );

  // A bulk load leaves the planner's statistics describing empty tables until autovacuum
  // catches up; the search and map queries pick bad plans meanwhile.
  onProgress?.({ phase: 'analyze', done: 0, total: 1 });
  const analyzeStart = performance.now();
  // On PostgreSQL also VACUUM: otherwise autovacuum wakes up over the fresh 120,000 rows and
  // their indexes minutes later and competes with the first users. PGlite runs no autovacuum.
  const maintenance = database.mode === 'postgres' ? sql.raw('VACUUM (ANALYZE)') : sql.raw('ANALYZE');
  const tables = [
    'jurisdiction',
    'enterprise',
    'inspector',
    'grid_assignment',
    'device',
    'confined_space',
    'app_user',
    'user_scope',
    'user_enterprise',
  ] as const;
  for (const table of tables) {
    await sql`${maintenance} ${sql.table(table)}`.execute(database.db);
  }
  phasesMs.analyze = Math.round(performance.now() - analyzeStart);
  onProgress?.({ phase: 'analyze', done: 1, total: 1 });

  onProgress?.({ phase: 'profiles', done: 0, total: 1 });
  const profilesStart = performance.now();
  const now = options.now?.() ?? new Date();
  const profiles = await seedDemoProfiles(database.db, { seed: options.seed, now });
  for (const table of [
    'hazard',
    'enterprise_risk_tag',
    'enterprise_safety_management',
    'enterprise_accident',
  ] as const) {
    await sql`ANALYZE ${sql.table(table)}`.execute(database.db);
  }
  phasesMs.profiles = Math.round(performance.now() - profilesStart);
  onProgress?.({ phase: 'profiles', done: 1, total: 1 });

  onProgress?.({ phase: 'grades', done: 0, total: 1 });
  const gradesStart = performance.now();
  await gradeDemoCity(database.db, now);
  await sql`ANALYZE enterprise_grade`.execute(database.db);
  const gradeCounts = Object.fromEntries(
    (
      await database.db
        .selectFrom('enterprise_grade')
        .select(['grade', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('grade')
        .execute()
    ).map((r) => [r.grade, Number(r.n)]),
  );
  phasesMs.grades = Math.round(performance.now() - gradesStart);
  onProgress?.({ phase: 'grades', done: 1, total: 1 });

  // A simulated year of enforcement for the statistics; after the grades, as riskier firms are
  // inspected more often.
  onProgress?.({ phase: 'enforcement', done: 0, total: 1 });
  const enforcementStart = performance.now();
  await simulateEnforcementYear(database.db, { seed: options.seed, now });
  phasesMs.enforcement = Math.round(performance.now() - enforcementStart);
  onProgress?.({ phase: 'enforcement', done: 1, total: 1 });

  // After the grades: a graded enterprise's patrols follow its grade (general ones are sampled).
  onProgress?.({ phase: 'patrols', done: 0, total: 1 });
  const patrolStart = performance.now();
  const patrols = await planDemoPatrols(database.db, now);
  phasesMs.patrols = Math.round(performance.now() - patrolStart);
  onProgress?.({ phase: 'patrols', done: 1, total: 1 });

  options.onAccountList?.(accountList);
  return {
    size: options.size,
    seed: options.seed,
    database: database.mode,
    counts: {
      industriesAdded,
      jurisdictions,
      ...cityCounts,
      profiles,
      grades: gradeCounts,
      patrolTasks: patrols.created,
    },
    timings: {
      generateMs: Math.round(generateMs),
      industriesMs: Math.round(industriesMs),
      writeMs: Math.round(writeMs),
      totalMs: Math.round(performance.now() - started),
      phasesMs: { ...phasesMs, generate: Math.round(generateMs), industries: Math.round(industriesMs) },
    },
  };
}
