import type { EnforcementCase, OpenEnforcementCase } from '@safegrid/contracts';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { chinaDate, isCalendarDate } from '../documents/document-dates';
import { issueOfficialDocumentIn } from '../documents/issue-official-document';
import { createInspectionRepository } from '../inspections/inspection.repository';
import type { RegulationLibrary } from '../regulations/regulation-library';
import { nonWorkingReason } from '../calendar/working-days';
import type { CaseDeps } from './case-context';
import { provision } from './case.presenter';
import { legalRange } from './suggest-fine';

/**
 * The penalty provision for a finding's refs, from the regulation library: a ref that is itself a
 * penalty item (or a 令第10号 item, punished under its penaltyRef), else the penalty item that
 * enforces the ref's provision or article.
 */
export function penaltyFor(library: RegulationLibrary, refs: readonly string[]) {
  const article = (ref: string) => ref.split(':').slice(0, 2).join(':');
  for (const ref of refs) {
    const own = library.provisions.find((p) => p.ref === ref);
    if (own) return own;
  }
  for (const ref of refs) {
    const exact = library.provisions.find((p) => p.kind === 'penalty_item' && p.obligations.includes(ref));
    if (exact) return exact;
  }
  for (const ref of refs) {
    const byArticle = library.provisions.find(
      (p) => p.kind === 'penalty_item' && p.obligations.some((o) => article(o) === article(ref)),
    );
    if (byArticle) return byArticle;
  }
  return undefined;
}

/**
 * Opens a case from a completed inspection of the caller (or their partner): the chosen findings
 * become violations with their penalty basis and legal range, and the 责令限期整改指令书 is issued
 * in the same transaction. The deadline must be a working day by the holiday calendar.
 */
export async function openCase(
  deps: CaseDeps,
  actor: Actor,
  body: OpenEnforcementCase,
): Promise<EnforcementCase> {
  authorize(actor, 'case.handle');
  const now = deps.clock();
  const today = chinaDate(now);
  const deadline = body.rectificationDeadline;
  if (!isCalendarDate(deadline)) {
    rejectFields([
      { pointer: '/body/rectificationDeadline', code: 'document.date_invalid', params: { date: deadline } },
    ]);
  }
  if (deadline < today) {
    rejectFields([
      { pointer: '/body/rectificationDeadline', code: 'deadline.in_past', params: { date: deadline } },
    ]);
  }
  const catalogue = deps.library.catalogue;

  const id = await deps.db.transaction().execute(async (trx) => {
    const calendar = await deps.calendar.load(trx, [Number(deadline.slice(0, 4))]);
    const reason = nonWorkingReason(calendar, deadline);
    if (reason) {
      rejectFields([
        {
          pointer: '/body/rectificationDeadline',
          code: 'deadline.not_working_day',
          params: { date: deadline, reason: reason.kind === 'holiday' ? reason.name : 'weekend' },
        },
      ]);
    }
    const found = await deps.cases.inspectionForCase(trx, body.inspectionId, actor.scope);
    if (!found) throw notFound('inspection', body.inspectionId);
    const { inspection, findings } = found;
    if (inspection.started_by !== actor.userId && inspection.partner_id !== actor.userId) {
      throw new AppError('case.inspection_not_participant');
    }
    if (inspection.status !== 'completed') throw new AppError('case.inspection_not_completed');
    const existing = await deps.cases.caseOfInspection(trx, inspection.id);
    if (existing) throw new AppError('case.inspection_has_case', { caseId: existing });

    const coHandlerId =
      body.coHandlerId ??
      (inspection.started_by === actor.userId ? inspection.partner_id : inspection.started_by);
    const coOk =
      coHandlerId !== actor.userId &&
      (await createInspectionRepository(trx).isCoveringOfficer(
        trx,
        inspection.enterprise_id,
        coHandlerId,
        actor.userId,
      ));
    if (!coOk) {
      rejectFields([
        { pointer: '/body/coHandlerId', code: 'case.co_handler_invalid', params: { coHandlerId } },
      ]);
    }

    const problems: FieldProblem[] = [];
    const chosen = body.findingSeqs.map((seq, i) => {
      const f = findings.find((x) => x.seq === seq);
      if (!f)
        problems.push({ pointer: `/body/findingSeqs/${i}`, code: 'case.finding_unknown', params: { seq } });
      else if (f.provision_refs.length === 0 && !f.major_hazard_ref) {
        problems.push({
          pointer: `/body/findingSeqs/${i}`,
          code: 'case.finding_without_provision',
          params: { seq },
        });
      }
      return f;
    });
    if (problems.length > 0) rejectFields(problems);

    const violations = chosen.map((f, i) => {
      const refs = [...f!.provision_refs, ...(f!.major_hazard_ref ? [f!.major_hazard_ref] : [])];
      const penalty = penaltyFor(deps.library, refs);
      const range = penalty ? legalRange(penalty.fines, false) : null;
      return {
        seq: i + 1,
        finding: f!.description,
        inspection_finding_seq: f!.seq,
        provision_refs: refs,
        penalty_ref: penalty?.penaltyRef ?? null,
        fine_min_yuan: range?.minYuan ?? null,
        fine_max_yuan: range?.maxYuan ?? null,
      };
    });
    const cause =
      body.cause?.trim() ||
      `${[...new Set(violations.flatMap((v) => v.provision_refs.slice(0, 1)))]
        .map((r) => provision(catalogue, r).label)
        .join('、')
        .slice(0, 180)}违法行为`;
    const cityAgency = actor.scope.city;

    const caseId = await deps.cases.insertCase(trx, {
      enterprise_id: inspection.enterprise_id,
      inspection_id: inspection.id,
      status: 'rectification_ordered',
      cause,
      handler_id: actor.userId,
      co_handler_id: coHandlerId,
      rectification_deadline: deadline,
      officers: JSON.stringify(body.officers),
      city_agency: cityAgency,
      created_at: now,
      updated_at: now,
    });
    await deps.cases.insertViolations(
      trx,
      violations.map((v) => ({ ...v, case_id: caseId })),
    );
    const doc = await issueOfficialDocumentIn(
      trx,
      { font: deps.font, clock: () => now, render: deps.render, publicBaseUrl: deps.publicBaseUrl },
      actor,
      {
        docType: 'rectification_order',
        enterpriseId: inspection.enterprise_id,
        content: {
          findings: violations.map((v) => ({
            description: v.finding,
            provision: v.provision_refs.map((r) => provision(catalogue, r).label).join('、'),
          })),
          deadline,
          legalBasis: body.legalBasis,
          appeal: body.appeal,
          inspectors: body.officers,
          date: today,
        },
      },
      { cityAgency },
    );
    await deps.cases.linkDocument(trx, { case_id: caseId, document_id: doc.id, step: 'open' });
    const data = {
      inspectionId: inspection.id,
      findingSeqs: body.findingSeqs,
      rectificationDeadline: deadline,
      coHandlerId,
      documents: [{ step: 'open', id: doc.id, number: doc.number, docType: doc.docType }],
    };
    await deps.cases.appendEvent(trx, {
      caseId,
      action: 'open',
      from: null,
      to: 'rectification_ordered',
      actorId: actor.userId,
      at: now,
      note: null,
      data,
    });
    await appendAudit(
      trx,
      auditWho(actor),
      {
        action: 'enforcement_case.opened',
        resourceType: 'enforcement_case',
        resourceId: caseId,
        after: { status: 'rectification_ordered', enterpriseId: inspection.enterprise_id, ...data },
      },
      now,
    );
    return caseId;
  });
  return deps.read(actor, id);
}
