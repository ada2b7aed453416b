import type { Kysely } from 'kysely';
import type { DB } from '../../apps/server/src/platform/db/schema';
import { EMPTY_SCOPE, type Actor } from '../../apps/server/src/platform/auth/actor';
import { createPatrolService } from '../../apps/server/src/grid/patrols/patrol.service';
import { createPatrolRepository } from '../../apps/server/src/grid/patrols/patrol.repository';
import { createChecklistLibrary } from '../../apps/server/src/platform/checklists/checklist-library';
import { loadPatrolFrequency } from '../../apps/server/src/grid/patrols/patrol-frequency';
import { createReferenceNamesCache } from '../../apps/server/src/grid/reference/reference-names';
import { regulationLibrary } from '../../apps/server/src/enforcement/regulations/regulation-library';

/** The month (YYYY-MM) a moment falls in on the bureau's calendar (China Standard Time). */
export function shenzhenMonth(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/**
 * Plans the current month's patrol tasks for the whole demo city through the same use case a
 * planner calls (so the demo's tasks are what generation makes, with its audit entry), as the
 * demo city admin: an inspector signing in to a fresh demo has today's tasks to walk.
 */
export async function planDemoPatrols(db: Kysely<DB>, now: Date) {
  const admin = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('role', '=', 'city_admin')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: admin.id,
    username: admin.username,
    displayName: admin.display_name,
    role: 'city_admin',
    scope: { ...EMPTY_SCOPE, city: true },
    scopeIds: [],
    ip: null,
    stage: 'active',
  };
  const service = createPatrolService({
    db,
    patrols: createPatrolRepository(db),
    reference: createReferenceNamesCache(db),
    checklists: createChecklistLibrary(regulationLibrary().catalogue),
    frequency: loadPatrolFrequency(),
    clock: () => now,
  });
  return service.generate(actor, { month: shenzhenMonth(now) });
}
