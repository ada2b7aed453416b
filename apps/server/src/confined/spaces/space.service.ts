import type { Kysely } from 'kysely';
import type {
  ConfinedSpaceDetail,
  ConfinedSpacePage,
  CreateConfinedSpace,
  SpaceListQuery,
  SpacePhoto,
  UpdateConfinedSpace,
  UpdateSpaceLimits,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit, auditedWrite } from '../../platform/audit/audit-trail';
import { sha256Hex } from '../../platform/files/evidence-media';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';
import type { GasLimits } from '../alarms/gas-limits';
import { checkLimitUpdate, presentLimits } from './space-limits';
import { checkSpacePhoto, SPACE_PHOTOS_MAX } from './space-photo-upload';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { SpaceRepository } from './space.repository';
import { presentSpaceDetail, presentSpacePhoto, presentSpaceSummary } from './space.presenter';

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
export function createSpaceService(deps: {
  db: Kysely<DB>;
  spaces: SpaceRepository;
  /** The default gas limits (data/confined/gas-limits.json), as the monitor holds them. */
  limits: GasLimits;
  clock: () => Date;
}) {
  const { db, spaces, clock } = deps;

  const detail = async (actor: Actor, id: string): Promise<ConfinedSpaceDetail> => {
    const row = await spaces.findInScope(id, actor.scope);
    if (!row) throw notFound('confined_space', id);
    return presentSpaceDetail(
      row,
      await spaces.devicesOf(id),
      await spaces.photosOf(db, id),
      presentLimits(deps.limits, row.limits),
    );
  };

  /** A space of one of the actor's own enterprises, locked; regulators and others get 404. */
  const owned = async (trx: Kysely<DB>, actor: Actor, id: string) => {
    const space = await spaces.lockOwned(trx, id, actor.scope.enterprise);
    if (!space) throw notFound('confined_space', id);
    return space;
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

    /**
     * Per-space alarm limits. The monitor reloads every watched device's space (limits included)
     * every few seconds, so a change applies to live work without a restart.
     */
    async updateLimits(actor: Actor, id: string, input: UpdateSpaceLimits): Promise<ConfinedSpaceDetail> {
      authorize(actor, 'confined.manage');
      const checked = checkLimitUpdate(deps.limits, input);
      await db.transaction().execute(async (trx) => {
        const space = await owned(trx, actor, id);
        if (!checked.ok) {
          const first = checked.problems[0]!;
          throw new AppError('space.limits_invalid', first.params ?? {}, checked.problems);
        }
        await auditedWrite(
          trx,
          spaces.updateQuery(trx, id, { limits: checked.override ? JSON.stringify(checked.override) : null }),
          auditWho(actor),
          {
            action: 'confined_space.limits_updated',
            resourceType: 'confined_space',
            resourceId: id,
            before: { limits: space.limits ?? null },
            after: { limits: checked.override },
          },
          clock(),
        );
      });
      return detail(actor, id);
    },

    async addPhoto(actor: Actor, id: string, upload: EvidenceUpload): Promise<SpacePhoto> {
      authorize(actor, 'confined.manage');
      const photo = checkSpacePhoto(upload);
      const sha256 = sha256Hex(photo.bytes);
      const now = clock();
      const photoId = await db.transaction().execute(async (trx) => {
        await owned(trx, actor, id);
        // The space row is locked: two uploads at once cannot both take the last place.
        if ((await spaces.photosOf(trx, id)).length >= SPACE_PHOTOS_MAX) {
          throw new AppError('space.photo_limit', { limit: SPACE_PHOTOS_MAX });
        }
        const photoId = await spaces.insertPhoto(trx, {
          confined_space_id: id,
          file_name: photo.fileName,
          media_type: photo.mediaType,
          size_bytes: photo.bytes.length,
          sha256,
          content: photo.bytes,
          caption: photo.caption,
          uploaded_by: actor.userId,
          uploaded_at: now,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'confined_space.photo_added',
            resourceType: 'confined_space',
            resourceId: id,
            after: {
              photoId,
              mediaType: photo.mediaType,
              sizeBytes: photo.bytes.length,
              sha256,
              caption: photo.caption,
            },
          },
          now,
        );
        return photoId;
      });
      const stored = (await spaces.photosOf(db, id)).find((p) => p.id === photoId)!;
      return presentSpacePhoto(stored);
    },

    async removePhoto(actor: Actor, id: string, photoId: string): Promise<void> {
      authorize(actor, 'confined.manage');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await owned(trx, actor, id);
        if (!(await spaces.removePhoto(trx, id, photoId, actor.userId, now))) {
          throw notFound('confined_space_photo', `${id}/${photoId}`);
        }
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'confined_space.photo_removed',
            resourceType: 'confined_space',
            resourceId: id,
            after: { photoId },
          },
          now,
        );
      });
    },

    async photoFile(actor: Actor, id: string, photoId: string) {
      authorize(actor, 'confined.read');
      const row = await spaces.photoFile(id, photoId, actor.scope);
      if (!row) throw notFound('confined_space_photo', `${id}/${photoId}`);
      return {
        content: Buffer.from(row.content),
        mediaType: row.media_type,
        sha256: row.sha256,
        fileName: row.file_name,
      };
    },
  };
}
