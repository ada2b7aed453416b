import type { Alarm } from '@safegrid/contracts';
import type { FeedPlace } from '../live/live-feed';
import type { AlarmRow } from './alarm.repository';

export function placeOfAlarm(row: AlarmRow): FeedPlace {
  return {
    enterpriseId: row.enterprise_id,
    districtId: row.district_id,
    streetId: row.street_id,
    communityId: row.community_id,
    gridId: row.grid_id,
  };
}

export function presentAlarm(row: AlarmRow): Alarm {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    deviceId: row.device_id,
    permitId: row.permit_id,
    spaceId: row.confined_space_id,
    spaceName: row.space_name,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    occurredAt: row.occurred_at.toISOString(),
    raisedAt: row.raised_at.toISOString(),
    detail: (row.detail ?? {}) as Record<string, unknown>,
    escalationLevel: row.escalation_level,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
    hazardId: row.hazard_id,
  };
}
