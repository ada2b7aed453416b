import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema';
import type { JurisdictionScope } from './actor';

type EnterpriseColumns = ExpressionBuilder<DB, 'enterprise'>;

/**
 * The SQL condition "this enterprise lies in the scope". Every enterprise-bearing query adds it,
 * so out-of-scope rows are never read (a list is never filtered after the fact, and a lookup by
 * id of an out-of-scope row finds nothing, which the caller answers with 404).
 */
export function enterpriseInScope(eb: EnterpriseColumns, scope: JurisdictionScope): Expression<SqlBool> {
  if (scope.city) return sql<boolean>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.district.length > 0) parts.push(eb('enterprise.district_id', 'in', scope.district));
  if (scope.street.length > 0) parts.push(eb('enterprise.street_id', 'in', scope.street));
  if (scope.community.length > 0) parts.push(eb('enterprise.community_id', 'in', scope.community));
  if (scope.grid.length > 0) parts.push(eb('enterprise.grid_id', 'in', scope.grid));
  if (scope.enterprise.length > 0) parts.push(eb('enterprise.id', 'in', scope.enterprise));
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

/** Columns (qualified, e.g. `e.grid_id`) of a row that carries its own jurisdiction chain. */
export interface PlaceColumns {
  district: string;
  street: string;
  community: string;
  grid: string;
  /** The row's enterprise, when it has one: enterprise accounts then see their own rows. */
  enterprise?: string;
}

/**
 * The same condition as `enterpriseInScope`, for a row that carries its own copy of the
 * jurisdiction chain (a hazard, a dispatch event, a tip): one indexed equality per level on the
 * row itself, so a list never joins the enterprise table to filter. Without an enterprise column
 * (an event at a place), enterprise accounts see none of the rows.
 */
export function placeInScope(scope: JurisdictionScope, columns: PlaceColumns): Expression<SqlBool> {
  if (scope.city) return sql<boolean>`true`;
  const parts = (['district', 'street', 'community', 'grid'] as const)
    .filter((level) => scope[level].length > 0)
    .map((level) => sql<boolean>`${sql.ref(columns[level])} IN (${sql.join(scope[level])})`);
  if (columns.enterprise && scope.enterprise.length > 0) {
    parts.push(sql<boolean>`${sql.ref(columns.enterprise)} IN (${sql.join(scope.enterprise)})`);
  }
  return parts.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

/** Whether a jurisdiction node (given with its ancestors' ids) lies in the scope. */
export function nodeInScope(scope: JurisdictionScope, chain: readonly string[]): boolean {
  if (scope.city) return true;
  const ids = new Set([...scope.district, ...scope.street, ...scope.community, ...scope.grid]);
  return chain.some((id) => ids.has(id));
}
