import { randomUUID, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreatePermit,
  GasTestInput,
  IssuedUnlockToken,
  PermitCommandBody,
  PermitDetail,
  PermitListQuery,
  PermitPage,
} from '@safegrid/contracts';
import type { DB, PermitStatus } from '../../platform/db/schema';
import { AppError, notFound, type ErrorCode } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { effectiveLimits, judgeGasTest, type Gas, type GasLimits } from '../alarms/gas-limits';
import { signUnlockToken, unlockTokenExpiry } from '../locks/unlock-token';
import { decide, unlockEligibility, type PermitCommand, type PermitSnapshot } from './permit-machine';
import { LIVE_STATUSES, type PermitRepository, type PermitRow } from './permit.repository';
import { presentPermitDetail, presentPermitSummary } from './permit.presenter';
import type { LiveFeed } from '../live/live-feed';
import { createSpaceRepository } from '../spaces/space.repository';
import { placeOfPermit } from './permit.presenter';

/** Platform choice: a permit covers one shift at most; longer work is a new permit and a new test. */
export const MAX_WINDOW_HOURS = 24;
/** A detector reading older than this is not "the air now" for a pre-entry test. */
export const DETECTOR_READING_MAX_AGE_S = 120;

export type UserPermitCommand = 'submit' | 'return' | 'approve' | 'cancel' | 'resume' | 'complete';

const fail = (code: string, params: Record<string, string | number> = {}): never => {
  throw new AppError(code as ErrorCode, params);
};

/** Gases a pre-entry test must report for this space: oxygen always, the rest by hazard. */
export function requiredGases(hazards: readonly string[]): Gas[] {
  const gases: Gas[] = ['o2'];
  if (hazards.includes('h2s')) gases.push('h2s');
  if (hazards.includes('co')) gases.push('co');
  if (hazards.includes('combustible')) gases.push('lel');
  return gases;
}

export interface PermitServiceDeps {
  db: Kysely<DB>;
  permits: PermitRepository;
  limits: GasLimits;
  signingKey: KeyObject;
  feed: LiveFeed;
  clock: () => Date;
}

export function createPermitService(deps: PermitServiceDeps) {
  const { db, permits, feed, clock } = deps;
  // The space's devices, as the ledger shows them.
  const spaces = createSpaceRepository(db);

  const snapshotOf = async (executor: Kysely<DB>, row: PermitRow): Promise<PermitSnapshot> => ({
    status: row.status,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    entrants: row.entrants,
    attendant: row.attendant,
    responsiblePerson: row.responsible_person,
    checklist: row.checklist,
    suspendedAt: row.suspended_at,
    lockClosedAfterLastOpening: await permits.locksClosed(executor, row.confined_space_id),
  });

  const latestTest = async (executor: Kysely<DB>, permitId: string) => {
    const test = await permits.latestGasTest(executor, permitId);
    return test ? { passed: test.passed, measuredAt: test.measured_at } : null;
  };

  const detail = async (actor: Actor, id: string): Promise<PermitDetail> => {
    const row = await permits.findInScope(db, id, actor.scope);
    if (!row) throw notFound('work_permit', id);
    const [devices, gasTests, transitions, snapshot, latest] = await Promise.all([
      spaces.devicesOf(row.confined_space_id),
      permits.gasTests(id),
      permits.transitions(id),
      snapshotOf(db, row),
      latestTest(db, id),
    ]);
    const eligibility = unlockEligibility(snapshot, { now: clock(), latestGasTest: latest });
    return presentPermitDetail(row, {
      devices,
      gasTests,
      transitions,
      unlockRefusal: eligibility.ok ? null : eligibility.code,
    });
  };

  /** Loads the permit for a write by the enterprise that owns it; regulators only read. */
  const ownPermitForUpdate = async (trx: Kysely<DB>, actor: Actor, id: string) => {
    const row = await permits.findInScope(trx, id, actor.scope, true);
    if (!row || !actor.scope.enterprise.includes(row.enterprise_id)) throw notFound('work_permit', id);
    return row;
  };

  const validateWindow = (start: Date, end: Date) => {
    const hours = (end.getTime() - start.getTime()) / 3_600_000;
    if (!(hours > 0 && hours <= MAX_WINDOW_HOURS))
      fail('permit.window_invalid', { maxHours: MAX_WINDOW_HOURS });
  };

  return {
    async list(actor: Actor, query: PermitListQuery): Promise<PermitPage> {
      authorize(actor, 'confined.read');
      const limit = query.limit ?? 100;
      const rows = await permits.list(actor.scope, {
        statuses: query.live ? LIVE_STATUSES : query.status,
        enterpriseId: query.enterpriseId,
        spaceId: query.spaceId,
        districtId: query.districtId,
        beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentPermitSummary),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async get(actor: Actor, id: string): Promise<PermitDetail> {
      authorize(actor, 'confined.read');
      return detail(actor, id);
    },

    async create(actor: Actor, input: CreatePermit): Promise<PermitDetail> {
      authorize(actor, 'permit.apply');
      const space = await permits.spaceInScope(db, input.spaceId, actor.scope);
      if (!space || !actor.scope.enterprise.includes(space.enterprise_id))
        throw notFound('confined_space', input.spaceId);
      const start = new Date(input.windowStart);
      const end = new Date(input.windowEnd);
      validateWindow(start, end);
      const id = await db.transaction().execute(async (trx) => {
        const id = await permits.insert(trx, {
          confined_space_id: input.spaceId,
          enterprise_id: space.enterprise_id,
          status: 'draft',
          work_content: input.workContent,
          entrants: input.entrants,
          attendant: input.attendant,
          responsible_person: input.responsiblePerson,
          window_start: start,
          window_end: end,
          checklist: JSON.stringify(input.checklist),
          applicant_id: actor.userId,
        });
        await permits.recordTransition(trx, {
          permit_id: id,
          from_status: null,
          to_status: 'draft',
          actor_id: actor.userId,
          actor_kind: 'user',
        });
        await appendAudit(trx, auditWho(actor), {
          action: 'permit.created',
          resourceType: 'work_permit',
          resourceId: id,
          after: input,
        });
        return id;
      });
      return detail(actor, id);
    },

    async command(
      actor: Actor,
      id: string,
      name: UserPermitCommand,
      body: PermitCommandBody,
    ): Promise<PermitDetail> {
      authorize(actor, name === 'approve' || name === 'return' ? 'permit.approve' : 'permit.apply');
      const command: PermitCommand =
        name === 'return' || name === 'cancel'
          ? { type: name, reason: body.reason ?? '' }
          : name === 'complete'
            ? { type: 'complete', entrantsOut: body.entrantsOut === true }
            : { type: name };
      const now = clock();
      let to: PermitStatus | undefined;
      let place;
      await db.transaction().execute(async (trx) => {
        const row = await ownPermitForUpdate(trx, actor, id);
        place = placeOfPermit(row);
        if (row.version !== body.version) fail('permit.version_stale');
        if (name === 'submit' || name === 'approve') {
          // Two permits may not hold the same space at once; the space row lock serialises this check.
          await permits.lockSpace(trx, row.confined_space_id);
          const other = await permits.overlapping(
            trx,
            row.confined_space_id,
            { start: row.window_start, end: row.window_end },
            id,
          );
          if (other) fail('permit.space_busy', { permitId: other });
        }
        const verdict = decide(await snapshotOf(trx, row), command, {
          now,
          latestGasTest: await latestTest(trx, id),
        });
        if (!verdict.ok) fail(verdict.code, { status: row.status });
        to = verdict.ok ? verdict.to : undefined;
        const reason = 'reason' in command ? command.reason : null;
        await permits.update(trx, id, row.version, {
          status: to!,
          ...(name === 'submit' && { submitted_at: now, return_reason: null }),
          ...(name === 'approve' && { approved_at: now, approver_id: actor.userId }),
          ...(name === 'return' && { return_reason: reason }),
          ...(name === 'cancel' && { cancel_reason: reason, ended_at: now }),
          ...(name === 'complete' && { ended_at: now }),
        });
        await permits.recordTransition(trx, {
          permit_id: id,
          from_status: row.status,
          to_status: to!,
          actor_id: actor.userId,
          actor_kind: 'user',
          reason,
        });
        await appendAudit(trx, auditWho(actor), {
          action: `permit.${name}`,
          resourceType: 'work_permit',
          resourceId: id,
          before: { status: row.status },
          after: { status: to, reason },
        });
        await feed.announce(trx, { type: 'permit', id, status: to!, place });
      });
      feed.publish({ type: 'permit', place: place!, permit: { id, status: to! } });
      return detail(actor, id);
    },

    async recordGasTest(actor: Actor, id: string, input: GasTestInput): Promise<PermitDetail> {
      authorize(actor, 'permit.apply');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await ownPermitForUpdate(trx, actor, id);
        if (['completed', 'expired', 'cancelled'].includes(row.status))
          fail('permit.invalid_transition', { status: row.status });
        const space = await permits.spaceInScope(trx, row.confined_space_id, actor.scope);
        let reading: { o2: number | null; h2s: number | null; co: number | null; lel: number | null };
        let measuredAt: Date;
        let source: { device_id: string | null; telemetry_seq: string | null; instrument_id: string | null };
        if (input.source === 'manual') {
          measuredAt = new Date(input.measuredAt);
          if (measuredAt.getTime() > now.getTime() + 60_000) fail('permit.gas_test_in_future');
          reading = { o2: input.o2, h2s: input.h2s, co: input.co, lel: input.lel };
          source = { device_id: null, telemetry_seq: null, instrument_id: input.instrumentId };
        } else {
          const device = await permits.spaceDevice(trx, row.confined_space_id, input.deviceId);
          if (!device || device.kind !== 'gas_detector') fail('permit.detector_not_linked');
          const latest = await permits.latestReading(trx, input.deviceId);
          const age = latest ? (now.getTime() - latest.measured_at.getTime()) / 1000 : Infinity;
          if (!latest || age > DETECTOR_READING_MAX_AGE_S || age < -60) {
            fail('permit.detector_reading_stale', { maxAgeSeconds: DETECTOR_READING_MAX_AGE_S });
          }
          measuredAt = latest!.measured_at;
          reading = { o2: latest!.o2, h2s: latest!.h2s, co: latest!.co, lel: latest!.lel };
          source = { device_id: input.deviceId, telemetry_seq: latest!.seq, instrument_id: null };
        }
        const limits = effectiveLimits(deps.limits, space?.limits ?? undefined);
        const verdict = judgeGasTest(
          limits.ok ? limits.limits : deps.limits,
          reading,
          requiredGases(space?.hazards ?? []),
        );
        await permits.insertGasTest(trx, {
          permit_id: id,
          source: input.source,
          ...source,
          tester: input.tester,
          measured_at: measuredAt,
          ...reading,
          passed: verdict.passed,
          failures: JSON.stringify(verdict.failures),
          recorded_by: actor.userId,
        });
        await appendAudit(trx, auditWho(actor), {
          action: 'permit.gas_tested',
          resourceType: 'work_permit',
          resourceId: id,
          after: { ...input, passed: verdict.passed, failures: verdict.failures },
        });
      });
      return detail(actor, id);
    },

    /** The only door to the space: signed only when the permit machine says the air and the window allow it. */
    async issueUnlockToken(actor: Actor, id: string, lockId: string): Promise<IssuedUnlockToken> {
      authorize(actor, 'permit.apply');
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const row = await ownPermitForUpdate(trx, actor, id);
        const lock = await permits.spaceDevice(trx, row.confined_space_id, lockId);
        if (!lock || lock.kind !== 'smart_lock') fail('permit.lock_not_linked');
        const eligibility = unlockEligibility(await snapshotOf(trx, row), {
          now,
          latestGasTest: await latestTest(trx, id),
        });
        if (!eligibility.ok) fail(eligibility.code, { status: row.status });
        // A passing test does not outweigh a detector alarming now: no door opens on bad air.
        const alarmId = await permits.openGasAlarm(trx, row.confined_space_id);
        if (alarmId) fail('permit.gas_alarm_open', { alarmId });
        const claims = {
          tokenId: randomUUID(),
          lockId,
          permitId: id,
          notBefore: now,
          notAfter: unlockTokenExpiry(now, row.window_end),
          issuedAt: now,
        };
        await permits.insertUnlockToken(trx, {
          id: claims.tokenId,
          permit_id: id,
          lock_id: lockId,
          not_before: claims.notBefore,
          not_after: claims.notAfter,
          issued_by: actor.userId,
        });
        await appendAudit(trx, auditWho(actor), {
          action: 'permit.unlock_token_issued',
          resourceType: 'work_permit',
          resourceId: id,
          after: { tokenId: claims.tokenId, lockId, notAfter: claims.notAfter.toISOString() },
        });
        return {
          tokenId: claims.tokenId,
          lockId,
          permitId: id,
          notBefore: claims.notBefore.toISOString(),
          notAfter: claims.notAfter.toISOString(),
          token: signUnlockToken(claims, deps.signingKey),
        };
      });
    },
  };
}

export type PermitService = ReturnType<typeof createPermitService>;
