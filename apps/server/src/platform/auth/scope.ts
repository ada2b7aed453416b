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

/** Whether a jurisdiction node (given with its ancestors' ids) lies in the scope. */
export function nodeInScope(scope: JurisdictionScope, chain: readonly string[]): boolean {
  if (scope.city) return true;
  const ids = new Set([...scope.district, ...scope.street, ...scope.community, ...scope.grid]);
  return chain.some((id) => ids.has(id));
}
