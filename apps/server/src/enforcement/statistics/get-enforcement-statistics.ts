import {
  GONGMAO_CATEGORIES,
  type EnforcementStatistics,
  type EnforcementStatisticsQuery,
} from '@safegrid/contracts';
import { notFound, rejectFields } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { periodProblems, statisticsPeriod } from './statistics-period';
import { presentStatistics } from './statistics.presenter';
import type { StatisticsRepository } from './statistics.repository';

/**
 * Inspections, hazards found, penalties and fines of a period, grouped, over the caller's scope
 * (a district officer's street table lists their district's streets only). A district filter
 * must lie wholly in the scope: otherwise 404, as for any object outside it.
 */
export async function getEnforcementStatistics(
  statistics: StatisticsRepository,
  actor: Actor,
  query: EnforcementStatisticsQuery,
): Promise<EnforcementStatistics> {
  authorize(actor, 'enforcement_statistics.read');
  const problems = periodProblems(query.from, query.to);
  if (problems.length > 0) rejectFields(problems);
  const districtId = query.districtId ?? null;
  if (districtId !== null && !(await statistics.districtInScope(districtId, actor.scope))) {
    throw notFound('jurisdiction', districtId);
  }
  const period = statisticsPeriod(query.from, query.to);
  const filter = { by: query.by, period, districtId };
  // Independent reads: on PostgreSQL they run side by side on two pooled connections.
  const [inspections, penalties] = await Promise.all([
    statistics.inspections(filter, actor.scope),
    statistics.penalties(filter, actor.scope),
  ]);

  let order: { key: string; label: string }[];
  if (query.by === 'district' || query.by === 'street') {
    const keys = [...new Set([...inspections, ...penalties].map((r) => r.key))];
    const nodes = await statistics.jurisdictions(query.by, actor.scope, districtId, keys);
    order = nodes.map((n) => ({ key: n.id, label: n.name }));
  } else if (query.by === 'industry') {
    order = GONGMAO_CATEGORIES.map((c) => ({ key: c, label: c }));
  } else {
    order = period.months.map((m) => ({ key: m, label: m }));
  }
  return presentStatistics(
    { from: query.from, to: query.to, by: query.by, districtId },
    order,
    inspections,
    penalties,
  );
}
