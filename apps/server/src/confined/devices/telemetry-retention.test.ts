import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetrySeries } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { Database } from '../../platform/db/database';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { injectAs, signedInAs } from '../../../test/sessions';
import { pruneTelemetry } from './telemetry-retention';

const DAY = 86_400_000;
const POLICY = { rawDays: 7, permitRetentionDays: 365 };

describe('telemetry retention', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let app: App;
  const now = new Date('2026-11-30T12:00:00Z');
  let clockNow = now;
  const at = (daysAgo: number, seconds = 0) => new Date(now.getTime() - daysAgo * DAY + seconds * 1000);
  let seq = 0;
  const reading = (device: string, measuredAt: Date, h2s: number, o2 = 20.9) => ({
    device_id: device,
    seq: ++seq,
    measured_at: measuredAt,
    o2,
    h2s,
    co: 0,
    lel: 0,
    battery: 80,
  });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('retention'));
    const { db } = database;
    const { enterprises } = await seedMiniCity(db);
    const enterpriseId = enterprises[0]!.id;
    const { id: spaceId } = await db
      .insertInto('confined_space')
      .values({
        enterprise_id: enterpriseId,
        code: 'YX-1',
        name: '集水井',
        space_type: 'underground',
        ventilation: 'natural',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('device')
      .values([
        {
          id: 'GD-R1',
          kind: 'gas_detector',
          enterprise_id: enterpriseId,
          label: 'r1',
          confined_space_id: spaceId,
        },
        { id: 'GD-R2', kind: 'gas_detector', enterprise_id: enterpriseId, label: 'r2' },
      ])
      .execute();
    // A permit that ended nine days ago: its readings stay raw for a year.
    await db
      .insertInto('work_permit')
      .values({
        confined_space_id: spaceId,
        enterprise_id: enterpriseId,
        status: 'completed',
        work_content: '清淤',
        entrants: ['甲'],
        attendant: '乙',
        responsible_person: '丙',
        window_start: at(9.5),
        window_end: at(9),
        ended_at: at(9),
      })
      .execute();
    await db
      .insertInto('telemetry')
      .values([
        // Ten days ago, no permit: one minute of three readings, pruned into one rollup.
        reading('GD-R1', at(10, 0), 1),
        reading('GD-R1', at(10, 20), 9),
        reading('GD-R1', at(10, 40), 2, 19.1),
        reading('GD-R2', at(12), 0.5),
        // During the permit's life: kept.
        reading('GD-R1', at(9.2), 3),
        // Two days ago: younger than rawDays, kept.
        reading('GD-R1', at(2), 0.2),
      ])
      .execute();
    app = await buildApp({ config: testConfig(), database, logger: false, clock: () => clockNow });
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('rolls old readings up into worst-value minutes and keeps those of a permit and recent ones', async () => {
    const { db } = database;
    const result = await pruneTelemetry(db, POLICY, now);
    expect(result).toEqual({ rolledUp: 2, deleted: 4 });
    const minutes = await db.selectFrom('telemetry_minute').selectAll().orderBy('device_id').execute();
    expect(minutes.map((m) => [m.device_id, m.readings, m.h2s_max, m.o2_min])).toEqual([
      ['GD-R1', 3, 9, expect.closeTo(19.1, 3)],
      ['GD-R2', 1, 0.5, expect.closeTo(20.9, 3)],
    ]);
    const left = await db
      .selectFrom('telemetry')
      .select(['device_id', 'h2s'])
      .orderBy('measured_at')
      .execute();
    expect(left.map((r) => r.h2s)).toEqual([3, 0.2]);
    // A second run finds nothing more to do.
    expect(await pruneTelemetry(db, POLICY, now)).toEqual({ rolledUp: 0, deleted: 0 });
  });

  it('still charts the pruned peak over a long span', async () => {
    const asStreet = injectAs(app, await signedInAs(database.db, 'street_officer', ['440306001']));
    // Look at the day around the pruned minute, as someone investigating it later would.
    clockNow = at(9.6);
    const series = (
      await asStreet({ url: '/api/devices/GD-R1/telemetry?minutes=1440' })
    ).json<TelemetrySeries>();
    clockNow = now;
    expect(series.resolution).toBe('1m');
    const minute = new Date(Math.floor(at(10).getTime() / 60_000) * 60_000).toISOString();
    // The pruned minute comes from its rollup, the later (kept) readings from the raw table.
    expect(series.points[0]).toEqual(
      expect.objectContaining({ measuredAt: minute, h2s: 9, o2: expect.closeTo(19.1, 3) }),
    );
    expect(series.points.map((p) => p.h2s)).toEqual([9, 3, 0.2]);
  });
});
