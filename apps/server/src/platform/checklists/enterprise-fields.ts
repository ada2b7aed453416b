import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { EnterpriseField } from './checklist-library';

/**
 * The 令第10号 fields an enterprise works in, from its risk tags (粉尘爆炸, 液氨制冷) and its
 * confined-space ledger (有限空间): what `ChecklistLibrary.forEnterprise` needs beside the
 * category. Shared by grid patrols and enforcement inspections. The caller has already checked
 * that the enterprise is in the actor's scope.
 */
export async function enterpriseFields(
  executor: Kysely<DB>,
  enterpriseId: string,
): Promise<Set<EnterpriseField>> {
  const row = await sql<{ tags: string[] | null; spaces: boolean }>`
    SELECT (SELECT array_agg(tag) FROM enterprise_risk_tag WHERE enterprise_id = ${enterpriseId}
              AND tag IN ('dust_explosion', 'liquid_ammonia')) AS tags,
           EXISTS (SELECT 1 FROM confined_space WHERE enterprise_id = ${enterpriseId}) AS spaces`.execute(
    executor,
  );
  const fields = new Set<EnterpriseField>((row.rows[0]?.tags ?? []) as EnterpriseField[]);
  if (row.rows[0]?.spaces) fields.add('confined_space');
  return fields;
}
