import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { GRADING_MODEL_FILE } from '../../profile/grading/grading-model';
import { generatePatrolMonth } from './generate-patrol-month';
import { createPatrolRepository } from './patrol.repository';
import { monthIndex, type PatrolFrequency } from './patrol-frequency';

/**
 * Patrol planning driven by the risk grade: the active grading model's interval for a graded
 * enterprise, the category's default for an ungraded one, and a seeded draw for general ones —
 * each task saying which of the three put it there.
 */
describe('patrol tasks planned from grades', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let e1: string;
  let e2: string;
  const everyMonth = (samplePercent: number): PatrolFrequency => ({
    version: 'test',
    intervalMonths: Object.fromEntries(
      GONGMAO_CATEGORIES.map((c) => [c, 1]),
    ) as PatrolFrequency['intervalMonths'],
    generalSamplePercentPerMonth: samplePercent,
  });
  const grade = async (enterpriseId: string, value: 'red' | 'blue' | 'general' | null) => {
    await db.deleteFrom('enterprise_grade').where('enterprise_id', '=', enterpriseId).execute();
    if (value === null) return;
    await db
      .insertInto('enterprise_grade')
      .values({
        enterprise_id: enterpriseId,
        model_version: '2026.1',
        score: 0,
        base_grade: value,
        grade: value,
        inputs: '{}',
        computed_at: new Date(),
      })
      .execute();
  };
  const plan = async (month: string, samplePercent: number) => {
    await generatePatrolMonth(
      db,
      { patrols: createPatrolRepository(db), frequency: everyMonth(samplePercent) },
      {
        month,
        scope: { city: true, district: [], street: [], community: [], grid: [], enterprise: [] },
        who: { actorId: null, actorName: 'system', role: null, ip: null },
        createdBy: null,
        now: new Date(),
      },
    );
    const rows = await db
      .selectFrom('patrol_task')
      .select(['enterprise_id', 'basis'])
      .where('month', '=', `${month}-01`)
      .orderBy('enterprise_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [String(r.enterprise_id), r.basis]));
  };

  beforeAll(async () => {
    const t = await openTestDatabase('graded_patrols');
    cleanup = t.cleanup;
    db = t.database.db;
    [e1, e2] = (await seedMiniCity(db)).enterprises.map((e) => e.id) as [string, string];
    const document = readFileSync(GRADING_MODEL_FILE, 'utf8');
    await db
      .insertInto('grading_model')
      .values({ version: '2026.1', document, status: 'active', note: '', activated_at: new Date() })
      .execute();
  });
  afterAll(async () => cleanup?.());

  it('plans a red enterprise every month and draws a general one when the sample takes all', async () => {
    await grade(e1, 'red');
    await grade(e2, 'general');
    expect(await plan('2027-01', 100)).toEqual({ [e1]: 'grade:red', [e2]: 'sample:patrol-sample-2027-01' });
    const audit = await db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'patrol.generated')
      .where('resource_id', '=', '2027-01')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ gradingModelVersion: '2026.1', sampleSeed: 'patrol-sample-2027-01' });
  });

  it('leaves a general enterprise out when the sample takes none, and plans an ungraded one by category', async () => {
    await grade(e1, null);
    await grade(e2, 'general');
    const tasks = await plan('2027-02', 0);
    expect(tasks[e2]).toBeUndefined();
    expect(tasks[e1]).toMatch(/^category:[a-z_]+$/);
  });

  it('plans a blue enterprise once a year, in the month its id picks', async () => {
    await grade(e1, 'blue');
    await grade(e2, null);
    // The month of 2028 (nothing planned yet) whose index mod 12 equals the id mod 12, and another.
    const months = Array.from({ length: 12 }, (_, i) => `2028-${String(i + 1).padStart(2, '0')}`);
    const dueMonth = months.find((m) => monthIndex(m) % 12 === Number(e1) % 12)!;
    const other = months.find((m) => m !== dueMonth)!;
    expect((await plan(dueMonth, 0))[e1]).toBe('grade:blue');
    expect((await plan(other, 0))[e1]).toBeUndefined();
  });
});
