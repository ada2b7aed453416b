import type {
  ConfinedSpaceDetail,
  ConfinedSpaceSummary,
  PermitStatusValue,
  SpaceDevice,
} from '@safegrid/contracts';
import type { SpaceDeviceRow, SpaceRow } from './space.repository';

type Hazard = ConfinedSpaceSummary['hazards'][number];

export function presentSpaceSummary(row: SpaceRow): ConfinedSpaceSummary {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    code: row.code,
    name: row.name,
    spaceType: row.space_type,
    hazards: row.hazards as Hazard[],
    warningSign: row.warning_sign,
    synthetic: row.synthetic,
    livePermitId: row.live_permit_id,
    livePermitStatus: row.live_permit_status as PermitStatusValue | null,
  };
}

export function presentSpaceDevice(row: SpaceDeviceRow): SpaceDevice {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    online: row.online,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  };
}

export function presentSpaceDetail(row: SpaceRow, devices: SpaceDeviceRow[]): ConfinedSpaceDetail {
  return {
    ...presentSpaceSummary(row),
    location: row.location,
    lon: row.lon,
    lat: row.lat,
    ventilation: row.ventilation,
    entryPoints: row.entry_points,
    rescuePlan: row.rescue_plan,
    rescueEquipment: row.rescue_equipment,
    devices: devices.map(presentSpaceDevice),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
