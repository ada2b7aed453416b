import type { Kysely } from 'kysely';
import type {
  CreateGradingModelBody,
  Grade,
  GradingActivation,
  GradingDryRun,
  GradingModelDetail,
  GradingModelSummary,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { authorize } from '../../platform/auth/policy';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { GradingModelError, parseGradingModel } from '../grading/grading-model';
import { gradeWithoutWriting, recomputeAllGrades } from '../grades/recompute-grades';
import { emptyCounts } from '../grades/grades.service';
import { unfedInputs, type GradingModels } from './grading-models';
import type { GradingModelRow } from './grading-model.repository';

const seconds = (startedMs: number) => Math.round(performance.now() - startedMs) / 1000;

function summary(row: GradingModelRow): GradingModelSummary {
  return {
    version: row.version,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    activatedAt: row.activated_at?.toISOString() ?? null,
    note: row.note,
  };
}

/**
 * Grading-model versions: publish a draft (validated in full), dry-run it against today's
 * records, activate it (every grade recomputed under it, in the activating transaction).
 */
export function createGradingModelsService(deps: {
  db: Kysely<DB>;
  models: GradingModels;
  clock: () => Date;
}) {
  const { db, models, clock } = deps;
  const repository = models.repository;

  const draft = async (trx: Kysely<DB>, version: string, forUpdate = false) => {
    const row = await repository.byVersion(trx, version, forUpdate);
    if (!row) throw notFound('grading_model', version);
    if (row.status !== 'draft') throw new AppError('grading.model_not_draft', { version });
    return row;
  };

  return {
    async list(actor: Actor): Promise<GradingModelSummary[]> {
      authorize(actor, 'grading.manage');
      await models.active(); // a fresh database shows its default version
      return (await repository.list()).map(summary);
    },

    async get(actor: Actor, version: string): Promise<GradingModelDetail> {
      authorize(actor, 'grading.manage');
      await models.active();
      const row = await repository.byVersion(db, version);
      if (!row) throw notFound('grading_model', version);
      return { summary: summary(row), model: row.document };
    },

    async create(actor: Actor, body: CreateGradingModelBody): Promise<GradingModelSummary> {
      authorize(actor, 'grading.manage');
      let model;
      try {
        model = parseGradingModel(body.model);
      } catch (error) {
        if (!(error instanceof GradingModelError)) throw error;
        throw modelInvalid(error.problems);
      }
      const unfed = unfedInputs(model);
      if (unfed.length > 0) {
        throw modelInvalid(
          unfed.map(
            (id) => `${id}: no records feed this input (the platform provides the inputs listed in docs)`,
          ),
        );
      }
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const inserted = await repository.insert(trx, {
          version: model.version,
          document: body.model,
          status: 'draft',
          note: model.status,
          createdBy: actor.userId,
          at: now,
        });
        if (!inserted) throw new AppError('grading.model_version_exists', { version: model.version });
        await appendAudit(
          trx,
          auditWho(actor),
          { action: 'grading_model.created', resourceType: 'grading_model', resourceId: model.version },
          now,
        );
        return summary((await repository.byVersion(trx, model.version))!);
      });
    },

    async dryRun(actor: Actor, version: string): Promise<GradingDryRun> {
      authorize(actor, 'grading.manage');
      const started = performance.now();
      const row = await draft(db, version);
      const candidate = models.parse(row);
      const activeRow = await repository.active();
      const [graded, current] = await Promise.all([
        gradeWithoutWriting(db, candidate, clock()),
        repository.currentGrades(db),
      ]);
      const before = emptyCounts();
      const after = emptyCounts();
      const moves = new Map<string, number>();
      for (const g of graded) {
        after[g.grade] += 1;
        const was = current.get(g.enterpriseId) as Grade | undefined;
        if (!was) continue;
        before[was] += 1;
        if (was !== g.grade) moves.set(`${was}>${g.grade}`, (moves.get(`${was}>${g.grade}`) ?? 0) + 1);
      }
      return {
        version,
        against: activeRow?.version ?? null,
        enterprises: graded.length,
        before,
        after,
        moves: [...moves]
          .map(([key, count]) => {
            const [from, to] = key.split('>') as [Grade, Grade];
            return { from, to, count };
          })
          .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
        seconds: seconds(started),
      };
    },

    async activate(actor: Actor, version: string): Promise<GradingActivation> {
      authorize(actor, 'grading.manage');
      const started = performance.now();
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const row = await draft(trx, version, true);
        const model = models.parse(row);
        const previous = await repository.active(trx);
        await repository.activate(trx, version, now);
        const result = await recomputeAllGrades(trx, model, { now, reason: 'model_activated' });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'grading_model.activated',
            resourceType: 'grading_model',
            resourceId: version,
            before: { active: previous?.version ?? null },
            after: { active: version, recomputed: result.recomputed, changed: result.changes.length },
          },
          now,
        );
        return {
          version,
          recomputed: result.recomputed,
          changed: result.changes.length,
          seconds: seconds(started),
        };
      });
    },
  };
}

function modelInvalid(problems: string[]): AppError {
  return new AppError(
    'grading.model_invalid',
    { problems: problems.slice(0, 20).join('; ') },
    problems.map((p) => ({ pointer: '/body/model', code: 'grading.model_invalid', params: { problems: p } })),
  );
}
