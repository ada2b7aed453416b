import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { enterpriseInScope } from '../../platform/auth/scope';

/**
 * The link between a plan's task and the inspection that carries it out, used by the inspection
 * use cases inside their own transactions: a task is started only by its two drawn officers
 * together (随机选派: the pair is the draw's, not a choice made on site), at its enterprise, once.
 */

/** Locks the task and checks it may start this inspection (404, 403, 422, 409 in that order). */
export async function claimTask(
  trx: Kysely<DB>,
  actor: Actor,
  input: { taskId: string; enterpriseId: string; partnerId: string },
) {
  const task = await trx
    .selectFrom('enforcement_task as k')
    .innerJoin('enterprise', 'enterprise.id', 'k.enterprise_id')
    .selectAll('k')
    .where('k.id', '=', input.taskId)
    .where((eb) => enterpriseInScope(eb as never, actor.scope))
    .forUpdate('k')
    .executeTakeFirst();
  if (!task) throw notFound('enforcement_task', input.taskId);
  if (task.officer_a !== actor.userId && task.officer_b !== actor.userId) {
    throw new AppError('enforcement_task.not_assigned');
  }
  if (task.enterprise_id !== input.enterpriseId) {
    rejectFields([
      { pointer: '/body/taskId', code: 'enforcement_task.enterprise_mismatch', params: { taskId: task.id } },
    ]);
  }
  const other = task.officer_a === actor.userId ? task.officer_b : task.officer_a;
  if (input.partnerId !== other) {
    rejectFields([
      { pointer: '/body/partnerId', code: 'enforcement_task.partner_mismatch', params: { partnerId: other } },
    ]);
  }
  if (task.status !== 'assigned') throw new AppError('enforcement_task.not_open');
  return task;
}

export async function markTaskStarted(
  trx: Kysely<DB>,
  actor: Actor,
  taskId: string,
  inspectionId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('enforcement_task')
    .set({ status: 'in_progress', inspection_id: inspectionId, updated_at: now })
    .where('id', '=', taskId)
    .execute();
  await appendAudit(
    trx,
    auditWho(actor),
    {
      action: 'enforcement_task.started',
      resourceType: 'enforcement_task',
      resourceId: taskId,
      before: { status: 'assigned' },
      after: { status: 'in_progress', inspectionId },
    },
    now,
  );
}

/** The inspection is completed: its task (if it has one) is done, in the same transaction. */
export async function markTaskDone(
  trx: Kysely<DB>,
  actor: Actor,
  inspectionId: string,
  now: Date,
): Promise<void> {
  const done = await trx
    .updateTable('enforcement_task')
    .set({ status: 'done', updated_at: now })
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'in_progress')
    .returning('id')
    .executeTakeFirst();
  if (!done) return;
  await appendAudit(
    trx,
    auditWho(actor),
    {
      action: 'enforcement_task.done',
      resourceType: 'enforcement_task',
      resourceId: done.id,
      before: { status: 'in_progress' },
      after: { status: 'done', inspectionId },
    },
    now,
  );
}
