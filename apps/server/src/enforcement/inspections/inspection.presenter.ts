import type {
  Checklist,
  Inspection,
  InspectionChecklist,
  InspectionEvidence,
  InspectionFinding,
  InspectionSummary,
  ProvisionLink,
} from '@safegrid/contracts';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import { majorHazardMatch } from '../regulations/major-hazard';
import { verifyEvidenceChain } from './evidence-chain';
import type { EvidenceMediaType } from '../../platform/files/evidence-media';
import type { InspectionDetailRows, InspectionListRow, InspectionRepository } from './inspection.repository';
import type { ChecklistProgress } from './inspection-checklist';

export const evidenceUrl = (inspectionId: string, seq: number) =>
  `/api/enforcement/inspections/${inspectionId}/evidence/${seq}`;

/** A stored ref as a link; a ref a later library no longer has still shows (as itself). */
export function provisionLink(catalogue: RegulationCatalogue, ref: string): ProvisionLink {
  const resolved = catalogue.resolve(ref);
  return { ref, label: resolved?.label ?? ref, text: resolved?.text ?? '' };
}

/**
 * The first evidence link that fails: its chain hash does not follow, its bytes no longer hash to
 * its digest, or the list is shorter or longer than the count kept on the inspection.
 */
export function evidenceChainState(
  inspectionId: string,
  expectedCount: number,
  evidence: InspectionDetailRows['evidence'],
): Inspection['evidenceChain'] {
  const candidates: number[] = [];
  const chainBreak = verifyEvidenceChain(
    inspectionId,
    evidence.map((e) => ({
      seq: e.seq,
      sha256: e.sha256,
      capturedAt: e.captured_at,
      chainHash: e.chain_hash,
    })),
  );
  if (chainBreak !== null) candidates.push(chainBreak);
  const altered = evidence.find((e) => !e.content_intact);
  if (altered) candidates.push(altered.seq);
  if (evidence.length !== expectedCount) candidates.push(Math.min(evidence.length, expectedCount) + 1);
  const brokenAt = candidates.length > 0 ? Math.min(...candidates) : null;
  return { intact: brokenAt === null, brokenAt };
}

export function presentInspection(
  rows: InspectionDetailRows,
  catalogue: RegulationCatalogue,
  checklist: ChecklistProgress | null = null,
): Inspection {
  const { head, findings, evidence } = rows;
  return {
    id: head.id,
    enterprise: {
      id: head.enterprise_id,
      name: head.enterprise_name,
      creditCode: head.enterprise_credit_code,
      address: head.enterprise_address,
      gongmaoCategory: head.enterprise_gongmao_category,
    },
    status: head.status,
    officers: [
      { id: head.started_by, displayName: head.starter_name },
      { id: head.partner_id, displayName: head.partner_name },
    ],
    place: head.place,
    startedAt: head.started_at.toISOString(),
    completedAt: head.completed_at ? head.completed_at.toISOString() : null,
    findings: findings.map((f): InspectionFinding => ({
      seq: f.seq,
      description: f.description,
      provisions: f.provision_refs.map((ref) => provisionLink(catalogue, ref)),
      majorHazard: f.major_hazard_ref ? majorHazardMatch(catalogue, f.major_hazard_ref) : null,
      onTheSpotMeasure: f.on_the_spot_measure,
      checklistItemId: f.checklist_item_id,
      recordedAt: f.recorded_at.toISOString(),
      recordedBy: f.recorded_by_name,
    })),
    evidence: evidence.map((e): InspectionEvidence => ({
      seq: e.seq,
      findingSeq: e.finding_seq,
      fileName: e.file_name,
      mediaType: e.media_type as EvidenceMediaType,
      sizeBytes: e.size_bytes,
      sha256: e.sha256,
      capturedAt: e.captured_at.toISOString(),
      receivedAt: e.received_at.toISOString(),
      chainHash: e.chain_hash,
      url: evidenceUrl(head.id, e.seq),
    })),
    evidenceChain: evidenceChainState(head.id, head.evidence_count, evidence),
    checklist,
    version: head.version,
  };
}

export function presentChecklist(
  checklist: Checklist,
  rows: Awaited<ReturnType<InspectionRepository['checklistAnswers']>>,
  inspectionVersion: number,
): InspectionChecklist {
  return {
    ...checklist,
    answers: rows.answers.map((a) => ({
      itemId: a.item_id,
      outcome: a.outcome,
      note: a.note,
      answeredAt: a.answered_at.toISOString(),
      answeredBy: a.answered_by_name,
      findingSeqs: rows.findings.filter((f) => f.checklist_item_id === a.item_id).map((f) => f.seq),
    })),
    inspectionVersion,
  };
}

export function presentSummary(row: InspectionListRow): InspectionSummary {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    status: row.status,
    officers: [row.starter_name, row.partner_name],
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    findingCount: row.finding_count,
    majorHazardCount: Number(row.major_hazard_count ?? 0),
  };
}
