import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { AppError } from '../../errors';
import { GRADING_MODEL_FILE, parseGradingModel, type GradingModel } from '../grading/grading-model';
import { GRADING_INPUT_IDS } from '../grades/grading-inputs';
import { createGradingModelRepository, type GradingModelRow } from './grading-model.repository';

/** Inputs a model names that no records feed: such a version would grade on nothing. */
export function unfedInputs(model: GradingModel): string[] {
  const fed = new Set<string>(GRADING_INPUT_IDS);
  return [...model.indicatorIds, ...model.stateInputIds].filter((id) => !fed.has(id));
}

/**
 * The stored model versions, parsed once each (a version never changes, so the cache never goes
 * stale), and the active one. On a fresh database the shipped default (data/profile) becomes the
 * first active version.
 */
export function createGradingModels(db: Kysely<DB>) {
  const repository = createGradingModelRepository(db);
  const parsed = new Map<string, GradingModel>();

  const parse = (row: GradingModelRow): GradingModel => {
    let model = parsed.get(row.version);
    if (!model) {
      model = parseGradingModel(row.document);
      parsed.set(row.version, model);
    }
    return model;
  };

  return {
    repository,
    parse,

    async ensureDefault(): Promise<void> {
      const document = JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')) as unknown;
      const model = parseGradingModel(document);
      await db.transaction().execute(async (trx) => {
        if (await repository.byVersion(trx, model.version)) return;
        const active = await repository.active(trx);
        await repository.insert(trx, {
          version: model.version,
          document,
          status: active ? 'draft' : 'active',
          note: model.status,
          createdBy: null,
          at: new Date(),
        });
      });
    },

    /**
     * A stored version, parsed. A version never changes, so once parsed it is served from memory:
     * listing 50 objections or reading a profile does not fetch the document each time. Inside a
     * transaction pass it (on PGlite's one connection a query outside it would wait forever).
     */
    async byVersion(version: string, executor: Kysely<DB> = db): Promise<GradingModel> {
      const known = parsed.get(version);
      if (known) return known;
      const row = await repository.byVersion(executor, version);
      if (!row) throw new Error(`grading model ${version} is not stored`);
      return parse(row);
    },

    async active(trx: Kysely<DB> = db): Promise<GradingModel> {
      let row = await repository.active(trx);
      if (!row) {
        await this.ensureDefault();
        row = await repository.active(trx);
      }
      if (!row) throw new AppError('grading.no_active_model');
      return parse(row);
    },
  };
}

export type GradingModels = ReturnType<typeof createGradingModels>;
