import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { NoticeList } from '@safegrid/contracts';
import { buildApp, type App } from '../app';
import type { DB } from '../platform/db/schema';
import { openTestDatabase, testConfig } from '../../test/test-database';
import { seedMiniCity } from '../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../test/sessions';
import { createGradingModels } from '../profile/models/grading-models';
import { recomputeAllGrades, recomputeQueuedGrades } from '../profile/grades/recompute-grades';

/**
 * A grade change is a notice to whoever's scope holds the enterprise — its own account, its
 * street's officer — and to no one else; each reads it for themselves.
 */

const NOW = new Date('2026-11-20T10:00:00+08:00');

describe('notices of grade changes', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e2: string;
  const session = async (
    role: Parameters<typeof createTestUser>[1]['role'],
    scopeIds: string[],
    enterprise?: string,
  ) => {
    const user = await createTestUser(db, { role, scopeIds });
    if (enterprise)
      await db
        .insertInto('user_enterprise')
        .values({ user_id: user.id, enterprise_id: enterprise })
        .execute();
    return injectAs(app, await openTestSession(db, user.id));
  };
  const notices = async (as: ReturnType<typeof injectAs>, query = '') => {
    const res = await as({ url: `/api/notices${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NoticeList>();
  };

  beforeAll(async () => {
    const t = await openTestDatabase('notices');
    cleanup = t.cleanup;
    db = t.database.db;
    [e1, e2] = (await seedMiniCity(db)).enterprises.map((e) => e.id) as [string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => NOW });
    await recomputeAllGrades(db, await createGradingModels(db).active(), { now: NOW, reason: 'batch' });
    await db.deleteFrom('grading_queue').execute();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('tells the enterprise and its street officer, nobody else, and keeps each reading apart', async () => {
    const street = await session('street_officer', ['440306001']);
    const own = await session('enterprise', [], e1);
    const other = await session('enterprise', [], e2);
    const dapeng = await session('street_officer', ['440307009']);
    // A first grade is no change: nothing to tell yet.
    expect((await notices(street)).items).toEqual([]);

    const before = await db
      .selectFrom('enterprise_grade')
      .select('grade')
      .where('enterprise_id', '=', e1)
      .executeTakeFirstOrThrow();
    const recorded = await street({
      method: 'POST',
      url: `/api/profile/enterprises/${e1}/accidents`,
      payload: {
        occurredOn: '2026-11-02',
        severity: 'fatal',
        deaths: 1,
        injuries: 0,
        description: '高处坠落',
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    await recomputeQueuedGrades(db, await createGradingModels(db).active(), { now: NOW, limit: 100 });

    const seen = await notices(street);
    expect(seen.unread).toBe(1);
    expect(seen.items).toEqual([
      expect.objectContaining({
        kind: 'grade_changed',
        enterpriseId: e1,
        previousGrade: before.grade,
        grade: 'red',
        reason: 'input_changed',
        read: false,
      }),
    ]);
    expect((await notices(own)).unread).toBe(1);
    expect((await notices(other)).items).toEqual([]);
    expect((await notices(dapeng)).items).toEqual([]);

    const id = seen.items[0]!.id;
    expect((await dapeng({ method: 'POST', url: `/api/notices/${id}/read` })).statusCode).toBe(404);
    const marked = await street({ method: 'POST', url: `/api/notices/${id}/read` });
    expect(marked.json()).toEqual({ marked: 1 });
    expect((await street({ method: 'POST', url: `/api/notices/${id}/read` })).json()).toEqual({ marked: 0 });
    expect(await notices(street)).toMatchObject({
      unread: 0,
      items: [expect.objectContaining({ read: true })],
    });
    expect((await notices(street, '?unread=true')).items).toEqual([]);
    // The enterprise has not read it yet; then it reads everything at once.
    expect((await notices(own)).unread).toBe(1);
    expect((await own({ method: 'POST', url: '/api/notices/read-all' })).json()).toEqual({ marked: 1 });
    expect((await notices(own)).unread).toBe(0);
  });
});
