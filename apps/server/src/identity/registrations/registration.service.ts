import type { Registration, RegistrationDecision, RegistrationInput } from '@safegrid/contracts';
import { normaliseCreditCode } from '@safegrid/contracts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { appendAudit } from '../../platform/audit/audit-trail';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { isUniqueViolation } from '../../platform/db/errors';
import type { ReferenceNamesCache } from '../../grid/reference/reference-names';
import { hashPassword } from '../credentials/password-hash';
import { rejectWeakPassword } from '../auth/account';
import type { AuthDeps, ClientInfo } from '../auth/auth-deps';
import { usernameKey } from '../users/user.repository';

export type RegistrationServiceDeps = Pick<AuthDeps, 'db' | 'users' | 'clock'> & {
  reference: ReferenceNamesCache;
};

export function createRegistrationService(deps: RegistrationServiceDeps) {
  const { db, reference } = deps;

  const baseQuery = (executor: Kysely<DB> = db) =>
    executor
      .selectFrom('enterprise_registration as r')
      .innerJoin('enterprise as e', 'e.id', 'r.enterprise_id')
      .select([
        'r.id',
        'r.status',
        'r.street_id',
        'r.username',
        'r.display_name',
        'r.phone',
        'r.created_at',
        'r.decided_at',
        'r.reason',
        'r.enterprise_id',
        'r.password_hash',
        'e.credit_code',
        'e.name as enterprise_name',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

  async function present(row: Row): Promise<Registration> {
    const names = await reference.get();
    return {
      id: row.id,
      status: row.status,
      creditCode: row.credit_code,
      enterprise: { id: row.enterprise_id, name: row.enterprise_name },
      streetName: names.node(row.street_id)?.name ?? row.street_id,
      username: row.username,
      displayName: row.display_name,
      phone: row.phone,
      createdAt: row.created_at.toISOString(),
      decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
      reason: row.reason,
    };
  }

  /** Registrations of the streets in the officer's scope; others do not exist for them (404). */
  const scoped = (actor: Actor, executor: Kysely<DB> = db) => {
    const streets = actor.scope.street;
    return baseQuery(executor).where('r.street_id', 'in', streets.length > 0 ? streets : ['']);
  };

  return {
    /** Public: an enterprise asks for an account; the officer of its street decides. */
    async register(input: RegistrationInput, client: ClientInfo): Promise<Registration> {
      rejectWeakPassword('/body/password', input.password, input.username);
      const creditCode = normaliseCreditCode(input.creditCode);
      const enterprise = await db
        .selectFrom('enterprise')
        .select(['id', 'street_id'])
        .where('credit_code', '=', creditCode)
        .executeTakeFirst();
      const unknown = () =>
        new AppError('registration.enterprise_unknown', { value: creditCode }, [
          {
            pointer: '/body/creditCode',
            code: 'registration.enterprise_unknown',
            params: { value: creditCode },
          },
        ]);
      if (!enterprise) throw unknown();
      if (await deps.users.findByKey(usernameKey(input.username))) {
        throw new AppError('user.username_taken', { value: input.username }, [
          { pointer: '/body/username', code: 'user.username_taken', params: { value: input.username } },
        ]);
      }
      const hash = await hashPassword(input.password);
      const now = deps.clock();
      try {
        const id = await db.transaction().execute(async (trx) => {
          const { id } = await trx
            .insertInto('enterprise_registration')
            .values({
              enterprise_id: enterprise.id,
              street_id: enterprise.street_id,
              username: input.username,
              display_name: input.displayName.trim(),
              phone: input.phone.trim(),
              password_hash: hash,
              status: 'pending',
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await appendAudit(
            trx,
            { actorId: null, actorName: input.username, role: null, ip: client.ip },
            {
              action: 'registration.submitted',
              resourceType: 'registration',
              resourceId: id,
              after: { enterpriseId: enterprise.id, username: input.username },
            },
            now,
          );
          return id;
        });
        return present(await baseQuery().where('r.id', '=', id).executeTakeFirstOrThrow());
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('registration.pending_exists');
        throw error;
      }
    },

    async list(actor: Actor, status: Registration['status'] | undefined) {
      authorize(actor, 'registration.review');
      let q = scoped(actor);
      if (status) q = q.where('r.status', '=', status);
      const rows = await q.orderBy('r.id', 'desc').limit(200).execute();
      return { items: await Promise.all(rows.map(present)) };
    },

    /** Approval creates the enterprise account from the request, in the same transaction. */
    async decide(actor: Actor, id: string, decision: RegistrationDecision): Promise<Registration> {
      authorize(actor, 'registration.review');
      if (!/^\d{1,18}$/.test(id)) throw notFound('registration', id);
      const now = deps.clock();
      try {
        await db.transaction().execute(async (trx) => {
          const row = await scoped(actor, trx).where('r.id', '=', id).forUpdate(['r']).executeTakeFirst();
          if (!row) throw notFound('registration', id);
          if (row.status !== 'pending') throw new AppError('conflict.state');
          let userId: string | null = null;
          if (decision.decision === 'approved') {
            userId = await deps.users.insert(trx, {
              username: row.username,
              display_name: row.display_name,
              role: 'enterprise',
              password_hash: row.password_hash,
              phone: row.phone,
              created_at: now,
              updated_at: now,
            });
            await trx
              .insertInto('user_enterprise')
              .values({ user_id: userId, enterprise_id: row.enterprise_id })
              .execute();
          }
          await trx
            .updateTable('enterprise_registration')
            .set({
              status: decision.decision,
              reason: decision.reason?.trim() || null,
              decided_by: actor.userId,
              decided_at: now,
              user_id: userId,
              // The request's hash is no longer needed once the account exists (or never will).
              password_hash: sql<string>`''`,
            })
            .where('id', '=', id)
            .execute();
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: `registration.${decision.decision}`,
              resourceType: 'registration',
              resourceId: id,
              before: { status: 'pending' },
              after: { status: decision.decision, reason: decision.reason ?? null, userId },
            },
            now,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('user.username_taken', { value: id });
        }
        throw error;
      }
      return present(await baseQuery().where('r.id', '=', id).executeTakeFirstOrThrow());
    },
  };
}
