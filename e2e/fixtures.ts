import { sql, type Kysely, type RawBuilder } from 'kysely';
import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/platform/db/database';
import type { DB } from '../apps/server/src/platform/db/schema';

/**
 * A script, not a module to import (it opens the database as soon as it runs). The harness runs
 * it as its own process between loading the demo city and starting the server (PGlite allows one
 * process at a time). It picks the demo accounts the tests sign in with (tools/demo-city/accounts.ts:
 * all with DEMO_PASSWORD) and prints one JSON object (E2eFixtures) on stdout: the accounts and the
 * facts the tests check the UI against, read straight from the database rather than through the
 * API under test. A missing account fails the run: the demo city is expected to have them.
 */
export interface E2eFixtures {
  admin: { username: string };
  inspector: {
    username: string;
    /** The account's user_scope rows (its current grids). */
    scopeIds: string[];
    /** Every enterprise in that scope. */
    enterpriseIds: string[];
    outsideEnterpriseId: string;
  };
  enterprise: { username: string; enterpriseId: string; otherEnterpriseId: string };
  /** Used by the session-expiry test only (it signs this account out everywhere). */
  street: { username: string };
  /** A demo enterprise with a confined space holding a detector and a lock, and its street officer. */
  confined: {
    enterpriseUsername: string;
    spaceId: string;
    detectorId: string;
    lockId: string;
    streetUsername: string;
  };
  /**
   * A grid inspector with an open patrol task due today at an enterprise that has its own
   * account (made ad hoc here if the plan has none), the enterprise's location, and the street
   * officer of its street. The public tip test reports at the same spot.
   */
  patrol: {
    inspectorUsername: string;
    /** The inspector's id (the assessment's row key). */
    inspectorId: string;
    enterpriseUsername: string;
    enterpriseId: string;
    taskId: string;
    lat: number;
    lon: number;
    streetUsername: string;
  };
  /**
   * An enforcement case from inspection to closure: a district's enforcement officer, an
   * operating enterprise of that district, and the two approvers — the district's reviewer
   * (审核, `approver-<districtId>`) and the city's head (负责人, `approver`).
   */
  enforcementCase: {
    officerUsername: string;
    districtId: string;
    enterpriseId: string;
    reviewerUsername: string;
    headUsername: string;
  };
}

async function one<T>(db: Kysely<DB>, what: string, query: RawBuilder<T>): Promise<T> {
  const row = (await query.execute(db)).rows[0];
  if (!row) throw new Error(`the demo city has no ${what}`);
  return row;
}

async function main() {
  const database = await openDatabase(loadConfig());
  const { db } = database;
  try {
    const admin = await one(
      db,
      'account "admin" (city_admin) without a second factor',
      sql<{ username: string }>`
        SELECT username FROM app_user
         WHERE username = 'admin' AND role = 'city_admin' AND mfa_secret IS NULL AND NOT disabled`,
    );

    const inspector = await one(
      db,
      'grid inspector account inspector-<n> with a scope',
      sql<{ id: string; username: string }>`
        SELECT u.id::text AS id, u.username FROM app_user u
         WHERE u.role = 'grid_inspector' AND u.username LIKE 'inspector-%' AND NOT u.disabled
           AND EXISTS (SELECT 1 FROM user_scope s WHERE s.user_id = u.id)
         ORDER BY u.id LIMIT 1`,
    );
    const scopeIds = (
      await sql<{ id: string }>`
        SELECT jurisdiction_id AS id FROM user_scope WHERE user_id = ${inspector.id}
         ORDER BY jurisdiction_id`.execute(db)
    ).rows.map((r) => r.id);
    const inScope = sql<boolean>`(e.grid_id = ANY(${scopeIds}) OR e.community_id = ANY(${scopeIds})
      OR e.street_id = ANY(${scopeIds}) OR e.district_id = ANY(${scopeIds}))`;
    const enterpriseIds = (
      await sql<{ id: string }>`
        SELECT e.id::text AS id FROM enterprise e WHERE ${inScope} ORDER BY e.id`.execute(db)
    ).rows.map((r) => r.id);
    if (enterpriseIds.length === 0) throw new Error(`${inspector.username} has no enterprise in scope`);
    const outside = await one(
      db,
      `enterprise outside ${inspector.username}'s scope`,
      sql<{ id: string }>`
        SELECT e.id::text AS id FROM enterprise e WHERE NOT ${inScope} ORDER BY e.id DESC LIMIT 1`,
    );

    const ent = await one(
      db,
      'enterprise account ent-<creditCode> bound to one enterprise',
      sql<{ username: string; enterprise_id: string }>`
        SELECT u.username, min(ue.enterprise_id)::text AS enterprise_id FROM app_user u
          JOIN user_enterprise ue ON ue.user_id = u.id
         WHERE u.role = 'enterprise' AND u.username LIKE 'ent-%' AND NOT u.disabled
         GROUP BY u.id, u.username HAVING count(*) = 1
         ORDER BY u.id LIMIT 1`,
    );
    const other = await one(
      db,
      'second enterprise',
      sql<{ id: string }>`
        SELECT e.id::text AS id FROM enterprise e WHERE e.id <> ${ent.enterprise_id}
         ORDER BY e.id DESC LIMIT 1`,
    );

    const street = await one(
      db,
      'street officer account street-<streetId>',
      sql<{ username: string }>`
        SELECT u.username FROM app_user u
         WHERE u.role = 'street_officer' AND u.username LIKE 'street-%' AND NOT u.disabled
           AND u.mfa_secret IS NULL
         ORDER BY u.id LIMIT 1`,
    );

    const confined = await one(
      db,
      'confined space with a gas detector and a lock, an account of its enterprise and its street officer',
      sql<{
        enterprise_username: string;
        space_id: string;
        detector_id: string;
        lock_id: string;
        street_username: string;
      }>`
        SELECT u.username AS enterprise_username, s.id::text AS space_id, d.id AS detector_id,
               l.id AS lock_id, so.username AS street_username
          FROM confined_space s
          JOIN device d ON d.confined_space_id = s.id AND d.kind = 'gas_detector'
          JOIN device l ON l.confined_space_id = s.id AND l.kind = 'smart_lock'
          JOIN enterprise e ON e.id = s.enterprise_id
          JOIN user_enterprise ue ON ue.enterprise_id = e.id
          JOIN app_user u ON u.id = ue.user_id AND u.role = 'enterprise' AND NOT u.disabled
          JOIN user_scope us ON us.jurisdiction_id = e.street_id
          JOIN app_user so ON so.id = us.user_id AND so.role = 'street_officer' AND NOT so.disabled
               AND so.mfa_secret IS NULL
         ORDER BY s.id LIMIT 1`,
    );

    const patrolPair = await one(
      db,
      'enterprise account whose grid has an inspector account in charge, and a street officer',
      sql<{
        inspector_username: string;
        inspector_id: string;
        enterprise_username: string;
        enterprise_id: string;
        grid_id: string;
        street_id: string;
        lat: number;
        lon: number;
        street_username: string;
      }>`
        SELECT iu.username AS inspector_username, iu.inspector_id::text AS inspector_id,
               u.username AS enterprise_username, e.id::text AS enterprise_id, e.grid_id, e.street_id,
               e.lat, e.lon, so.username AS street_username
          FROM enterprise e
          JOIN user_enterprise ue ON ue.enterprise_id = e.id
          JOIN app_user u ON u.id = ue.user_id AND u.role = 'enterprise' AND NOT u.disabled
          JOIN grid_assignment a ON a.grid_id = e.grid_id AND a.valid_to IS NULL
          JOIN app_user iu ON iu.inspector_id = a.inspector_id AND iu.role = 'grid_inspector' AND NOT iu.disabled
          JOIN user_scope us ON us.jurisdiction_id = e.street_id
          JOIN app_user so ON so.id = us.user_id AND so.role = 'street_officer' AND NOT so.disabled
               AND so.mfa_secret IS NULL
         WHERE e.status = 'operating'
         ORDER BY e.id, iu.id LIMIT 1`,
    );
    // Shenzhen's today: the task must be due today for the inspector's "today" list.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const existingTask = await sql<{ id: string }>`
      SELECT id::text AS id FROM patrol_task
       WHERE inspector_id = ${patrolPair.inspector_id} AND enterprise_id = ${patrolPair.enterprise_id}
         AND status = 'open' AND due_date <= ${today}::date
       ORDER BY id LIMIT 1`.execute(db);
    const taskId =
      existingTask.rows[0]?.id ??
      (
        await sql<{ id: string }>`
          INSERT INTO patrol_task (kind, enterprise_id, grid_id, street_id, inspector_id, month, due_date, note)
          VALUES ('ad_hoc', ${patrolPair.enterprise_id}, ${patrolPair.grid_id}, ${patrolPair.street_id},
                  ${patrolPair.inspector_id}, date_trunc('month', ${today}::date)::date, ${today}::date,
                  'e2e: a task due today')
          RETURNING id::text AS id`.execute(db)
      ).rows[0]!.id;

    const caseOfficer = await one(
      db,
      'district enforcement officer enforcer-<districtId> with an operating enterprise in the district',
      sql<{ username: string; district_id: string; enterprise_id: string }>`
        SELECT u.username, s.jurisdiction_id AS district_id, max(e.id)::text AS enterprise_id
          FROM app_user u
          JOIN user_scope s ON s.user_id = u.id
          JOIN enterprise e ON e.district_id = s.jurisdiction_id AND e.status = 'operating'
         WHERE u.role = 'enforcement_officer' AND u.username = 'enforcer-' || s.jurisdiction_id
           AND NOT u.disabled
         GROUP BY u.id, u.username, s.jurisdiction_id
         ORDER BY u.id LIMIT 1`,
    );
    const reviewerUsername = `approver-${caseOfficer.district_id}`;
    await one(
      db,
      `the district approver ${reviewerUsername} of the demo city (审核; the city's approver is 负责人)`,
      sql<{
        id: string;
      }>`SELECT id::text AS id FROM app_user WHERE lower(username) = lower(${reviewerUsername})`,
    );

    const fixtures: E2eFixtures = {
      admin: { username: admin.username },
      inspector: {
        username: inspector.username,
        scopeIds,
        enterpriseIds,
        outsideEnterpriseId: outside.id,
      },
      enterprise: { username: ent.username, enterpriseId: ent.enterprise_id, otherEnterpriseId: other.id },
      street: { username: street.username },
      confined: {
        enterpriseUsername: confined.enterprise_username,
        spaceId: confined.space_id,
        detectorId: confined.detector_id,
        lockId: confined.lock_id,
        streetUsername: confined.street_username,
      },
      patrol: {
        inspectorUsername: patrolPair.inspector_username,
        inspectorId: patrolPair.inspector_id,
        enterpriseUsername: patrolPair.enterprise_username,
        enterpriseId: patrolPair.enterprise_id,
        taskId,
        lat: Number(patrolPair.lat),
        lon: Number(patrolPair.lon),
        streetUsername: patrolPair.street_username,
      },
      enforcementCase: {
        officerUsername: caseOfficer.username,
        districtId: caseOfficer.district_id,
        enterpriseId: caseOfficer.enterprise_id,
        reviewerUsername,
        headUsername: 'approver',
      },
    };
    process.stdout.write(`${JSON.stringify(fixtures)}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
