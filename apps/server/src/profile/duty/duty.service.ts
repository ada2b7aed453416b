import type { Duty, DutyQuery, DutyRecords, DutyRecordsQuery } from '@safegrid/contracts';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { nodeInScope } from '../../platform/auth/scope';
import { monthWindow } from '../../grid/assessment/assessment.repository';
import type { AssessmentTargets } from '../../grid/assessment/assessment-targets';
import type { DutyRepository, DutyWindow } from './duty.repository';
import { targetDaysOf, type DutyScoring } from './duty-scoring';
import { presentDuty, presentDutyRecords } from './duty.presenter';
import { chinaDate } from '../../platform/time/china-time';

export interface DutyDeps {
  duty: DutyRepository;
  scoring: DutyScoring;
  targets: AssessmentTargets;
  clock: () => Date;
}

const chinaDay = chinaDate;

/**
 * Government-duty scoring (政府履职评分): the supervisors' view of how streets and grids did their
 * duty in a month, computed from the records (never stored), ranked, and drilled down.
 */
export function createDutyService(deps: DutyDeps) {
  const { duty, scoring, targets, clock } = deps;

  /**
   * The streets in the caller's scope, narrowed to a city, district or street node. A node outside
   * the scope (or unknown) is not found, like any out-of-scope object; a community or grid is not
   * a level rows are gathered under.
   */
  async function streetsFor(actor: Actor, jurisdictionId: string | undefined): Promise<string[]> {
    const inScope = (await duty.streets()).filter((s) =>
      nodeInScope(actor.scope, s.parentId === null ? [s.id] : [s.id, s.parentId]),
    );
    if (jurisdictionId === undefined) return inScope.map((s) => s.id);
    const node = await duty.node(jurisdictionId);
    if (!node) throw notFound('jurisdiction', jurisdictionId);
    if (node.level !== 'city' && node.level !== 'district' && node.level !== 'street') {
      throw new AppError('duty.jurisdiction_level', { id: jurisdictionId }, [
        { pointer: '/query/jurisdictionId', code: 'duty.jurisdiction_level', params: { id: jurisdictionId } },
      ]);
    }
    const under = inScope.filter((s) => node.level === 'city' || s.id === node.id || s.parentId === node.id);
    if (under.length === 0) throw notFound('jurisdiction', jurisdictionId);
    return under.map((s) => s.id);
  }

  /** The month's window; a future month has no records to score. */
  function windowOf(month: string, streets: string[]): DutyWindow {
    const now = clock();
    if (month > chinaDay(now).slice(0, 7)) {
      throw new AppError('duty.month_in_future', { month }, [
        { pointer: '/query/month', code: 'duty.month_in_future', params: { month } },
      ]);
    }
    const window = monthWindow(month);
    const cutOff = window.end < now ? window.end : now;
    return {
      ...window,
      cutOff,
      cutOffDay: chinaDay(cutOff),
      streets,
      verificationTargetDays: targets.verificationTargetDays,
      majorHazardReportDays: targetDaysOf(scoring, 'majorHazardReporting'),
    };
  }

  return {
    async score(actor: Actor, query: DutyQuery): Promise<Duty> {
      authorize(actor, 'assessment.read');
      const groupBy = query.groupBy ?? 'street';
      const streets = await streetsFor(actor, query.jurisdictionId);
      const window = windowOf(query.month, streets);
      const counts = streets.length === 0 ? [] : await duty.counts(groupBy, window);
      return presentDuty(
        {
          month: query.month,
          groupBy,
          cutOff: window.cutOff,
          verificationTargetDays: window.verificationTargetDays,
        },
        counts,
        scoring,
      );
    },

    async records(actor: Actor, query: DutyRecordsQuery): Promise<DutyRecords> {
      authorize(actor, 'assessment.read');
      const limit = query.limit ?? 200;
      // Only the street of the row: the same conditions as the figure, without scanning the scope.
      const street = query.groupBy === 'street' ? query.key : await duty.streetOfGrid(query.key);
      const streets = (await streetsFor(actor, undefined)).filter((s) => s === street);
      const window = windowOf(query.month, streets);
      const definition = scoring.aspects.find((a) => a.id === query.aspect)!;
      const shortfallWhenCounted = definition.direction === 'lower_better';
      const rows =
        streets.length === 0
          ? []
          : await duty.records(
              {
                groupBy: query.groupBy,
                key: query.key,
                aspect: query.aspect,
                counted: query.counted,
                limit,
              },
              window,
              shortfallWhenCounted,
            );
      return presentDutyRecords(query.aspect, rows, limit, shortfallWhenCounted);
    },
  };
}

export type DutyService = ReturnType<typeof createDutyService>;
