import type {
  CaseApprovalInbox,
  DiscretionRules,
  EnforcementCase,
  EnforcementCaseList,
  EnforcementCaseListQuery,
  FineSuggestionRequest,
  FineSuggestions,
} from '@safegrid/contracts';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { chinaDate } from '../documents/document-dates';
import { addWorkingDays } from '../calendar/working-days';
import type { CaseDeps } from './case-context';
import { DEADLINE_DAYS, deadlinesOf, pendingOf, presentCase, provision, summaryOf } from './case.presenter';
import type { CaseRow } from './case.repository';
import { discretionRules, suggestFine } from './suggest-fine';

const years = (...dates: (string | null)[]) => [
  ...new Set(dates.flatMap((d) => (d ? [Number(d.slice(0, 4)), Number(d.slice(0, 4)) + 1] : []))),
];

/** Reads of cases: detail (with the caller's allowed actions), list, approval inbox, fine suggestions. */
export function createCaseReads(deps: Omit<CaseDeps, 'read'>) {
  const { db, cases, calendar, library, clock } = deps;

  async function names(ids: string[]) {
    const rows = await cases.userNames(db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async function read(actor: Actor, id: string): Promise<EnforcementCase> {
    const rows = await cases.detail(id, actor.scope);
    if (!rows) throw notFound('enforcement_case', id);
    const { row } = rows;
    const today = chinaDate(clock());
    const cal = await calendar.load(db, years(row.notified_on, row.decided_on, today));
    const serviceDueOn = row.decided_on
      ? addWorkingDays(cal, row.decided_on, DEADLINE_DAYS.service).dueOn
      : null;
    return presentCase(rows, {
      catalogue: library.catalogue,
      calendar: cal,
      today,
      actor,
      names: await names([
        row.handler_id,
        row.co_handler_id,
        ...(row.submitted_by ? [row.submitted_by] : []),
      ]),
      serviceDueOn,
    });
  }

  async function summaries(rows: CaseRow[]) {
    const today = chinaDate(clock());
    const cal = await calendar.load(db, years(today, ...rows.map((r) => r.decided_on)));
    const nameMap = await names(
      rows.flatMap((r) => [r.handler_id, r.co_handler_id, ...(r.submitted_by ? [r.submitted_by] : [])]),
    );
    const approvals = await cases.roundApprovals(
      rows.filter((r) => r.status.endsWith('_review')).map((r) => r.id),
    );
    return rows.map((row) => {
      const mine = approvals
        .filter((a) => a.case_id === row.id)
        .map((a) => ({ ...a, round: row.approval_round }));
      const serviceDueOn = row.decided_on
        ? addWorkingDays(cal, row.decided_on, DEADLINE_DAYS.service).dueOn
        : null;
      const deadlines = deadlinesOf(row, library.catalogue, cal, today, serviceDueOn);
      return {
        row,
        approvals: mine,
        summary: summaryOf(row, nameMap, deadlines, pendingOf(row, mine, nameMap)),
      };
    });
  }

  return {
    read,

    get(actor: Actor, id: string) {
      authorize(actor, 'case.read');
      return read(actor, id);
    },

    async list(actor: Actor, query: EnforcementCaseListQuery): Promise<EnforcementCaseList> {
      authorize(actor, 'case.read');
      const limit = query.limit ?? 50;
      if (query.cursor !== undefined && !/^[1-9][0-9]{0,17}$/.test(query.cursor)) {
        throw new AppError('pagination.cursor_invalid');
      }
      const rows = await cases.list(
        {
          status: query.status,
          enterpriseId: query.enterpriseId,
          handler: query.mine ? actor.userId : undefined,
          overdueOn: query.overdue ? chinaDate(clock()) : undefined,
          afterId: query.cursor,
          limit,
        },
        actor.scope,
      );
      const items = (await summaries(rows)).map((s) => s.summary);
      return { items, nextCursor: rows.length === limit ? rows.at(-1)!.id : null };
    },

    /** The reviews the caller (an approver) may decide now: not a handler, not the 审核 of the round. */
    async inbox(actor: Actor): Promise<CaseApprovalInbox> {
      authorize(actor, 'case.approve');
      const rows = await cases.awaitingReview(actor.userId, actor.scope);
      const items = (await summaries(rows))
        .filter(
          ({ approvals }) =>
            !approvals.some(
              (a) => a.level === 1 && a.decision === 'approve' && a.decided_by === actor.userId,
            ),
        )
        .map(({ row, summary }) => ({
          caseId: row.id,
          enterprise: summary.enterprise,
          cause: row.cause,
          status: row.status,
          pending: summary.pendingApproval!,
          fineYuan: summary.fineYuan,
          version: row.version,
        }));
      return { items };
    },

    rules(actor: Actor): DiscretionRules {
      authorize(actor, 'case.read');
      const r = discretionRules();
      return {
        label: r.label,
        official: false,
        notice: r.notice,
        version: r.version,
        circumstances: r.circumstances.map((c) => ({
          id: c.id,
          effect: c.effect,
          weight: c.weight,
          basis: c.basis.map((ref) => provision(library.catalogue, ref)),
          note: c.note,
        })),
      };
    },

    async suggest(actor: Actor, id: string, body: FineSuggestionRequest): Promise<FineSuggestions> {
      authorize(actor, 'case.read');
      const rows = await cases.detail(id, actor.scope);
      if (!rows) throw notFound('enforcement_case', id);
      const r = discretionRules();
      return {
        rules: { label: r.label, official: false, notice: r.notice },
        items: body.violations.map((v) => {
          const violation = rows.violations.find((x) => x.seq === v.seq);
          if (!violation) throw new AppError('case.violation_unknown', { seq: v.seq });
          const min = violation.fine_min_yuan === null ? null : Number(violation.fine_min_yuan);
          const max = violation.fine_max_yuan === null ? null : Number(violation.fine_max_yuan);
          if (min === null || max === null) {
            return {
              seq: v.seq,
              minYuan: min,
              maxYuan: max,
              suggestedYuan: null,
              position: null,
              applied: [],
            };
          }
          const s = suggestFine(r, { minYuan: min, maxYuan: max }, v.circumstances);
          return { seq: v.seq, minYuan: min, maxYuan: max, ...s };
        }),
      };
    },
  };
}
