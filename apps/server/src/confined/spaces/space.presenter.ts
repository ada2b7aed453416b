import type {
  ConfinedSpaceDetail,
  ConfinedSpaceSummary,
  PermitStatusValue,
  SpaceDevice,
  SpaceGasLimit,
  SpacePhoto,
} from '@safegrid/contracts';
import type { SpaceDeviceRow, SpacePhotoRow, SpaceRow } from './space.repository';

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

export const spacePhotoUrl = (spaceId: string, photoId: string) =>
  `/api/confined/spaces/${spaceId}/photos/${photoId}`;

export function presentSpacePhoto(row: SpacePhotoRow): SpacePhoto {
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    caption: row.caption,
    uploadedAt: row.uploaded_at.toISOString(),
    url: spacePhotoUrl(row.confined_space_id, row.id),
  };
}

export function presentSpaceDetail(
  row: SpaceRow,
  devices: SpaceDeviceRow[],
  photos: SpacePhotoRow[] = [],
  limits: SpaceGasLimit[] = [],
): ConfinedSpaceDetail {
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
    photos: photos.map(presentSpacePhoto),
    limits,
  };
}
