import type {
  Hazard,
  HazardEvidenceFile,
  HazardPhoto,
  HazardSummary,
  HazardTransition,
} from '@safegrid/contracts';
import type { HazardEventValue } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { majorHazardMatch } from '../../enforcement/regulations/major-hazard';
import type { EvidenceMediaType } from '../../platform/files/evidence-media';
import { allowedEvents, isOverdue, type HazardActorRole, type HazardState } from './hazard-machine';
import type { HazardDetailRows, HazardListRow, HazardPhotoMeta, HazardRow } from './hazard.repository';

export const photoUrl = (hazardId: string, photoId: string) =>
  `/api/grid/hazards/${hazardId}/photos/${photoId}`;
export const evidenceFileUrl = (hazardId: string, fileId: string) =>
  `/api/grid/hazards/${hazardId}/evidence/${fileId}`;

/** The sweep has no user account: its transitions show as the system. */
const SYSTEM_ACTOR = 'system';

export function presentPhoto(p: HazardPhotoMeta): HazardPhoto {
  return {
    id: p.id,
    stage: p.stage,
    mediaType: p.media_type as EvidenceMediaType,
    sizeBytes: p.size_bytes,
    sha256: p.sha256,
    capturedAt: p.captured_at.toISOString(),
    receivedAt: p.received_at.toISOString(),
    uploadedBy: p.uploaded_by_name,
    url: photoUrl(p.hazard_id, p.id),
  };
}

/** What the machine needs of a stored hazard: its row and the current round's photo counts. */
export function machineState(
  head: Pick<
    HazardRow,
    'status' | 'deadline' | 'deferral_deadline' | 'escalated' | 'level' | 'listed_for_supervision'
  >,
  counts: { rectification: number; verification: number },
): HazardState {
  return {
    status: head.status,
    deadline: head.deadline,
    pendingDeferral: head.deferral_deadline ? { requestedDeadline: head.deferral_deadline } : null,
    escalated: head.escalated,
    level: head.level,
    listedForSupervision: head.listed_for_supervision,
    rectificationPhotos: counts.rectification,
    verificationPhotos: counts.verification,
  };
}

export function presentHazard(
  rows: HazardDetailRows,
  catalogue: RegulationCatalogue,
  viewer: { role: HazardActorRole; today: string },
): Hazard {
  const { head, photos, transitions, evidence } = rows;
  const inRound = (stage: string) => photos.filter((p) => p.round === head.round && p.stage === stage).length;
  const state = machineState(head, {
    rectification: inRound('rectification'),
    verification: inRound('verification'),
  });
  return {
    id: head.id,
    enterprise: { id: head.enterprise_id, name: head.enterprise_name, address: head.enterprise_address },
    gridId: head.grid_id,
    streetId: head.street_id,
    description: head.description,
    source: head.source,
    level: head.level,
    majorHazard: head.major_hazard_ref ? majorHazardMatch(catalogue, head.major_hazard_ref) : null,
    status: head.status,
    deadline: head.deadline,
    overdue: isOverdue(state, viewer.today),
    escalated: head.escalated,
    listedForSupervision: head.listed_for_supervision,
    pendingDeferral:
      head.deferral_deadline && head.deferral_requested_at
        ? {
            requestedDeadline: head.deferral_deadline,
            reason: head.deferral_reason ?? '',
            requestedAt: head.deferral_requested_at.toISOString(),
          }
        : null,
    patrolTaskId: head.patrol_task_id,
    checklistItemId: head.checklist_item_id,
    foundAt: head.found_at.toISOString(),
    reportedBy: head.reporter_name,
    closedAt: head.closed_at ? head.closed_at.toISOString() : null,
    photos: photos.map(presentPhoto),
    transitions: transitions.map((t): HazardTransition => ({
      seq: t.seq,
      event: t.event as HazardEventValue,
      fromStatus: t.from_status,
      toStatus: t.to_status,
      actor: t.actor_name ?? SYSTEM_ACTOR,
      role: t.role,
      note: t.note,
      deadline: t.deadline,
      at: t.at.toISOString(),
      recordedAt: t.recorded_at.toISOString(),
    })),
    allowedEvents: allowedEvents(state, viewer.role, viewer.today),
    version: head.version,
    alarmId: head.alarm_id,
    evidenceFiles: evidence.map((f): HazardEvidenceFile => ({
      id: f.id,
      kind: f.kind,
      fileName: f.file_name,
      mediaType: f.media_type,
      sizeBytes: f.size_bytes,
      sha256: f.sha256,
      createdAt: f.created_at.toISOString(),
      url: evidenceFileUrl(f.hazard_id, f.id),
    })),
  };
}

export function presentSummary(row: HazardListRow, today: string): HazardSummary {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    gridId: row.grid_id,
    description: row.description,
    level: row.level,
    status: row.status,
    deadline: row.deadline,
    overdue: isOverdue(row, today),
    escalated: row.escalated,
    foundAt: row.found_at.toISOString(),
  };
}
