import type { Kysely } from 'kysely';
import type {
  ConfinedSpaceDetail,
  ConfinedSpacePage,
  CreateConfinedSpace,
  SpaceListQuery,
  UpdateConfinedSpace,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { auditedWrite } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { SpaceRepository } from './space.repository';
import { presentSpaceDetail, presentSpaceSummary } from './space.presenter';

const toColumns = (input: UpdateConfinedSpace) => ({
  ...(input.code !== undefined && { code: input.code }),
  ...(input.name !== undefined && { name: input.name }),
  ...(input.spaceType !== undefined && { space_type: input.spaceType }),
  ...(input.location !== undefined && { location: input.location }),
  ...(input.lon !== undefined && { lon: input.lon }),
  ...(input.lat !== undefined && { lat: input.lat }),
  ...(input.hazards !== undefined && { hazards: input.hazards }),
  ...(input.ventilation !== undefined && { ventilation: input.ventilation }),
  ...(input.entryPoints !== undefined && { entry_points: input.entryPoints }),
  ...(input.rescuePlan !== undefined && { rescue_plan: input.rescuePlan }),
  ...(input.rescueEquipment !== undefined && { rescue_equipment: input.rescueEquipment }),
  ...(input.warningSign !== undefined && { warning_sign: input.warningSign }),
});

/** The confined-space ledger (有限空间台账): the enterprise keeps it, regulators read it in scope. */
export function createSpaceService(deps: { db: Kysely<DB>; spaces: SpaceRepository }) {
  const { db, spaces } = deps;

  const detail = async (actor: Actor, id: string): Promise<ConfinedSpaceDetail> => {
    const row = await spaces.findInScope(id, actor.scope);
    if (!row) throw notFound('confined_space', id);
    return presentSpaceDetail(row, await spaces.devicesOf(id));
  };

  return {
    async list(actor: Actor, query: SpaceListQuery): Promise<ConfinedSpacePage> {
      authorize(actor, 'confined.read');
      const limit = query.limit ?? 50;
      const rows = await spaces.list(actor.scope, {
        enterpriseId: query.enterpriseId,
        q: query.q?.trim() || undefined,
        afterId: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentSpaceSummary),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async get(actor: Actor, id: string): Promise<ConfinedSpaceDetail> {
      authorize(actor, 'confined.read');
      return detail(actor, id);
    },

    async create(actor: Actor, input: CreateConfinedSpace): Promise<ConfinedSpaceDetail> {
      authorize(actor, 'confined.manage');
      // Enterprise accounts are bound to their enterprises; another enterprise is simply not there.
      if (!actor.scope.enterprise.includes(input.enterpriseId))
        throw notFound('enterprise', input.enterpriseId);
      if (await spaces.codeTaken(input.enterpriseId, input.code)) {
        throw new AppError('space.code_taken', { code: input.code });
      }
      const { enterpriseId, ...fields } = input;
      const id = await db.transaction().execute(async (trx) => {
        const [row] = await auditedWrite(
          trx,
          spaces.insertQuery(trx, {
            enterprise_id: enterpriseId,
            code: fields.code,
            name: fields.name,
            space_type: fields.spaceType,
            ventilation: fields.ventilation,
            ...toColumns(fields),
          }),
          auditWho(actor),
          { action: 'confined_space.created', resourceType: 'confined_space', after: input },
        );
        return row!.id;
      });
      return detail(actor, id);
    },

    async update(actor: Actor, id: string, input: UpdateConfinedSpace): Promise<ConfinedSpaceDetail> {
      authorize(actor, 'confined.manage');
      const current = await spaces.findInScope(id, actor.scope);
      if (!current || !actor.scope.enterprise.includes(current.enterprise_id))
        throw notFound('confined_space', id);
      if (input.code !== undefined && (await spaces.codeTaken(current.enterprise_id, input.code, id))) {
        throw new AppError('space.code_taken', { code: input.code });
      }
      const changes = toColumns(input);
      if (Object.keys(changes).length > 0) {
        await db.transaction().execute((trx) =>
          auditedWrite(trx, spaces.updateQuery(trx, id, changes), auditWho(actor), {
            action: 'confined_space.updated',
            resourceType: 'confined_space',
            resourceId: id,
            after: input,
          }),
        );
      }
      return detail(actor, id);
    },
  };
}
