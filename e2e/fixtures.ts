import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Role } from '@safegrid/contracts/values';
import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/platform/db/database';
import type { DB } from '../apps/server/src/platform/db/schema';
import { hashPassword } from '../apps/server/src/identity/credentials/password-hash';
import { DEMO_PASSWORD } from '../tools/demo-city/accounts';

/**
 * A script, not a module to import (it opens the database as soon as it runs). Run by the harness (as its own process, between loading the demo city and starting the server,
 * because PGlite allows one process at a time): finds the demo accounts the tests use and, where
 * the demo generator has not made one, creates it the way the generator describes them (password
 * DEMO_PASSWORD, same naming). Prints one JSON object (E2eFixtures) on stdout: the accounts and the
 * facts the tests check the UI against, read straight from the database rather than from the API
 * under test.
 */
export interface E2eFixtures {
  /** Accounts the harness had to create because the demo city did not have them. */
  created: string[];
  admin: { username: string; mfaEnabled: boolean };
  inspector: {
    username: string;
    scopeIds: string[];
    /** Every enterprise in the inspector's scope, ids ascending. */
    enterpriseIds: string[];
    outsideEnterpriseId: string;
  };
  enterprise: { username: string; enterpriseId: string; otherEnterpriseId: string };
  /** Used by the session-expiry test only (it signs this account out everywhere). */
  street: { username: string };
}

async function one<T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T | undefined> {
  return (await query.execute(db)).rows[0];
}

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config);
  const { db } = database;
  const created: string[] = [];
  let hash: string | undefined;

  async function ensureUser(
    username: string,
    role: Role,
    scopeIds: string[],
    enterpriseIds: string[],
    extra: { inspectorId?: string } = {},
  ) {
    hash ??= await hashPassword(DEMO_PASSWORD);
    const { id } = await db
      .insertInto('app_user')
      .values({
        username,
        display_name: username,
        role,
        password_hash: hash,
        synthetic: true,
        inspector_id: extra.inspectorId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const jurisdiction_id of scopeIds) {
      await db.insertInto('user_scope').values({ user_id: id, jurisdiction_id }).execute();
    }
    for (const enterprise_id of enterpriseIds) {
      await db.insertInto('user_enterprise').values({ user_id: id, enterprise_id }).execute();
    }
    created.push(username);
  }

  try {
    // admin: city_admin, city scope.
    let admin = await one(
      db,
      sql<{ username: string; mfa: boolean }>`
        SELECT username, mfa_secret IS NOT NULL AS mfa FROM app_user
         WHERE lower(username) = 'admin' AND role = 'city_admin'`,
    );
    if (!admin) {
      const city = await one(
        db,
        sql<{ id: string }>`SELECT id FROM jurisdiction WHERE level = 'city' LIMIT 1`,
      );
      if (!city) throw new Error('the demo city has no city node');
      await ensureUser('admin', 'city_admin', [city.id], []);
      admin = { username: 'admin', mfa: false };
    }

    // inspector-<n>: a grid inspector scoped to their current grids.
    let inspector = await one(
      db,
      sql<{ id: string; username: string }>`
        SELECT u.id::text AS id, u.username FROM app_user u
         WHERE u.role = 'grid_inspector' AND u.username LIKE 'inspector-%' AND NOT u.disabled
           AND EXISTS (SELECT 1 FROM user_scope s WHERE s.user_id = u.id)
         ORDER BY u.id LIMIT 1`,
    );
    if (!inspector) {
      const person = await one(
        db,
        sql<{ id: string; grids: string[] }>`
          SELECT i.id::text AS id, array_agg(DISTINCT a.grid_id ORDER BY a.grid_id) AS grids
            FROM inspector i JOIN grid_assignment a ON a.inspector_id = i.id
           WHERE a.valid_from <= current_date AND (a.valid_to IS NULL OR a.valid_to > current_date)
           GROUP BY i.id ORDER BY i.id LIMIT 1`,
      );
      if (!person) throw new Error('the demo city has no inspector with a current grid');
      const username = `inspector-${person.id}`;
      await ensureUser(username, 'grid_inspector', person.grids, [], { inspectorId: person.id });
      inspector = (await one(
        db,
        sql<{ id: string; username: string }>`
          SELECT id::text AS id, username FROM app_user WHERE username = ${username}`,
      ))!;
    }
    const scopeIds = (
      await sql<{ id: string }>`
        SELECT jurisdiction_id AS id FROM user_scope WHERE user_id = ${inspector.id} ORDER BY 1`.execute(db)
    ).rows.map((r) => r.id);
    const inScope = (
      await sql<{ id: string }>`
        SELECT id::text AS id FROM enterprise
         WHERE grid_id = ANY(${scopeIds}) OR community_id = ANY(${scopeIds})
            OR street_id = ANY(${scopeIds}) OR district_id = ANY(${scopeIds})
         ORDER BY enterprise.id`.execute(db)
    ).rows.map((r) => r.id);
    const outside = await one(
      db,
      sql<{ id: string }>`
        SELECT id::text AS id FROM enterprise
         WHERE NOT (grid_id = ANY(${scopeIds}) OR community_id = ANY(${scopeIds})
                    OR street_id = ANY(${scopeIds}) OR district_id = ANY(${scopeIds}))
         ORDER BY enterprise.id DESC LIMIT 1`,
    );
    if (inScope.length === 0 || !outside)
      throw new Error(`${inspector.username}'s scope is empty or everything`);

    // ent-<creditCode>: an enterprise account bound to one enterprise.
    let ent = await one(
      db,
      sql<{ username: string; enterprise_id: string }>`
        SELECT u.username, min(ue.enterprise_id)::text AS enterprise_id FROM app_user u
          JOIN user_enterprise ue ON ue.user_id = u.id
         WHERE u.role = 'enterprise' AND u.username LIKE 'ent-%' AND NOT u.disabled
         GROUP BY u.id, u.username HAVING count(*) = 1
         ORDER BY u.id LIMIT 1`,
    );
    if (!ent) {
      const firm = await one(
        db,
        sql<{ id: string; credit_code: string }>`
          SELECT id::text AS id, credit_code FROM enterprise WHERE status = 'operating' ORDER BY enterprise.id LIMIT 1`,
      );
      if (!firm) throw new Error('the demo city has no enterprise');
      const username = `ent-${firm.credit_code}`;
      await ensureUser(username, 'enterprise', [], [firm.id]);
      ent = { username, enterprise_id: firm.id };
    }
    const other = await one(
      db,
      sql<{
        id: string;
      }>`SELECT id::text AS id FROM enterprise WHERE id <> ${ent.enterprise_id} ORDER BY enterprise.id DESC LIMIT 1`,
    );

    // street-<streetId>: a street officer (no second factor), for the session-expiry test.
    let street = await one(
      db,
      sql<{ username: string }>`
        SELECT u.username FROM app_user u
         WHERE u.role = 'street_officer' AND u.username LIKE 'street-%' AND NOT u.disabled
         ORDER BY u.id LIMIT 1`,
    );
    if (!street) {
      const node = await one(
        db,
        sql<{ id: string }>`
          SELECT j.id FROM jurisdiction j WHERE j.level = 'street'
             AND EXISTS (SELECT 1 FROM enterprise e WHERE e.street_id = j.id)
           ORDER BY j.id LIMIT 1`,
      );
      if (!node) throw new Error('the demo city has no street with enterprises');
      const username = `street-${node.id}`;
      await ensureUser(username, 'street_officer', [node.id], []);
      street = { username };
    }

    const fixtures: E2eFixtures = {
      created,
      admin: { username: admin.username, mfaEnabled: admin.mfa },
      inspector: {
        username: inspector.username,
        scopeIds,
        enterpriseIds: inScope,
        outsideEnterpriseId: outside.id,
      },
      enterprise: { username: ent.username, enterpriseId: ent.enterprise_id, otherEnterpriseId: other!.id },
      street: { username: street.username },
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
