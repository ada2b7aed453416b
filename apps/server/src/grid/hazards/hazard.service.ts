import type { Kysely, Updateable } from 'kysely';
import { insertNewHazard, judgeNewHazard } from './new-hazard';
import {
  EVIDENCE_MAX_BYTES,
  type Hazard,
  type HazardList,
  type HazardListQuery,
  type HazardPhotoWriteResult,
  type HazardTransitionRequest,
  type HazardWriteResult,
  type ReportHazard,
} from '@safegrid/contracts';
import { HAZARD_LIMITS, type Action, type HazardEventValue } from '@safegrid/contracts/values';
import type { DB, HazardTable } from '../../platform/db/schema';
import { sha256Hex } from '../../platform/files/evidence-media';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize, can } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { isUniqueViolation } from '../../platform/db/errors';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { chinaDate, isCalendarDate } from '../../enforcement/documents/document-dates';
import {
  decide,
  EVENT_ACTIONS,
  roleMayTake,
  type HazardCommand,
  type HazardRefusal,
  type HazardState,
} from './hazard-machine';
import {
  CAPTURE_CLOCK_SKEW_MS,
  checkPhotoFile,
  readPhotoFields,
  type HazardPhotoStage,
} from './hazard-photo-upload';
import type { HazardRepository, HazardRow } from './hazard.repository';
import { machineState, presentHazard, presentPhoto, presentSummary } from './hazard.presenter';

export interface HazardDeps {
  db: Kysely<DB>;
  hazards: HazardRepository;
  catalogue: RegulationCatalogue;
  clock: () => Date;
}

/** The audit trail's verb for each event (past tense, as the other modules write them). */
export const AUDIT_ACTION: Readonly<Record<HazardEventValue, string>> = {
  report: 'hazard.reported',
  assign: 'hazard.assigned',
  acknowledge: 'hazard.acknowledged',
  submit: 'hazard.submitted',
  verify: 'hazard.verified',
  reject: 'hazard.rejected',
  request_deferral: 'hazard.deferral_requested',
  approve_deferral: 'hazard.deferral_approved',
  deny_deferral: 'hazard.deferral_denied',
  escalate: 'hazard.escalated',
  withdraw: 'hazard.withdrawn',
};

/** Who may add photos of each stage, and while the hazard is in which status. */
const STAGE_RULES: Readonly<Record<HazardPhotoStage, { action: Action; statuses: readonly string[] }>> = {
  report: { action: 'hazard.report', statuses: ['reported', 'assigned'] },
  rectification: { action: 'hazard.rectify', statuses: ['rectifying'] },
  verification: { action: 'hazard.verify', statuses: ['submitted'] },
};
const PHOTO_ACTIONS: readonly Action[] = ['hazard.report', 'hazard.rectify', 'hazard.verify'];

export const REFERRAL_REASON = 'overdue';

/** The 403 of an event this role may never take, before anything is looked up. */
function authorizeAny(actor: Actor, actions: readonly Action[]): void {
  if (!actions.some((action) => can(actor.role, action))) {
    throw new AppError('auth.forbidden', { action: actions[0]! });
  }
}

/** A machine refusal as the API answers it: field refusals point at the field to fix. */
function refusalError(code: HazardRefusal, row: HazardRow, event: HazardEventValue): AppError {
  const field = (pointer: string, params: Record<string, string | number> = {}) =>
    new AppError(code, params, [{ pointer, code, params }]);
  switch (code) {
    case 'auth.forbidden':
      return new AppError(code, { action: EVENT_ACTIONS[event][0]! });
    case 'hazard.note_required':
      return field('/body/note');
    case 'hazard.deadline_required':
    case 'hazard.deadline_in_past':
      return field('/body/deadline');
    case 'hazard.deferral_invalid':
      return field('/body/deadline', { maxDays: HAZARD_LIMITS.deferralDays });
    case 'hazard.transition_not_allowed':
      return new AppError(code, { status: row.status, event });
    default:
      return new AppError(code, { status: row.status });
  }
}

/** The columns a decided state sets (the row is locked; the version moves in the repository). */
function stateColumns(before: HazardRow, after: HazardState, now: Date, newRound: boolean) {
  const set: Updateable<HazardTable> = {
    status: after.status,
    deadline: after.deadline,
    escalated: after.escalated,
  };
  if (!after.pendingDeferral && before.deferral_deadline) {
    Object.assign(set, {
      deferral_deadline: null,
      deferral_reason: null,
      deferral_requested_at: null,
      deferral_requested_by: null,
    });
  }
  if (after.status === 'closed' && before.status !== 'closed') set.closed_at = now;
  if (newRound) set.round = before.round + 1;
  return set;
}

/**
 * Hazards: report, move through the lifecycle, add photos, read. Every write locks the hazard row,
 * asks the pure machine, and writes the row, the transition and the audit entry in one
 * transaction; every write carries a clientId so that a phone's retry is answered, not repeated.
 */
export function createHazardService(deps: HazardDeps) {
  const { db, hazards, catalogue, clock } = deps;

  async function read(actor: Actor, id: string): Promise<Hazard> {
    const rows = await hazards.detail(id, actor.scope);
    if (!rows) throw notFound('hazard', id);
    return presentHazard(rows, catalogue, { role: actor.role, today: chinaDate(clock()) });
  }

  /** Same clientId, same report: a replay. Same clientId, anything else: a reused id. */
  function sameReport(
    existing: NonNullable<Awaited<ReturnType<HazardRepository['byClientId']>>>,
    actor: Actor,
    body: ReportHazard,
  ): boolean {
    return (
      existing.reported_by === actor.userId &&
      existing.enterprise_id === body.enterpriseId &&
      existing.description === body.description.trim() &&
      existing.source === body.source &&
      existing.major_hazard_ref === (body.majorHazardRef ?? null) &&
      existing.patrol_task_id === (body.patrolTaskId ?? null) &&
      existing.checklist_item_id === (body.checklistItemId ?? null) &&
      existing.found_at.getTime() === new Date(body.foundAt).getTime() &&
      existing.lat === (body.lat ?? null) &&
      existing.lon === (body.lon ?? null) &&
      existing.reported_deadline === (body.deadline ?? null)
    );
  }

  async function replayReport(actor: Actor, body: ReportHazard): Promise<HazardWriteResult | undefined> {
    const existing = await hazards.byClientId(db, body.clientId);
    if (!existing) return undefined;
    if (!sameReport(existing, actor, body)) throw new AppError('hazard.client_id_reused');
    return { hazard: await read(actor, existing.id), replayed: true };
  }

  return {
    get(actor: Actor, id: string): Promise<Hazard> {
      authorize(actor, 'hazard.read');
      return read(actor, id);
    },

    async list(actor: Actor, query: HazardListQuery): Promise<HazardList> {
      authorize(actor, 'hazard.read');
      const limit = query.limit ?? 50;
      const today = chinaDate(clock());
      const rows = await hazards.list(
        {
          status: query.status,
          level: query.level,
          gridId: query.gridId,
          enterpriseId: query.enterpriseId,
          overdue: query.overdue,
          after: query.after,
          limit,
          today,
        },
        actor.scope,
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => presentSummary(row, today)),
        next: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },

    async report(actor: Actor, body: ReportHazard): Promise<HazardWriteResult & { created: boolean }> {
      authorize(actor, 'hazard.report');
      const enterprise = await hazards.enterpriseInScope(body.enterpriseId, actor.scope);
      if (!enterprise) throw notFound('enterprise', body.enterpriseId);
      // Before any check of dates: a report queued yesterday with today's deadline is still a replay.
      const replay = await replayReport(actor, body);
      if (replay) return { ...replay, created: false };

      const now = clock();
      const today = chinaDate(now);
      const problems: FieldProblem[] = [];
      const description = body.description.trim();
      if (description === '') problems.push({ pointer: '/body/description', code: 'schema.blank' });
      if (new Date(body.foundAt).getTime() > now.getTime() + CAPTURE_CLOCK_SKEW_MS) {
        problems.push({ pointer: '/body/foundAt', code: 'hazard.found_in_future' });
      }
      if (body.patrolTaskId && (await hazards.patrolTaskEnterprise(body.patrolTaskId)) !== enterprise.id) {
        problems.push({ pointer: '/body/patrolTaskId', code: 'hazard.patrol_task_invalid' });
      }
      const judgement = judgeNewHazard(
        catalogue,
        { deadline: body.deadline, majorHazardRef: body.majorHazardRef ?? null },
        actor.role,
        today,
        problems,
      );
      const { state, effects, major } = judgement;
      const foundAt = new Date(body.foundAt);
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertNewHazard(trx, hazards, actor, now, judgement, {
          enterprise,
          description,
          source: body.source,
          foundAt,
          reportedAt: foundAt,
          clientId: body.clientId,
          origin: {
            patrol_task_id: body.patrolTaskId ?? null,
            checklist_item_id: body.checklistItemId ?? null,
            lat: body.lat ?? null,
            lon: body.lon ?? null,
          },
        });
        if (!id) return undefined; // the same clientId committed meanwhile: answered as a replay below
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: AUDIT_ACTION.report,
            resourceType: 'hazard',
            resourceId: id,
            after: {
              enterpriseId: enterprise.id,
              description,
              source: body.source,
              level: state.level,
              majorHazardRef: major,
              status: state.status,
              deadline: state.deadline,
              listedForSupervision: state.listedForSupervision,
              reportedToDistrict: !!effects.reportToDistrict,
              patrolTaskId: body.patrolTaskId ?? null,
              foundAt: foundAt.toISOString(),
              clientId: body.clientId,
            },
          },
          now,
        );
        return id;
      });
      if (!id) {
        const late = await replayReport(actor, body);
        if (!late) throw new AppError('hazard.client_id_reused');
        return { ...late, created: false };
      }
      return { hazard: await read(actor, id), replayed: false, created: true };
    },

    async transition(actor: Actor, id: string, body: HazardTransitionRequest): Promise<HazardWriteResult> {
      authorize(actor, 'hazard.read');
      // A role that may never take this event is refused before the hazard is looked up.
      if (!roleMayTake(actor.role, body.event)) {
        throw new AppError('auth.forbidden', { action: EVENT_ACTIONS[body.event][0]! });
      }
      const now = clock();
      const today = chinaDate(now);
      if (body.deadline !== undefined && !isCalendarDate(body.deadline)) {
        rejectFields([{ pointer: '/body/deadline', code: 'schema.format' }]);
      }
      let replayed = false;
      try {
        await db.transaction().execute(async (trx) => {
          const row = await hazards.forUpdate(trx, id, actor.scope);
          if (!row) throw notFound('hazard', id);
          const earlier = await hazards.transitionByClientId(trx, body.clientId);
          if (earlier) {
            if (earlier.hazard_id !== id || earlier.event !== body.event) {
              throw new AppError('hazard.client_id_reused');
            }
            replayed = true;
            return;
          }
          if (row.version !== body.version) {
            throw new AppError('hazard.version_stale', { status: row.status, version: row.version });
          }
          const counts = await hazards.photoCounts(trx, id, row.round);
          const before = machineState(row, counts);
          const note = body.note?.trim() || undefined;
          const command = { type: body.event, deadline: body.deadline, note } as Exclude<
            HazardCommand,
            { type: 'report' }
          >;
          const decision = decide(before, command, actor.role, today);
          if (!decision.ok) throw refusalError(decision.code, row, body.event);
          const { state: after, effects } = decision;
          const set = stateColumns(row, after, now, !!effects.newRound);
          if (body.event === 'request_deferral') {
            Object.assign(set, {
              deferral_deadline: after.pendingDeferral!.requestedDeadline,
              deferral_reason: note ?? null,
              deferral_requested_at: now,
              deferral_requested_by: actor.userId,
            });
          }
          await hazards.update(trx, id, set);
          const deadline =
            body.event === 'request_deferral'
              ? after.pendingDeferral!.requestedDeadline
              : after.deadline !== before.deadline
                ? after.deadline
                : null;
          // The device's time of the step, but never later than now: a clock ahead cannot post-date it.
          const at = body.at ? new Date(Math.min(new Date(body.at).getTime(), now.getTime())) : now;
          await hazards.insertTransition(trx, {
            hazard_id: id,
            seq: await hazards.nextSeq(trx, id),
            event: body.event,
            from_status: row.status,
            to_status: after.status,
            actor_id: actor.userId,
            role: actor.role,
            note: note ?? null,
            deadline,
            at,
            recorded_at: now,
            client_id: body.clientId,
          });
          if (effects.referToEnforcement) await hazards.insertReferral(trx, id, REFERRAL_REASON, now);
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: AUDIT_ACTION[body.event],
              resourceType: 'hazard',
              resourceId: id,
              before: {
                status: row.status,
                deadline: row.deadline,
                escalated: row.escalated,
                version: row.version,
              },
              after: {
                status: after.status,
                deadline: after.deadline,
                escalated: after.escalated,
                pendingDeferral: after.pendingDeferral,
                note: note ?? null,
                referredToEnforcement: !!effects.referToEnforcement,
                clientId: body.clientId,
              },
            },
            now,
          );
        });
      } catch (error) {
        // Two requests with one clientId on two hazards: the unique index decides, the loser is told.
        if (isUniqueViolation(error)) throw new AppError('hazard.client_id_reused');
        throw error;
      }
      return { hazard: await read(actor, id), replayed };
    },

    async addPhoto(
      actor: Actor,
      id: string,
      upload: EvidenceUpload,
    ): Promise<HazardPhotoWriteResult & { created: boolean }> {
      authorize(actor, 'hazard.read');
      authorizeAny(actor, PHOTO_ACTIONS);
      const now = clock();
      const fields = readPhotoFields(upload, now);
      const rule = STAGE_RULES[fields.stage];
      // An enterprise photographing the inspector's re-inspection, or an inspector the rectification.
      if (!can(actor.role, rule.action))
        throw new AppError('hazard.stage_forbidden', { stage: fields.stage });
      const file = checkPhotoFile(upload, EVIDENCE_MAX_BYTES);
      const sha256 = sha256Hex(file.bytes);

      const replayOf = (existing: NonNullable<Awaited<ReturnType<HazardRepository['photoByClientId']>>>) => {
        if (existing.hazard_id !== id || existing.stage !== fields.stage || existing.sha256 !== sha256) {
          throw new AppError('hazard.client_id_reused');
        }
        return { photo: presentPhoto(existing), replayed: true, created: false };
      };

      try {
        return await db.transaction().execute(async (trx) => {
          const row = await hazards.forUpdate(trx, id, actor.scope);
          if (!row) throw notFound('hazard', id);
          const earlier = await hazards.photoByClientId(trx, fields.clientId);
          if (earlier) return replayOf(earlier);
          if (!rule.statuses.includes(row.status)) {
            throw new AppError('hazard.photo_stage_closed', { status: row.status, stage: fields.stage });
          }
          const counts = await hazards.photoCounts(trx, id, row.round);
          if (counts[fields.stage] >= HAZARD_LIMITS.photosPerStage) {
            throw new AppError('hazard.photo_limit', { limit: HAZARD_LIMITS.photosPerStage });
          }
          const photoId = await hazards.insertPhoto(trx, {
            hazard_id: id,
            stage: fields.stage,
            round: row.round,
            file_name: file.fileName,
            media_type: file.mediaType,
            size_bytes: file.bytes.length,
            sha256,
            content: file.bytes,
            captured_at: fields.capturedAt,
            received_at: now,
            uploaded_by: actor.userId,
            client_id: fields.clientId,
          });
          // Photos do not move the version: a queued submit made after the photo must not turn stale.
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: 'hazard.photo_added',
              resourceType: 'hazard',
              resourceId: id,
              after: {
                photoId,
                stage: fields.stage,
                round: row.round,
                mediaType: file.mediaType,
                sizeBytes: file.bytes.length,
                sha256,
                capturedAt: fields.capturedAt.toISOString(),
                clientId: fields.clientId,
              },
            },
            now,
          );
          const stored = await hazards.photoByClientId(trx, fields.clientId);
          return { photo: presentPhoto(stored!), replayed: false, created: true };
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await hazards.photoByClientId(db, fields.clientId);
        if (!existing) throw error;
        return replayOf(existing);
      }
    },

    async photoFile(
      actor: Actor,
      id: string,
      photoId: string,
    ): Promise<{ content: Buffer; mediaType: string; sha256: string; fileName: string }> {
      authorize(actor, 'hazard.read');
      const row = await hazards.photoFile(id, photoId, actor.scope);
      if (!row) throw notFound('hazard_photo', `${id}/${photoId}`);
      return {
        content: Buffer.from(row.content),
        mediaType: row.media_type,
        sha256: row.sha256,
        fileName: row.file_name,
      };
    },

    async evidenceFile(
      actor: Actor,
      id: string,
      fileId: string,
    ): Promise<{ content: Buffer; mediaType: string; sha256: string; fileName: string }> {
      authorize(actor, 'hazard.read');
      const row = await hazards.evidenceFile(id, fileId, actor.scope);
      if (!row) throw notFound('hazard_evidence_file', `${id}/${fileId}`);
      return {
        content: Buffer.from(row.content),
        mediaType: row.media_type,
        sha256: row.sha256,
        fileName: row.file_name,
      };
    },
  };
}

export type HazardService = ReturnType<typeof createHazardService>;
