import { sql, type Kysely, type Transaction } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Role } from '@safegrid/contracts/values';
import type { AppUserTable, DB } from '../../platform/db/schema';

type Executor = Kysely<DB> | Transaction<DB>;

export interface UserListFilter {
  q?: string;
  role?: Role;
  afterId?: string;
  limit: number;
}

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export function createUserRepository(db: Kysely<DB>) {
  /** A user with scope ids and bound enterprise ids, as presenters need them. */
  const withLinks = (executor: Executor) =>
    executor
      .selectFrom('app_user as u')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.role',
        'u.disabled',
        'u.phone',
        'u.mfa_secret',
        'u.last_sign_in_at',
        'u.created_at',
        sql<string[]>`ARRAY(SELECT jurisdiction_id FROM user_scope s WHERE s.user_id = u.id ORDER BY 1)`.as(
          'scope_ids',
        ),
        sql<
          string[]
        >`ARRAY(SELECT enterprise_id::text FROM user_enterprise e WHERE e.user_id = u.id ORDER BY 1)`.as(
          'enterprise_ids',
        ),
      ]);

  return {
    findByKey(key: string) {
      return db
        .selectFrom('app_user')
        .selectAll()
        .where(sql<string>`lower(username)`, '=', key)
        .executeTakeFirst();
    },

    findById(executor: Executor, id: string) {
      return executor.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findForUpdate(trx: Transaction<DB>, id: string) {
      return trx.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    },

    findWithLinks(executor: Executor, id: string) {
      return withLinks(executor).where('u.id', '=', id).executeTakeFirst();
    },

    list(f: UserListFilter) {
      let q = withLinks(db);
      if (f.role) q = q.where('u.role', '=', f.role);
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
      }
      if (f.afterId) q = q.where('u.id', '>', f.afterId);
      return q.orderBy('u.id').limit(f.limit).execute();
    },

    async insert(trx: Executor, row: Insertable<AppUserTable>): Promise<string> {
      const { id } = await trx.insertInto('app_user').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },

    async update(trx: Executor, id: string, patch: Updateable<AppUserTable>): Promise<void> {
      await trx.updateTable('app_user').set(patch).where('id', '=', id).execute();
    },

    async replaceScopes(trx: Transaction<DB>, userId: string, scopeIds: string[]): Promise<void> {
      await trx.deleteFrom('user_scope').where('user_id', '=', userId).execute();
      if (scopeIds.length > 0) {
        await trx
          .insertInto('user_scope')
          .values(scopeIds.map((jurisdiction_id) => ({ user_id: userId, jurisdiction_id })))
          .execute();
      }
    },

    async replaceEnterprises(trx: Transaction<DB>, userId: string, enterpriseIds: string[]): Promise<void> {
      await trx.deleteFrom('user_enterprise').where('user_id', '=', userId).execute();
      if (enterpriseIds.length > 0) {
        await trx
          .insertInto('user_enterprise')
          .values(enterpriseIds.map((enterprise_id) => ({ user_id: userId, enterprise_id })))
          .execute();
      }
    },

    async existingEnterprises(ids: string[]): Promise<Map<string, { name: string; street_id: string }>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('enterprise')
        .select(['id', 'name', 'street_id'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, { name: r.name, street_id: r.street_id }]));
    },

    async replaceRecoveryCodes(trx: Transaction<DB>, userId: string, hashes: string[]): Promise<void> {
      await trx.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_code')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
        .execute();
    },

    /** Marks the code used in the same statement that finds it, so a code can never work twice. */
    async useRecoveryCode(executor: Executor, userId: string, hash: string, now: Date): Promise<boolean> {
      const row = await executor
        .updateTable('recovery_code')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .returning('code_hash')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
export type UserWithLinks = NonNullable<Awaited<ReturnType<UserRepository['findWithLinks']>>>;
