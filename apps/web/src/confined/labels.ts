import type { Alarm, ConfinedSpaceDetail, PermitSummary, SpaceDevice } from '@safegrid/contracts';

/** Vocabularies of the confined-space screens, as types, and the colours that go with them. */
export type PermitStatus = PermitSummary['status'];
export type AlarmKind = Alarm['kind'];
export type AlarmSeverity = Alarm['severity'];
export type AlarmStatus = Alarm['status'];
export type AlarmResolution = NonNullable<Alarm['resolution']>;
export type SpaceType = ConfinedSpaceDetail['spaceType'];
export type Hazard = ConfinedSpaceDetail['hazards'][number];
export type Ventilation = ConfinedSpaceDetail['ventilation'];
export type DeviceKind = SpaceDevice['kind'];

export {
  ALARM_KINDS,
  ALARM_RESOLUTIONS,
  ALARM_SEVERITIES,
  ALARM_STATUSES,
  CONFINED_HAZARDS,
  CONFINED_SPACE_TYPES,
  PERMIT_STATUSES,
  VENTILATION_KINDS,
} from '@safegrid/contracts/values';

/** Permits the live city view shows (the API's `live=true`). */
export const LIVE_STATUSES: readonly PermitStatus[] = ['approved', 'active', 'suspended'];

export function isLiveStatus(status: string): status is PermitStatus {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

/** antd Tag colours: work going on is green, stopped work red, approved-not-started blue. */
export const PERMIT_STATUS_TAG_COLORS: Record<PermitStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  approved: 'blue',
  active: 'green',
  suspended: 'red',
  completed: 'cyan',
  expired: 'default',
  cancelled: 'default',
};

/** Marker fill on the live map, the same hues as the tags. */
export const PERMIT_MARKER_COLORS: Record<PermitStatus, string> = {
  draft: '#8c8c8c',
  submitted: '#d4b106',
  approved: '#1677ff',
  active: '#389e0d',
  suspended: '#cf1322',
  completed: '#08979c',
  expired: '#8c8c8c',
  cancelled: '#8c8c8c',
};

export const SEVERITY_TAG_COLORS: Record<AlarmSeverity, string> = {
  critical: 'red',
  major: 'orange',
  minor: 'gold',
};

export const ALARM_STATUS_TAG_COLORS: Record<AlarmStatus, string> = {
  raised: 'red',
  acknowledged: 'orange',
  resolved: 'green',
};
