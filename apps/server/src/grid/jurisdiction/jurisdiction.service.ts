import type { GridDetail, JurisdictionTree } from '@safegrid/contracts';
import { notFound } from '../../errors';
import type { JurisdictionRepository, JurisdictionRow } from './jurisdiction.repository';
import { presentAssignment, presentNode } from './jurisdiction.presenter';
import type { EnterpriseRepository } from '../enterprises/enterprise.repository';
import { presentEnterpriseSummary } from '../enterprises/enterprise.presenter';
import { ancestry, type ReferenceNamesCache } from '../reference/reference-names';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { nodeInScope } from '../../platform/auth/scope';

export const GRID_ENTERPRISE_PREVIEW = 100;

/** Today in China Standard Time: responsibility is by calendar day in Shenzhen, not UTC. */
export function shenzhenToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function createJurisdictionService(deps: {
  jurisdictions: JurisdictionRepository;
  enterprises: EnterpriseRepository;
  reference: ReferenceNamesCache;
}) {
  const { jurisdictions, enterprises, reference } = deps;
  return {
    async getTree(actor: Actor): Promise<JurisdictionTree> {
      authorize(actor, 'jurisdiction.read');
      const [nodes, chains] = await Promise.all([
        jurisdictions.listNodes(),
        jurisdictions.enterpriseCountsByChain(actor.scope),
      ]);
      const counts = new Map<string, number>();
      const add = (id: string, n: number) => counts.set(id, (counts.get(id) ?? 0) + n);
      let total = 0;
      for (const c of chains) {
        add(c.grid_id, c.n);
        add(c.community_id, c.n);
        add(c.street_id, c.n);
        add(c.district_id, c.n);
        total += c.n;
      }
      return {
        nodes: nodes.map((n) => presentNode(n, n.level === 'city' ? total : (counts.get(n.id) ?? 0))),
      };
    },

    async getGrid(actor: Actor, id: string, day = shenzhenToday()): Promise<GridDetail> {
      authorize(actor, 'jurisdiction.read');
      const grid = await reference.node(id);
      if (!grid || grid.level !== 'grid') throw notFound('grid', id);
      const names = await reference.get();
      const path = ancestry(names, grid).reverse();
      if (
        !nodeInScope(
          actor.scope,
          path.map((n) => n.id),
        )
      )
        throw notFound('grid', id);
      const [community, street, district] = [path[3], path[2], path[1]];
      const [boundary, inspectors, page, total, counts] = await Promise.all([
        jurisdictions.findBoundary(id),
        jurisdictions.inspectorsOnDay(id, day),
        enterprises.search({
          scope: actor.scope,
          column: 'grid_id',
          jurisdictionId: id,
          limit: GRID_ENTERPRISE_PREVIEW,
        }),
        jurisdictions.countEnterprisesInGrid(id),
        community && street && district
          ? jurisdictions.countsAlongPath(
              { community_id: community.id, street_id: street.id, district_id: district.id },
              actor.scope,
            )
          : ({} as Record<string, number>),
      ]);
      const countOf = (n: JurisdictionRow) =>
        n.id === id ? total : n.level === 'city' ? (counts.city ?? 0) : (counts[n.id] ?? 0);
      return {
        grid: presentNode(grid, total),
        path: path.map((n) => presentNode(n, countOf(n))),
        boundary,
        inspectors: inspectors.map(presentAssignment),
        enterprises: page.map((row) => presentEnterpriseSummary(row, names)),
        enterpriseTotal: total,
      };
    },
  };
}

export type JurisdictionService = ReturnType<typeof createJurisdictionService>;
