import type { Kysely } from 'kysely';
import {
  EVIDENCE_MAX_BYTES,
  type AnswerInspectionChecklist,
  type Checklist,
  type CompleteInspection,
  type InspectionChecklist,
  type Inspection,
  type InspectionList,
  type InspectionListQuery,
  type InspectionPartners,
  type RecordFinding,
  type StartInspection,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import { evidenceGenesis, nextChainHash } from './evidence-chain';
import { sha256Hex } from '../../platform/files/evidence-media';
import { checkEvidenceUpload, type EvidenceUpload } from './evidence-upload';
import type { InspectionRepository } from './inspection.repository';
import { majorHazardRefProblem } from '../regulations/major-hazard';
import { presentChecklist, presentInspection, presentSummary } from './inspection.presenter';
import type { ChecklistLibrary } from '../../platform/checklists/checklist-library';
import { enterpriseFields } from '../../platform/checklists/enterprise-fields';
import { answerProblems, checklistProgress } from './inspection-checklist';
import type { GongmaoCategory } from '../../platform/db/schema';
import { claimTask, markTaskDone, markTaskStarted } from '../plans/inspection-task';

export interface InspectionDeps {
  db: Kysely<DB>;
  inspections: InspectionRepository;
  catalogue: RegulationCatalogue;
  checklists: ChecklistLibrary;
  clock: () => Date;
}

type LockedInspection = NonNullable<Awaited<ReturnType<InspectionRepository['forUpdate']>>>;

/** Problems with a finding's refs: each must resolve; the major hazard must be an item of 令第10号. */
export function findingRefProblems(catalogue: RegulationCatalogue, body: RecordFinding): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.description.trim() === '') {
    problems.push({ pointer: '/body/description', code: 'finding.blank' });
  }
  body.provisionRefs.forEach((ref, i) => {
    if (!catalogue.resolve(ref)) {
      problems.push({
        pointer: `/body/provisionRefs/${i}`,
        code: 'inspection.provision_unknown',
        params: { ref },
      });
    }
  });
  const major = body.majorHazardRef;
  const majorProblem = major ? majorHazardRefProblem(catalogue, major) : null;
  if (major && majorProblem) {
    problems.push({
      pointer: '/body/majorHazardRef',
      code: `inspection.${majorProblem}`,
      params: { ref: major },
    });
  }
  return problems;
}

/**
 * On-site inspections: start with a partner, record findings and evidence, complete. Every write
 * locks the inspection row, checks who writes and in which state, and appends its audit entry in
 * the same transaction.
 */
export function createInspectionService(deps: InspectionDeps) {
  const { db, inspections, catalogue, checklists, clock } = deps;

  /**
   * The enterprise's checklist: its category's template, the 令第10号 items of the category and
   * of the fields it works in. None for an enterprise outside the 工贸 categories.
   */
  async function checklistOf(
    executor: Kysely<DB>,
    enterpriseId: string,
    category: GongmaoCategory | null,
  ): Promise<Checklist | null> {
    if (category === null) return null;
    return checklists.forEnterprise(category, await enterpriseFields(executor, enterpriseId));
  }

  async function read(actor: Actor, id: string): Promise<Inspection> {
    const rows = await inspections.detail(id, actor.scope);
    if (!rows) throw notFound('inspection', id);
    const checklist = await checklistOf(db, rows.head.enterprise_id, rows.head.enterprise_gongmao_category);
    const progress = checklist
      ? checklistProgress(
          checklist,
          rows.answers,
          rows.findings.map((f) => f.checklist_item_id),
        )
      : null;
    return presentInspection(rows, catalogue, progress);
  }

  async function readChecklist(actor: Actor, id: string): Promise<InspectionChecklist> {
    const head = await inspections.checklistHead(id, actor.scope);
    if (!head) throw notFound('inspection', id);
    const checklist = await checklistOf(db, head.enterprise_id, head.gongmao_category);
    if (!checklist) throw new AppError('inspection.checklist_unavailable');
    return presentChecklist(checklist, await inspections.checklistAnswers(db, id), head.version);
  }

  /** Locks the inspection and checks that the actor may write to it now (404, 403, 409 in order). */
  async function writable(trx: Kysely<DB>, actor: Actor, id: string, version?: number) {
    const row = await inspections.forUpdate(trx, id, actor.scope);
    if (!row) throw notFound('inspection', id);
    if (row.started_by !== actor.userId && row.partner_id !== actor.userId) {
      throw new AppError('inspection.not_participant');
    }
    if (row.status !== 'in_progress') throw new AppError('inspection.completed');
    if (version !== undefined && row.version !== version) {
      throw new AppError('inspection.version_stale', { version: row.version });
    }
    return row;
  }

  return {
    get(actor: Actor, id: string): Promise<Inspection> {
      authorize(actor, 'inspection.read');
      return read(actor, id);
    },

    async list(actor: Actor, query: InspectionListQuery): Promise<InspectionList> {
      authorize(actor, 'inspection.read');
      const rows = await inspections.list(
        {
          status: query.status,
          enterpriseId: query.enterpriseId,
          participant: query.mine ? actor.userId : undefined,
          limit: query.limit ?? 50,
        },
        actor.scope,
      );
      return { items: rows.map(presentSummary) };
    },

    async partners(actor: Actor, enterpriseId: string): Promise<InspectionPartners> {
      authorize(actor, 'inspection.conduct');
      const enterprise = await inspections.enterpriseInScope(enterpriseId, actor.scope);
      if (!enterprise) throw notFound('enterprise', enterpriseId);
      const rows = await inspections.partners(enterprise.id, actor.userId);
      return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name })) };
    },

    async start(actor: Actor, body: StartInspection): Promise<Inspection> {
      authorize(actor, 'inspection.conduct');
      const enterprise = await inspections.enterpriseInScope(body.enterpriseId, actor.scope);
      if (!enterprise) throw notFound('enterprise', body.enterpriseId);
      const now = clock();
      const place = body.place?.trim() || null;
      const id = await db.transaction().execute(async (trx) => {
        const partnerOk =
          body.partnerId !== actor.userId &&
          (await inspections.isCoveringOfficer(trx, enterprise.id, body.partnerId, actor.userId));
        if (!partnerOk) {
          rejectFields([
            {
              pointer: '/body/partnerId',
              code: 'inspection.partner_invalid',
              params: { partnerId: body.partnerId },
            },
          ]);
        }
        // A plan's task: checked under its row lock before the inspection exists.
        const task = body.taskId
          ? await claimTask(trx, actor, {
              taskId: body.taskId,
              enterpriseId: enterprise.id,
              partnerId: body.partnerId,
            })
          : undefined;
        const id = await inspections.insert(trx, {
          enterprise_id: enterprise.id,
          place,
          started_by: actor.userId,
          partner_id: body.partnerId,
          started_at: now,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'inspection.started',
            resourceType: 'inspection',
            resourceId: id,
            after: {
              enterpriseId: enterprise.id,
              partnerId: body.partnerId,
              place,
              ...(task && { taskId: task.id }),
            },
          },
          now,
        );
        if (task) await markTaskStarted(trx, actor, task.id, id, now);
        return id;
      });
      return read(actor, id);
    },

    async recordFinding(actor: Actor, id: string, body: RecordFinding): Promise<Inspection> {
      authorize(actor, 'inspection.conduct');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await writable(trx, actor, id, body.version);
        const problems = findingRefProblems(catalogue, body);
        const itemId = body.checklistItemId;
        if (itemId !== undefined) {
          const category = await inspections.enterpriseCategory(trx, row.enterprise_id);
          const checklist = await checklistOf(trx, row.enterprise_id, category);
          if (!checklist?.items.some((i) => i.id === itemId)) {
            problems.push({
              pointer: '/body/checklistItemId',
              code: 'inspection.checklist_item_unknown',
              params: { itemId },
            });
          }
        }
        if (problems.length > 0) rejectFields(problems);
        const seq = row.finding_count + 1;
        const finding = {
          description: body.description.trim(),
          provision_refs: body.provisionRefs,
          major_hazard_ref: body.majorHazardRef ?? null,
          on_the_spot_measure: body.onTheSpotMeasure?.trim() || null,
          checklist_item_id: itemId ?? null,
        };
        await inspections.insertFinding(trx, {
          inspection_id: id,
          seq,
          ...finding,
          recorded_at: now,
          recorded_by: actor.userId,
        });
        await inspections.update(trx, id, { finding_count: seq, bumpVersion: true });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'inspection.finding_recorded',
            resourceType: 'inspection',
            resourceId: id,
            after: { seq, ...finding },
          },
          now,
        );
      });
      return read(actor, id);
    },

    /**
     * Adds an evidence file at the end of the chain. The inspection row's lock serialises
     * concurrent uploads, so each link is computed from the one committed before it.
     */
    async addEvidence(actor: Actor, id: string, upload: EvidenceUpload): Promise<Inspection> {
      authorize(actor, 'inspection.conduct');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row: LockedInspection = await writable(trx, actor, id);
        const checked = checkEvidenceUpload(upload, {
          now,
          startedAt: row.started_at,
          findingCount: row.finding_count,
          maxBytes: EVIDENCE_MAX_BYTES,
        });
        const seq = row.evidence_count + 1;
        const sha256 = sha256Hex(checked.bytes);
        const previous = (await inspections.lastChainHash(trx, id)) ?? evidenceGenesis(id);
        const chainHash = nextChainHash(previous, { seq, sha256, capturedAt: checked.capturedAt });
        await inspections.insertEvidence(trx, {
          inspection_id: id,
          seq,
          finding_seq: checked.findingSeq,
          file_name: checked.fileName,
          media_type: checked.mediaType,
          size_bytes: checked.bytes.length,
          sha256,
          content: checked.bytes,
          captured_at: checked.capturedAt,
          received_at: now,
          chain_hash: chainHash,
          uploaded_by: actor.userId,
        });
        // Evidence is an append-only log of its own: it moves the count, not the version, so an
        // officer photographing never makes the other's pending finding stale.
        await inspections.update(trx, id, { evidence_count: seq, bumpVersion: false });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'inspection.evidence_added',
            resourceType: 'inspection',
            resourceId: id,
            after: {
              seq,
              findingSeq: checked.findingSeq,
              fileName: checked.fileName,
              mediaType: checked.mediaType,
              sizeBytes: checked.bytes.length,
              sha256,
              capturedAt: checked.capturedAt.toISOString(),
              chainHash,
            },
          },
          now,
        );
      });
      return read(actor, id);
    },

    checklist(actor: Actor, id: string): Promise<InspectionChecklist> {
      authorize(actor, 'inspection.read');
      return readChecklist(actor, id);
    },

    /**
     * Records answers to checklist items (an item answered again is overwritten; the trail keeps
     * the earlier answer). Moves the version like a finding: the answers are part of the record.
     */
    async answerChecklist(
      actor: Actor,
      id: string,
      body: AnswerInspectionChecklist,
    ): Promise<InspectionChecklist> {
      authorize(actor, 'inspection.conduct');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await writable(trx, actor, id, body.version);
        const category = await inspections.enterpriseCategory(trx, row.enterprise_id);
        const checklist = await checklistOf(trx, row.enterprise_id, category);
        if (!checklist) throw new AppError('inspection.checklist_unavailable');
        const problems = answerProblems(checklist, body);
        if (problems.length > 0) rejectFields(problems);
        const answers = body.answers.map((a) => ({
          itemId: a.itemId,
          outcome: a.outcome,
          note: a.note?.trim() || null,
        }));
        const touched = new Set(answers.map((a) => a.itemId));
        const before = (await inspections.checklistAnswers(trx, id)).answers
          .filter((a) => touched.has(a.item_id))
          .map((a) => ({ itemId: a.item_id, outcome: a.outcome, note: a.note }));
        await inspections.upsertAnswers(
          trx,
          answers.map((a) => ({
            inspection_id: id,
            item_id: a.itemId,
            outcome: a.outcome,
            note: a.note,
            template_id: checklist.templateId,
            template_version: checklist.version,
            answered_at: now,
            answered_by: actor.userId,
          })),
        );
        await inspections.update(trx, id, { bumpVersion: true });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'inspection.checklist_answered',
            resourceType: 'inspection',
            resourceId: id,
            before: { answers: before },
            after: { templateId: checklist.templateId, templateVersion: checklist.version, answers },
          },
          now,
        );
      });
      return readChecklist(actor, id);
    },

    async complete(actor: Actor, id: string, body: CompleteInspection): Promise<Inspection> {
      authorize(actor, 'inspection.conduct');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await writable(trx, actor, id, body.version);
        if (row.finding_count === 0) throw new AppError('inspection.no_findings');
        // Unanswered checklist items do not block completion; the entry records how far it got.
        const category = await inspections.enterpriseCategory(trx, row.enterprise_id);
        const checklist = await checklistOf(trx, row.enterprise_id, category);
        const recorded = checklist ? await inspections.checklistAnswers(trx, id) : null;
        const progress =
          checklist && recorded
            ? checklistProgress(
                checklist,
                recorded.answers.map((a) => ({ itemId: a.item_id, outcome: a.outcome })),
                recorded.findings.map((f) => f.checklist_item_id),
              )
            : null;
        await inspections.update(trx, id, { status: 'completed', completed_at: now, bumpVersion: true });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'inspection.completed',
            resourceType: 'inspection',
            resourceId: id,
            before: { status: row.status },
            after: {
              status: 'completed',
              findingCount: row.finding_count,
              evidenceCount: row.evidence_count,
              checklist: progress,
            },
          },
          now,
        );
        await markTaskDone(trx, actor, id, now);
      });
      return read(actor, id);
    },

    async evidenceFile(
      actor: Actor,
      id: string,
      seq: number,
    ): Promise<{ content: Buffer; mediaType: string; sha256: string; fileName: string }> {
      authorize(actor, 'inspection.read');
      const row = await inspections.evidenceFile(id, seq, actor.scope);
      if (!row) throw notFound('inspection_evidence', `${id}/${seq}`);
      return {
        content: Buffer.from(row.content),
        mediaType: row.media_type,
        sha256: row.sha256,
        fileName: row.file_name,
      };
    },
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
