import type { Kysely } from 'kysely';
import { RECHECK_SHARE } from '@safegrid/contracts/values';
import type {
  Assessment,
  AssessmentQuery,
  AssessmentRecords,
  AssessmentRecordsQuery,
  DrawRechecks,
  RecheckList,
  RechecksDrawn,
  RecordRecheck,
  HazardStatistics,
  HazardStatisticsQuery,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { monthWindow, type AssessmentRepository } from './assessment.repository';
import type { AssessmentTargets } from './assessment-targets';
import {
  monthsBetween,
  presentHazardStatistics,
  presentRecheck,
  presentRecord,
  rank,
  rowOf,
} from './assessment.presenter';
import { chinaDate } from '../../platform/time/china-time';

export interface AssessmentDeps {
  db: Kysely<DB>;
  assessments: AssessmentRepository;
  targets: AssessmentTargets;
  clock: () => Date;
}

/**
 * Assessment (考核) of grid inspectors, grids and streets: figures computed from the records,
 * rankings, drill-down to the records, and the random re-check of closed hazards.
 */
export function createAssessmentService(deps: AssessmentDeps) {
  const { db, assessments, targets, clock } = deps;

  /** The streets the caller may assess, narrowed to a district or street node of their scope. */
  async function streetsFor(actor: Actor, jurisdictionId: string | undefined): Promise<string[]> {
    if (jurisdictionId !== undefined) {
      const level = await assessments.jurisdictionLevel(jurisdictionId);
      if (level !== 'district' && level !== 'street' && level !== 'city') {
        throw new AppError('assessment.jurisdiction_level', { id: jurisdictionId }, [
          {
            pointer: '/query/jurisdictionId',
            code: 'assessment.jurisdiction_level',
            params: { id: jurisdictionId },
          },
        ]);
      }
      const streets = await assessments.streetsInScope(
        actor.scope,
        level === 'city' ? undefined : jurisdictionId,
      );
      // A node outside the scope yields no street: answered as not found, like any out-of-scope object.
      if (streets.length === 0) throw notFound('jurisdiction', jurisdictionId);
      return streets;
    }
    return assessments.streetsInScope(actor.scope);
  }

  /** The month must be over or running: a future month has no records to assess. */
  function checkMonth(month: string, pointer: string) {
    const now = clock();
    const current = chinaDate(now).slice(0, 7);
    if (month > current) {
      throw new AppError('assessment.month_in_future', { month }, [
        { pointer, code: 'assessment.month_in_future', params: { month } },
      ]);
    }
  }

  return {
    async assess(actor: Actor, query: AssessmentQuery): Promise<Assessment> {
      authorize(actor, 'assessment.read');
      checkMonth(query.month, '/query/month');
      const groupBy = query.groupBy ?? 'inspector';
      const sort = query.sort ?? 'completionRate';
      const streets = await streetsFor(actor, query.jurisdictionId);
      const counts = await assessments.counts(
        groupBy,
        monthWindow(query.month),
        streets,
        targets.verificationTargetDays,
      );
      return {
        month: query.month,
        groupBy,
        sort,
        verificationTargetDays: targets.verificationTargetDays,
        rows: rank(counts.map(rowOf), sort),
      };
    },

    async records(actor: Actor, query: AssessmentRecordsQuery): Promise<AssessmentRecords> {
      authorize(actor, 'assessment.read');
      checkMonth(query.month, '/query/month');
      const limit = query.limit ?? 200;
      const streets = await streetsFor(actor, undefined);
      const rows = await assessments.records(
        { ...query, limit },
        monthWindow(query.month),
        streets,
        targets.verificationTargetDays,
      );
      return {
        items: rows.slice(0, limit).map((r) => presentRecord(query.kind, r)),
        truncated: rows.length > limit,
      };
    },

    async hazardStatistics(actor: Actor, query: HazardStatisticsQuery): Promise<HazardStatistics> {
      authorize(actor, 'assessment.read');
      if (query.from > query.to) {
        throw new AppError('assessment.range_reversed', query, [
          { pointer: '/query/to', code: 'assessment.range_reversed', params: query },
        ]);
      }
      if (monthsBetween(query.from, query.to) > 36) {
        throw new AppError('assessment.range_too_long', { months: 36 }, [
          { pointer: '/query/from', code: 'assessment.range_too_long', params: { months: 36 } },
        ]);
      }
      const streets = await streetsFor(actor, query.jurisdictionId);
      const today = new Date(clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const rows = await assessments.hazardStatistics(
        monthWindow(query.from).start,
        monthWindow(query.to).end,
        streets,
        today,
      );
      return presentHazardStatistics(query, rows, await assessments.streetNames(streets));
    },

    async drawRechecks(actor: Actor, body: DrawRechecks): Promise<RechecksDrawn> {
      authorize(actor, 'patrol.plan');
      checkMonth(body.month, '/body/month');
      const streets = await streetsFor(actor, body.jurisdictionId);
      // The month is the seed: anyone can reproduce the draw, and it is fixed only once the
      // month's closures are (drawing early draws from what is closed so far; again adds the rest).
      const seed = `recheck:${body.month}`;
      const result = await db.transaction().execute(async (trx) => {
        const drawn = await assessments.drawRechecksWith(
          trx,
          monthWindow(body.month),
          streets,
          RECHECK_SHARE,
          seed,
          clock(),
        );
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'assessment.rechecks_drawn',
            resourceType: 'assessment',
            resourceId: body.month,
            after: { ...drawn, share: RECHECK_SHARE, seed, jurisdictionId: body.jurisdictionId ?? null },
          },
          clock(),
        );
        return drawn;
      });
      return {
        month: body.month,
        share: RECHECK_SHARE,
        seed,
        closed: result.closed,
        drawn: result.inserted,
        existing: result.drawn - result.inserted - result.withoutChecker,
        withoutChecker: result.withoutChecker,
      };
    },

    async myRechecks(actor: Actor): Promise<RecheckList> {
      authorize(actor, 'assessment.recheck');
      const inspectorId = await assessments.inspectorOfUser(actor.userId);
      if (!inspectorId) return { items: [] };
      return { items: (await assessments.rechecksOf(inspectorId)).map(presentRecheck) };
    },

    async recordRecheck(actor: Actor, id: string, body: RecordRecheck) {
      authorize(actor, 'assessment.recheck');
      const inspectorId = await assessments.inspectorOfUser(actor.userId);
      return db.transaction().execute(async (trx) => {
        const owner = await assessments.recheckOwnerWith(trx, id);
        // Another inspector's re-check is not theirs to see: the same answer as a missing one.
        if (!owner || !inspectorId || owner.inspector_id !== inspectorId) throw notFound('recheck', id);
        if (owner.result !== null) throw new AppError('assessment.recheck_done', { id });
        const updated = await assessments.recordRecheckWith(trx, id, inspectorId, {
          result: body.result,
          note: body.note ?? null,
          at: clock(),
          by: actor.userId,
        });
        if (!updated) throw new AppError('assessment.recheck_done', { id });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'assessment.recheck_recorded',
            resourceType: 'hazard',
            resourceId: String(updated.hazard_id),
            after: { recheckId: id, result: body.result, note: body.note ?? null },
          },
          clock(),
        );
        const rows = await assessments.rechecksOf(inspectorId, trx);
        return presentRecheck(rows.find((r) => String(r.id) === id)!);
      });
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
