import type {
  GradeChangeList,
  GradeChangesQuery,
  GradeCounts,
  GradeDistribution,
  GradeDistributionQuery,
  HitRateQuery,
  HitRates,
} from '@safegrid/contracts';
import { authorize } from '../../platform/auth/policy';
import type { Actor } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';
import { notFound, rejectFields } from '../../errors';
import { nodeWithinScope, type ReferenceNamesCache } from '../../grid/reference/reference-names';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { GradeQueries } from './grade.repository';

/** One count per grade, all zero (distributions and dry runs start from it). */
export const emptyCounts = (): GradeCounts => ({ red: 0, orange: 0, yellow: 0, blue: 0, general: 0 });

/** Grades across the caller's scope: the distribution and the timeline of changes. */
export function createGradesService(deps: { queries: GradeQueries; reference: ReferenceNamesCache }) {
  const { queries, reference } = deps;

  /** A node filter must lie in the caller's scope: outside (or unknown) is not found. */
  async function checkNode(actor: Actor, id: string | undefined): Promise<void> {
    if (id === undefined) return;
    if (!(await nodeWithinScope(reference, actor.scope, id))) throw notFound('jurisdiction', id);
  }

  return {
    async distribution(actor: Actor, query: GradeDistributionQuery): Promise<GradeDistribution> {
      authorize(actor, 'profile.read');
      const groupBy = query.groupBy ?? 'district';
      await checkNode(actor, query.jurisdictionId);
      const [rows, modelVersion] = await Promise.all([
        queries.distribution({
          groupBy,
          nodeId: query.jurisdictionId,
          inScope: (eb) => enterpriseInScope(eb, actor.scope),
        }),
        queries.activeVersion(),
      ]);
      const total = emptyCounts();
      let ungraded = 0;
      const groups = new Map<string, GradeCounts>();
      for (const row of rows) {
        const n = Number(row.n);
        if (row.grade === null) {
          ungraded += n;
          continue;
        }
        total[row.grade] += n;
        const counts = groups.get(row.key) ?? emptyCounts();
        counts[row.grade] += n;
        groups.set(row.key, counts);
      }
      // Categories are codes the client names from its catalogue; places are named here.
      const names =
        groupBy === 'category'
          ? new Map<string, string>()
          : new Map((await queries.jurisdictionNames([...groups.keys()])).map((j) => [j.id, j.name]));
      return {
        modelVersion,
        ungraded,
        total,
        rows: [...groups]
          .map(([key, counts]) => ({
            key,
            name: names.get(key) ?? key,
            counts,
            total: Object.values(counts).reduce((a, b) => a + b, 0),
          }))
          .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
      };
    },

    async hitRates(actor: Actor, query: HitRateQuery): Promise<HitRates> {
      authorize(actor, 'profile.read');
      if (query.from > query.to)
        rejectFields([{ pointer: '/query/to', code: 'grading.month_range_invalid' }]);
      await checkNode(actor, query.jurisdictionId);
      const rows = await queries.hitRates({
        fromMonth: query.from,
        toMonth: query.to,
        nodeId: query.jurisdictionId,
        inScope: (eb) => enterpriseInScope(eb, actor.scope),
      });
      const byTier = new Map(rows.map((r) => [r.tier, r]));
      return {
        from: query.from,
        to: query.to,
        // Every tier, riskiest first, so an empty one shows as empty rather than missing.
        rows: (['red', 'orange', 'yellow', 'blue', 'general', 'ungraded'] as const).map((tier) => {
          const r = byTier.get(tier);
          const inspected = Number(r?.inspected ?? 0);
          const withHazards = Number(r?.with_hazards ?? 0);
          return {
            tier,
            inspected,
            withHazards,
            hazards: Number(r?.hazards ?? 0),
            majorHazards: Number(r?.major_hazards ?? 0),
            rate: inspected === 0 ? null : withHazards / inspected,
          };
        }),
      };
    },

    async changes(actor: Actor, query: GradeChangesQuery): Promise<GradeChangeList> {
      authorize(actor, 'profile.read');
      const limit = query.limit ?? 50;
      await checkNode(actor, query.jurisdictionId);
      const rows = await queries.changes({
        nodeId: query.jurisdictionId,
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit,
        inScope: (eb) => enterpriseInScope(eb, actor.scope),
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          enterpriseId: String(r.enterprise_id),
          enterpriseName: r.enterprise_name,
          at: r.at.toISOString(),
          previousGrade: r.previous_grade,
          grade: r.grade,
          score: r.score,
          modelVersion: r.model_version,
          reason: r.reason,
        })),
        nextCursor: rows.length > limit ? encodeCursor(String(page[page.length - 1]!.id)) : null,
      };
    },
  };
}
