import type { Kysely } from 'kysely';
import type { AlarmHazardRequest, AlarmHazardResult } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { isUniqueViolation } from '../../platform/db/errors';
import { sha256Hex } from '../../platform/files/evidence-media';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import type { HazardRepository } from '../../grid/hazards/hazard.repository';
import { reportHazardFromAlarm } from '../../grid/hazards/report-alarm-hazard';
import { evidenceFileUrl } from '../../grid/hazards/hazard.presenter';
import type { LiveFeed } from '../live/live-feed';
import type { AlarmRepository } from './alarm.repository';
import { placeOfAlarm, presentAlarm } from './alarm.presenter';
import {
  EVIDENCE_LEAD_MS,
  EVIDENCE_MAX_READINGS,
  readingsCsv,
  summariseReadings,
  type EvidenceReading,
} from './alarm-readings';

/**
 * An alarm turned into a hazard (grid supervision), carrying the readings as evidence. One
 * transaction: the alarm row is locked (so two officers cannot both make one), the readings read,
 * and the hazard, its evidence file, its first transition and both audit entries written — or,
 * on any failure, none of them. The hazard module writes its own rows (reportHazardFromAlarm).
 */
export function createAlarmHazardService(deps: {
  db: Kysely<DB>;
  alarms: AlarmRepository;
  hazards: HazardRepository;
  catalogue: RegulationCatalogue;
  feed: LiveFeed;
  clock: () => Date;
}) {
  const { db, alarms, hazards, feed, clock } = deps;

  const existing = async (executor: Kysely<DB>, alarmId: string): Promise<never> => {
    const hazard = await hazards.byAlarmId(executor, alarmId);
    throw new AppError('alarm.hazard_exists', { hazardId: hazard?.id ?? '' });
  };

  return {
    async reportHazard(actor: Actor, id: string, body: AlarmHazardRequest): Promise<AlarmHazardResult> {
      authorize(actor, 'alarm.report_hazard');
      let result: AlarmHazardResult;
      try {
        result = await db.transaction().execute(async (trx) => {
          const alarm = await alarms.findInScope(trx, id, actor.scope, true);
          if (!alarm) throw notFound('alarm', id);
          if (alarm.hazard_id) await existing(trx, id);
          const { enterprise_id, grid_id, community_id, street_id, district_id } = alarm;
          if (!enterprise_id || !grid_id || !community_id || !street_id || !district_id) {
            throw new AppError('alarm.hazard_without_enterprise');
          }
          const now = clock();
          const from = new Date(alarm.occurred_at.getTime() - EVIDENCE_LEAD_MS);
          // Up to the resolution, or now while the alarm is still open.
          const to = alarm.resolved_at ?? now;
          const devices = new Set(
            alarm.confined_space_id ? await alarms.detectorsAt(trx, alarm.confined_space_id) : [],
          );
          if (alarm.device_id) devices.add(alarm.device_id);
          const rows = await alarms.readings(trx, [...devices], from, to, EVIDENCE_MAX_READINGS + 1);
          const truncated = rows.length > EVIDENCE_MAX_READINGS;
          const readings: EvidenceReading[] = rows.slice(0, EVIDENCE_MAX_READINGS).map((r) => ({
            deviceId: r.device_id,
            seq: r.seq,
            measuredAt: r.measured_at,
            o2: r.o2,
            h2s: r.h2s,
            co: r.co,
            lel: r.lel,
          }));
          const bytes = Buffer.from(readingsCsv(readings), 'utf8');
          const fileName = `alarm-${id}-readings.csv`;
          const summary = summariseReadings(
            {
              id,
              kind: alarm.kind,
              deviceId: alarm.device_id,
              spaceName: alarm.space_name,
              occurredAt: alarm.occurred_at,
              detail: (alarm.detail ?? {}) as Record<string, unknown>,
            },
            readings,
            { name: fileName, sha256: sha256Hex(bytes), truncated, from, to },
          );
          const officer = body.description?.trim();
          const reported = await reportHazardFromAlarm(
            trx,
            { hazards, catalogue: deps.catalogue },
            {
              alarmId: id,
              enterprise: { id: enterprise_id, grid_id, community_id, street_id, district_id },
              description: officer ? `${officer}\n\n${summary}` : summary,
              majorHazardRef: body.majorHazardRef ?? null,
              deadline: body.deadline,
              foundAt: alarm.occurred_at,
              evidence: { fileName, mediaType: 'text/csv', bytes },
              actor,
              now,
            },
          );
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: 'alarm.hazard_reported',
              resourceType: 'alarm',
              resourceId: id,
              after: {
                hazardId: reported.hazardId,
                evidenceSha256: reported.evidence.sha256,
                readings: readings.length,
                truncated,
              },
            },
            now,
          );
          await feed.announce(trx, { type: 'alarm', id });
          return {
            alarmId: id,
            hazardId: reported.hazardId,
            evidence: {
              id: reported.evidence.id,
              fileName,
              sizeBytes: reported.evidence.sizeBytes,
              sha256: reported.evidence.sha256,
              readings: readings.length,
              truncated,
              url: evidenceFileUrl(reported.hazardId, reported.evidence.id),
            },
          };
        });
      } catch (error) {
        // Another process made the hazard between our lock and insert: the unique link decides.
        if (isUniqueViolation(error) && (await hazards.byAlarmId(db, id))) await existing(db, id);
        throw error;
      }
      const row = await alarms.byId(db, id);
      if (row) feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm: presentAlarm(row) });
      return result;
    },
  };
}
