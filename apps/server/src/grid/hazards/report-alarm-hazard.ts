import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HAZARD_LIMITS } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import type { FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { sha256Hex } from '../../platform/files/evidence-media';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { chinaDate } from '../../enforcement/documents/document-dates';
import { insertNewHazard, judgeNewHazard } from './new-hazard';
import { AUDIT_ACTION } from './hazard.service';
import type { HazardRepository } from './hazard.repository';

export interface ReportAlarmHazardOptions {
  alarmId: string;
  /** The alarm's enterprise, with its place in the jurisdiction tree (the hazard's scope). */
  enterprise: { id: string; grid_id: string; community_id: string; street_id: string; district_id: string };
  /** The hazard's text: the officer's words and the summary of the readings, already joined. */
  description: string;
  majorHazardRef: string | null;
  deadline?: string;
  /** When it happened: the alarm's occurrence. */
  foundAt: Date;
  evidence: { fileName: string; mediaType: 'text/csv'; bytes: Buffer };
  actor: Actor;
  now: Date;
}

export interface ReportedAlarmHazard {
  hazardId: string;
  evidence: { id: string; sha256: string; sizeBytes: number };
}

/**
 * A hazard reported from a confined-space alarm, inside the caller's transaction: the same rules
 * as a report by hand (the machine decides level and status; a major-hazard reference must be an
 * item of 令第10号; a deadline may not lie in the past), plus the alarm link (`alarm_id`, unique:
 * one hazard per alarm) and the readings as an immutable evidence file whose SHA-256 the database
 * checks against the stored bytes. The caller locks the alarm and writes its own audit entry.
 */
export async function reportHazardFromAlarm(
  trx: Kysely<DB>,
  deps: { hazards: HazardRepository; catalogue: RegulationCatalogue },
  options: ReportAlarmHazardOptions,
): Promise<ReportedAlarmHazard> {
  const { actor, now, enterprise } = options;
  const today = chinaDate(now);
  const description = options.description.trim();
  const problems: FieldProblem[] = [];
  if (description === '') problems.push({ pointer: '/body/description', code: 'schema.blank' });
  if (description.length > HAZARD_LIMITS.description) {
    problems.push({
      pointer: '/body/description',
      code: 'schema.maxLength',
      params: { max: HAZARD_LIMITS.description },
    });
  }
  const judgement = judgeNewHazard(
    deps.catalogue,
    { deadline: options.deadline, majorHazardRef: options.majorHazardRef },
    actor.role,
    today,
    problems,
  );
  const { state, effects, major } = judgement;
  // No phone queues this request, but the column is required: a fresh id marks it as server-made.
  const clientId = randomUUID();
  const hazardId = await insertNewHazard(trx, deps.hazards, actor, now, judgement, {
    enterprise,
    description,
    source: 'alarm',
    foundAt: options.foundAt,
    reportedAt: now,
    clientId,
    origin: { alarm_id: options.alarmId },
  });
  if (!hazardId) throw new Error('hazard insert skipped for a fresh client id');
  const { bytes } = options.evidence;
  const sha256 = sha256Hex(bytes);
  const fileId = await deps.hazards.insertEvidenceFile(trx, {
    hazard_id: hazardId,
    kind: 'alarm_readings',
    file_name: options.evidence.fileName,
    media_type: options.evidence.mediaType,
    size_bytes: bytes.length,
    sha256,
    content: bytes,
    created_at: now,
    created_by: actor.userId,
  });
  await appendAudit(
    trx,
    auditWho(actor),
    {
      action: AUDIT_ACTION.report,
      resourceType: 'hazard',
      resourceId: hazardId,
      after: {
        enterpriseId: enterprise.id,
        description,
        source: 'alarm',
        alarmId: options.alarmId,
        level: state.level,
        majorHazardRef: major,
        status: state.status,
        deadline: state.deadline,
        listedForSupervision: state.listedForSupervision,
        reportedToDistrict: !!effects.reportToDistrict,
        foundAt: options.foundAt.toISOString(),
        evidence: { id: fileId, sha256, sizeBytes: bytes.length },
        clientId,
      },
    },
    now,
  );
  return { hazardId, evidence: { id: fileId, sha256, sizeBytes: bytes.length } };
}
