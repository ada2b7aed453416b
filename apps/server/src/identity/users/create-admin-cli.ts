import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../../config';
import { openDatabase } from '../../platform/db/database';
import { appendAudit } from '../../platform/audit/audit-trail';
import { hashPassword } from '../credentials/password-hash';
import { checkPasswordRules } from '../credentials/password-policy';
import { createUserRepository, usernameKey } from './user.repository';

/**
 * `npm run admin:create -- <username>`: the first city admin of a production database, where no
 * demo accounts exist and nobody could otherwise sign in. The password comes from
 * SAFEGRID_ADMIN_PASSWORD or is asked for; TOTP enrolment follows at the first sign-in.
 */
async function main() {
  const username = process.argv[2];
  if (!username || !/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
    throw new Error('usage: npm run admin:create -- <username>   (3–64 of A–Z a–z 0–9 . _ -)');
  }
  let password = process.env.SAFEGRID_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    password = await rl.question(`Password for ${username} (≥ 12 characters): `);
    rl.close();
  }
  const problems = checkPasswordRules(password, username);
  if (problems.length > 0) throw new Error(`password refused: ${problems.map((p) => p.code).join(', ')}`);

  const database = await openDatabase(loadConfig());
  try {
    const { db } = database;
    const users = createUserRepository(db);
    if (await users.findByKey(usernameKey(username))) throw new Error(`user ${username} exists already`);
    const city = await db
      .selectFrom('jurisdiction')
      .select('id')
      .where('level', '=', 'city')
      .executeTakeFirst();
    if (!city) throw new Error('no city in the jurisdiction table: load the jurisdiction tree first');
    const hash = await hashPassword(password);
    const id = await db.transaction().execute(async (trx) => {
      const id = await users.insert(trx, {
        username,
        display_name: '市级管理员',
        role: 'city_admin',
        password_hash: hash,
      });
      await trx.insertInto('user_scope').values({ user_id: id, jurisdiction_id: city.id }).execute();
      await appendAudit(
        trx,
        { actorId: null, actorName: 'admin:create', role: null, ip: null },
        {
          action: 'user.created',
          resourceType: 'user',
          resourceId: id,
          after: { username, role: 'city_admin' },
        },
      );
      return id;
    });
    process.stdout.write(
      `${JSON.stringify({ created: { id, username, role: 'city_admin', scope: city.id } })}\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`admin:create: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
