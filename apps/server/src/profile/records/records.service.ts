import type { Kysely } from 'kysely';
import type {
  ProfileImportBody,
  ProfileImportResult,
  RiskTag,
  RiskTagsDeclaration,
  RiskTagsState,
  SafetyManagementDeclaration,
  SafetyManagementState,
} from '@safegrid/contracts';
import { PROFILE_IMPORT_LIMITS } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, type FieldProblem } from '../../errors';
import { authorize } from '../../platform/auth/policy';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import type { RecordsRepository } from './records.repository';
import { recordPointer, validateImportRecords, type CleanRecord } from './validate-records';

type ManagementRow = NonNullable<Awaited<ReturnType<RecordsRepository['safetyManagement']>>>;
type TagRow = Awaited<ReturnType<RecordsRepository['riskTags']>>[number];

const presentManagement = (row: ManagementRow): SafetyManagementState => ({
  emergencyPlanFiled: row.emergency_plan_filed,
  safetyOfficers: row.safety_officers,
  trainingCoveragePercent: row.training_coverage_percent,
  certificatesComplete: row.certificates_complete,
  standardisationLevel: row.standardisation_level,
  source: row.source,
  updatedAt: row.updated_at.toISOString(),
});

/**
 * What a risk-tag declaration changes: the enterprise's own (declared) tags follow the list; tags
 * another source recorded stay whatever the list says, and those it leaves out are reported back.
 */
export function planRiskTags(
  current: readonly { tag: RiskTag; source: string }[],
  declared: readonly RiskTag[],
): { add: RiskTag[]; remove: RiskTag[]; kept: RiskTag[] } {
  const wanted = new Set(declared);
  const recorded = new Map(current.map((t) => [t.tag, t.source]));
  return {
    add: [...wanted].filter((tag) => !recorded.has(tag)).sort(),
    remove: current.filter((t) => t.source === 'declared' && !wanted.has(t.tag)).map((t) => t.tag),
    kept: current.filter((t) => t.source !== 'declared' && !wanted.has(t.tag)).map((t) => t.tag),
  };
}

/** The refusal of a batch: every problem (up to the report limit), in record order. */
function refuse(problems: FieldProblem[]): never {
  const index = (p: FieldProblem) => Number(p.params?.['index'] ?? 0);
  const sorted = problems
    .map((p, order) => ({ p, order }))
    .sort((a, b) => index(a.p) - index(b.p) || a.order - b.order)
    .map(({ p }) => p);
  const reported = sorted.slice(0, PROFILE_IMPORT_LIMITS.reportedProblems);
  throw new AppError(
    'profile_import.rows_invalid',
    { records: new Set(sorted.map(index)).size, problems: sorted.length, reported: reported.length },
    reported,
  );
}

export function createRecordsService(deps: {
  db: Kysely<DB>;
  records: RecordsRepository;
  clock: () => Date;
}) {
  const { db, records, clock } = deps;
  const tagsState = (rows: readonly TagRow[]) => rows.map((r) => ({ tag: r.tag, source: r.source }));

  return {
    /**
     * A batch of records other systems hold, all or nothing: every record is checked (shape,
     * dates, the rules across fields, its enterprise known and in the caller's scope, not already
     * stored) before anything is written; then one INSERT … SELECT writes them with source
     * 'import', and the grading triggers queue their enterprises, in one transaction.
     */
    async importRecords(actor: Actor, body: ProfileImportBody): Promise<ProfileImportResult> {
      authorize(actor, 'profile.record');
      const now = clock();
      const { kind } = body;
      const checked = validateImportRecords(kind, body.records, shenzhenToday(now));
      return db.transaction().execute(async (trx) => {
        const problems = [...checked.problems];
        const codes = [...new Set(checked.valid.map((v) => v.record.creditCode))];
        const known = await records.enterprisesByCode(trx, codes, actor.scope);
        const ready: { index: number; enterpriseId: string; record: CleanRecord }[] = [];
        for (const { index, record } of checked.valid) {
          const enterpriseId = known.get(record.creditCode);
          if (enterpriseId) ready.push({ index, enterpriseId, record });
          else {
            problems.push({
              pointer: recordPointer(index, 'creditCode'),
              code: 'profile_import.enterprise_unknown',
              params: { index, value: record.creditCode },
            });
          }
        }
        for (const index of await records.alreadyStored(trx, kind, ready)) {
          problems.push({
            pointer: recordPointer(index),
            code: 'profile_import.already_recorded',
            params: { index },
          });
        }
        if (problems.length > 0) refuse(problems);

        const enterprises = new Set(ready.map((r) => r.enterpriseId)).size;
        if (body.dryRun) return { kind, dryRun: true, inserted: ready.length, enterprises };

        const written = await records.insertBatch(
          trx,
          kind,
          ready.map((r) => r.record),
          actor.scope,
          { userId: actor.userId, at: now },
        );
        // Checked above in this transaction; a difference would mean the join lost a record.
        if (written.inserted !== ready.length) throw new AppError('conflict.state');
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'profile.records_imported',
            resourceType: 'profile_import',
            resourceId: kind,
            after: {
              kind,
              records: written.inserted,
              enterprises: written.enterprises,
              ids: { from: written.first_id, to: written.last_id },
            },
          },
          now,
        );
        return { kind, dryRun: false, inserted: written.inserted, enterprises: written.enterprises };
      });
    },

    /** The enterprise declares its safety management (安全管理): replaces what is recorded. */
    async declareSafetyManagement(
      actor: Actor,
      id: string,
      body: SafetyManagementDeclaration,
    ): Promise<SafetyManagementState> {
      authorize(actor, 'profile.declare');
      const now = clock();
      return db.transaction().execute(async (trx) => {
        if (!(await records.enterpriseForDeclaration(trx, id, actor.scope))) throw notFound('enterprise', id);
        const before = await records.safetyManagement(trx, id);
        const after = presentManagement(await records.upsertSafetyManagement(trx, id, body, now));
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'profile.safety_management_declared',
            resourceType: 'enterprise',
            resourceId: id,
            before: before ? presentManagement(before) : null,
            after,
          },
          now,
        );
        return after;
      });
    },

    /**
     * The enterprise declares its inherent risks (固有风险): its declared tags become the list;
     * tags recorded by the platform, an import or the demo generator stay.
     */
    async declareRiskTags(actor: Actor, id: string, body: RiskTagsDeclaration): Promise<RiskTagsState> {
      authorize(actor, 'profile.declare');
      const now = clock();
      return db.transaction().execute(async (trx) => {
        if (!(await records.enterpriseForDeclaration(trx, id, actor.scope))) throw notFound('enterprise', id);
        const before = await records.riskTags(trx, id);
        const plan = planRiskTags(before, body.tags);
        await records.removeDeclaredTags(trx, id, plan.remove);
        await records.addDeclaredTags(trx, id, plan.add, now);
        const after = await records.riskTags(trx, id);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'profile.risk_tags_declared',
            resourceType: 'enterprise',
            resourceId: id,
            before: tagsState(before),
            after: tagsState(after),
          },
          now,
        );
        return { riskTags: tagsState(after), kept: plan.kept };
      });
    },
  };
}
