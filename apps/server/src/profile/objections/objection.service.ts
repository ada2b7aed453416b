import type { Kysely } from 'kysely';
import type {
  DecideObjectionBody,
  FileObjectionBody,
  GradeObjection,
  ObjectionEvidence,
  ObjectionList,
  ObjectionListQuery,
} from '@safegrid/contracts';
import { CORRECTION_VALID_MONTHS, EVIDENCE_MAX_BYTES, OBJECTION_LIMITS } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields } from '../../errors';
import { isUniqueViolation } from '../../platform/db/errors';
import { authorize } from '../../platform/auth/policy';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';
import {
  cleanFileName,
  evidenceMediaType,
  EXTENSION_OF,
  sha256Hex,
} from '../../platform/files/evidence-media';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import { findIndicator } from '../grading/grading-model';
import type { GradingModels } from '../models/grading-models';
import { recomputeEnterpriseGrades } from '../grades/recompute-grades';
import type { ObjectionRepository } from './objection.repository';

/**
 * Indicators fed by the hazard lifecycle are corrected through that lifecycle (a wrong hazard is
 * withdrawn, a fixed one verified), never by an objection that would bypass it.
 */
const NOT_OBJECTABLE = new Set(['openHazards', 'overdueHazards', 'majorHazardsOpen', 'hazardsFound12m']);

function plusMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

type Row = NonNullable<Awaited<ReturnType<ObjectionRepository['byId']>>>;
type EvidenceRow = Awaited<ReturnType<ObjectionRepository['evidenceOf']>>[number];

export function createObjectionService(deps: {
  db: Kysely<DB>;
  objections: ObjectionRepository;
  models: GradingModels;
  clock: () => Date;
}) {
  const { db, objections, models, clock } = deps;

  const present = async (row: Row, evidence: EvidenceRow[]): Promise<GradeObjection> => {
    const indicator = findIndicator(await models.byVersion(row.model_version), row.indicator_id);
    return {
      id: String(row.id),
      enterpriseId: String(row.enterprise_id),
      enterpriseName: row.enterprise_name,
      indicatorId: row.indicator_id,
      zh: indicator?.zh ?? row.indicator_id,
      en: indicator?.en ?? row.indicator_id,
      modelVersion: row.model_version,
      recordedValue: row.recorded_value,
      claimedValue: row.claimed_value,
      reason: row.reason,
      status: row.status,
      filedAt: row.filed_at.toISOString(),
      decidedAt: row.decided_at?.toISOString() ?? null,
      decisionNote: row.decision_note,
      evidence: evidence.filter((e) => String(e.objection_id) === String(row.id)).map(presentEvidence),
    };
  };

  const read = async (actor: Actor, id: string): Promise<GradeObjection> => {
    const row = await objections.byId(db, id, actor.scope);
    if (!row) throw notFound('objection', id);
    return present(row, await objections.evidenceOf([id]));
  };

  return {
    read: (actor: Actor, id: string) => {
      authorize(actor, 'profile.read');
      return read(actor, id);
    },

    async list(actor: Actor, query: ObjectionListQuery): Promise<ObjectionList> {
      authorize(actor, 'profile.read');
      const limit = query.limit ?? 50;
      const rows = await objections.list(actor.scope, {
        status: query.status,
        enterpriseId: query.enterpriseId,
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit,
      });
      const page = rows.slice(0, limit);
      const evidence = await objections.evidenceOf(page.map((r) => String(r.id)));
      return {
        items: await Promise.all(page.map((r) => present(r, evidence))),
        nextCursor: rows.length > limit ? encodeCursor(String(page[page.length - 1]!.id)) : null,
      };
    },

    /** The enterprise objects to one input of its current grade. */
    async file(actor: Actor, enterpriseId: string, body: FileObjectionBody): Promise<GradeObjection> {
      authorize(actor, 'profile.object');
      const now = clock();
      const id = await db.transaction().execute(async (trx) => {
        const enterprise = await objections.enterpriseForObjection(trx, enterpriseId, actor.scope);
        if (!enterprise) throw notFound('enterprise', enterpriseId);
        if (!enterprise.model_version || !enterprise.inputs) throw new AppError('objection.no_grade');
        const model = await models.byVersion(enterprise.model_version, trx);
        const indicator = findIndicator(model, body.indicatorId);
        const pointer = '/body/indicatorId';
        if (!indicator) {
          rejectFields([
            { pointer, code: 'objection.indicator_unknown', params: { indicator: body.indicatorId } },
          ]);
        }
        if (NOT_OBJECTABLE.has(indicator.id)) {
          rejectFields([
            { pointer, code: 'objection.indicator_not_objectable', params: { indicator: indicator.id } },
          ]);
        }
        const recorded = (enterprise.inputs as Record<string, number | null>)[indicator.id] ?? 0;
        if (body.claimedValue === recorded) {
          rejectFields([{ pointer: '/body/claimedValue', code: 'objection.claim_unchanged' }]);
        }
        if (indicator.max !== null && body.claimedValue > indicator.max) {
          rejectFields([
            {
              pointer: '/body/claimedValue',
              code: 'objection.claim_out_of_range',
              params: { max: indicator.max },
            },
          ]);
        }
        const reason = body.reason.trim();
        if (reason.length === 0) rejectFields([{ pointer: '/body/reason', code: 'objection.reason_blank' }]);
        const inserted = await objections
          .insert(trx, {
            enterprise: { ...enterprise, id: String(enterprise.id) },
            indicatorId: indicator.id,
            modelVersion: enterprise.model_version,
            recordedValue: recorded,
            claimedValue: body.claimedValue,
            reason,
            filedBy: actor.userId,
            at: now,
          })
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) {
              throw new AppError('objection.pending_exists', { indicator: indicator.id });
            }
            throw error;
          });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'objection.filed',
            resourceType: 'grade_objection',
            resourceId: String(inserted.id),
            after: { enterpriseId, indicatorId: indicator.id, recorded, claimed: body.claimedValue },
          },
          now,
        );
        return String(inserted.id);
      });
      return read(actor, id);
    },

    /** Evidence for a pending objection (an image or a PDF), stored with its SHA-256. */
    async addEvidence(actor: Actor, id: string, upload: EvidenceUpload): Promise<ObjectionEvidence> {
      authorize(actor, 'profile.object');
      const file = upload.file;
      if (!file) rejectFields([{ pointer: '/body/file', code: 'objection.evidence_missing' }]);
      if (file.truncated || file.bytes.length > EVIDENCE_MAX_BYTES || file.bytes.length === 0) {
        rejectFields([
          {
            pointer: '/body/file',
            code: 'objection.evidence_invalid',
            params: { limit: EVIDENCE_MAX_BYTES },
          },
        ]);
      }
      const mediaType = evidenceMediaType(file.bytes, file.declaredType);
      if (!mediaType) {
        rejectFields([
          {
            pointer: '/body/file',
            code: 'objection.evidence_invalid',
            params: { limit: EVIDENCE_MAX_BYTES },
          },
        ]);
      }
      const now = clock();
      const sha256 = sha256Hex(file.bytes);
      const evidenceId = await db.transaction().execute(async (trx) => {
        const row = await objections.byId(trx, id, actor.scope, true);
        if (!row) throw notFound('objection', id);
        if (row.status !== 'pending') throw new AppError('objection.already_decided');
        if ((await objections.evidenceCount(trx, id)) >= OBJECTION_LIMITS.evidenceFiles) {
          throw new AppError('objection.evidence_limit', { limit: OBJECTION_LIMITS.evidenceFiles });
        }
        const inserted = await objections.insertEvidence(trx, {
          objectionId: id,
          fileName: cleanFileName(file.fileName, `evidence.${EXTENSION_OF[mediaType]}`),
          mediaType,
          bytes: file.bytes,
          sha256,
          by: actor.userId,
          at: now,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'objection.evidence_added',
            resourceType: 'grade_objection',
            resourceId: id,
            after: { evidenceId: String(inserted.id), sha256, mediaType, sizeBytes: file.bytes.length },
          },
          now,
        );
        return String(inserted.id);
      });
      const evidence = await objections.evidenceOf([id]);
      return presentEvidence(evidence.find((e) => String(e.id) === evidenceId)!);
    },

    async evidenceFile(actor: Actor, id: string, evidenceId: string) {
      authorize(actor, 'profile.read');
      const row = await objections.byId(db, id, actor.scope);
      if (!row) throw notFound('objection', id);
      const file = await objections.evidenceFile(id, evidenceId);
      if (!file) throw notFound('objection_evidence', evidenceId);
      return file;
    },

    /**
     * The officer's decision. Accepting makes the claimed value stand for a year and regrades
     * the enterprise in the same transaction, so the answer already shows the new grade.
     */
    async decide(actor: Actor, id: string, body: DecideObjectionBody): Promise<GradeObjection> {
      authorize(actor, 'profile.review');
      const now = clock();
      const note = body.note.trim();
      if (note.length === 0) rejectFields([{ pointer: '/body/note', code: 'objection.note_blank' }]);
      await db.transaction().execute(async (trx) => {
        const row = await objections.byId(trx, id, actor.scope, true);
        if (!row) throw notFound('objection', id);
        if (row.status !== 'pending') throw new AppError('objection.already_decided');
        await objections.decide(trx, id, { status: body.decision, by: actor.userId, at: now, note });
        let gradeChangedTo: string | null = null;
        if (body.decision === 'accepted') {
          const today = shenzhenToday(now);
          await objections.upsertCorrection(trx, {
            enterpriseId: String(row.enterprise_id),
            indicatorId: row.indicator_id,
            value: row.claimed_value,
            objectionId: id,
            from: today,
            until: plusMonths(today, CORRECTION_VALID_MONTHS),
          });
          const result = await recomputeEnterpriseGrades(trx, await models.active(trx), {
            now,
            enterpriseIds: [String(row.enterprise_id)],
          });
          gradeChangedTo = result.changes[0]?.grade ?? null;
        }
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: `objection.${body.decision}`,
            resourceType: 'grade_objection',
            resourceId: id,
            before: { status: 'pending' },
            after: { status: body.decision, note, gradeChangedTo },
          },
          now,
        );
      });
      return read(actor, id);
    },
  };
}

function presentEvidence(e: EvidenceRow): ObjectionEvidence {
  return {
    id: String(e.id),
    fileName: e.file_name,
    mediaType: e.media_type as ObjectionEvidence['mediaType'],
    sizeBytes: e.size_bytes,
    sha256: e.sha256,
    uploadedAt: e.uploaded_at.toISOString(),
  };
}
