import type { GasTest, PermitDetail, PermitSummary, PermitTransition } from '@safegrid/contracts';
import type { FeedPlace } from '../live/live-feed';
import { presentSpaceDevice } from '../spaces/space.presenter';
import type { SpaceDeviceRow } from '../spaces/space.repository';
import type { GasTestRow, PermitRow, TransitionRow } from './permit.repository';

export function placeOfPermit(row: PermitRow): FeedPlace {
  return {
    enterpriseId: row.enterprise_id,
    districtId: row.district_id,
    streetId: row.street_id,
    communityId: row.community_id,
    gridId: row.grid_id,
  };
}

export function presentPermitSummary(row: PermitRow): PermitSummary {
  return {
    id: row.id,
    spaceId: row.confined_space_id,
    spaceName: row.space_name,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    districtId: row.district_id,
    status: row.status,
    workContent: row.work_content,
    windowStart: row.window_start.toISOString(),
    windowEnd: row.window_end.toISOString(),
    openAlarms: Number(row.open_alarms),
    lon: row.lon,
    lat: row.lat,
  };
}

function presentGasTest(row: GasTestRow): GasTest {
  return {
    id: row.id,
    source: row.source,
    deviceId: row.device_id,
    instrumentId: row.instrument_id,
    tester: row.tester,
    measuredAt: row.measured_at.toISOString(),
    o2: row.o2,
    h2s: row.h2s,
    co: row.co,
    lel: row.lel,
    passed: row.passed,
    failures: (row.failures as GasTest['failures']).map(({ rule, value, limit }) => ({ rule, value, limit })),
    recordedAt: row.recorded_at.toISOString(),
  };
}

function presentTransition(row: TransitionRow): PermitTransition {
  return {
    from: row.from_status,
    to: row.to_status,
    at: row.at.toISOString(),
    actorKind: row.actor_kind,
    actorName: row.actor_name,
    reason: row.reason,
  };
}

export function presentPermitDetail(
  row: PermitRow,
  related: {
    devices: SpaceDeviceRow[];
    gasTests: GasTestRow[];
    transitions: TransitionRow[];
    unlockRefusal: string | null;
  },
): PermitDetail {
  return {
    ...presentPermitSummary(row),
    entrants: row.entrants,
    attendant: row.attendant,
    responsiblePerson: row.responsible_person,
    checklist: row.checklist,
    returnReason: row.return_reason,
    cancelReason: row.cancel_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    devices: related.devices.map(presentSpaceDevice),
    gasTests: related.gasTests.map(presentGasTest),
    transitions: related.transitions.map(presentTransition),
    unlockRefusal: related.unlockRefusal,
  };
}
