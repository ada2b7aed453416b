import type { Kysely } from 'kysely';
import type { PatrolGenerationResult } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { appendAudit, type AuditWho } from '../../platform/audit/audit-trail';
import { daysInMonth, monthIndex, type PatrolFrequency } from './patrol-frequency';
import type { GenerationInput, PatrolRepository } from './patrol.repository';

export interface GeneratePatrolMonthOptions {
  month: string;
  scope: JurisdictionScope;
  node?: GenerationInput['node'];
  /** Who asked: a planner, or the system's monthly run. */
  who: AuditWho;
  /** The planner's user id on the tasks; null for the system's run. */
  createdBy: string | null;
  jurisdictionId?: string;
  now: Date;
}

/**
 * Plans a month's tasks (one set-based statement, idempotent) and records the batch in the audit
 * trail, in one transaction. The tasks are derived data: the entry names the inputs (month,
 * node, frequency version) that reproduce them.
 */
export async function generatePatrolMonth(
  db: Kysely<DB>,
  deps: { patrols: PatrolRepository; frequency: PatrolFrequency },
  options: GeneratePatrolMonthOptions,
): Promise<PatrolGenerationResult> {
  return db.transaction().execute(async (trx) => {
    const counts = await deps.patrols.generate(
      trx,
      {
        monthStart: `${options.month}-01`,
        monthIndex: monthIndex(options.month),
        days: daysInMonth(options.month),
        intervals: deps.frequency.intervalMonths,
        // The seed names the month, so anyone can redraw the sample and check it.
        sample: {
          percent: deps.frequency.generalSamplePercentPerMonth,
          seed: `patrol-sample-${options.month}`,
        },
        node: options.node,
        createdBy: options.createdBy,
      },
      options.scope,
    );
    const result: PatrolGenerationResult = {
      month: options.month,
      created: counts.created,
      existing: counts.planned - counts.created,
      unassigned: counts.due - counts.planned,
    };
    await appendAudit(
      trx,
      options.who,
      {
        action: 'patrol.generated',
        resourceType: 'patrol_month',
        resourceId: options.month,
        after: {
          ...result,
          jurisdictionId: options.jurisdictionId ?? null,
          frequencyVersion: deps.frequency.version,
          gradingModelVersion: counts.gradingModelVersion,
          sampleSeed: `patrol-sample-${options.month}`,
        },
      },
      options.now,
    );
    return result;
  });
}
