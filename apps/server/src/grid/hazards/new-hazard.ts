import type { Insertable, Kysely } from 'kysely';
import type { DB, HazardTable } from '../../platform/db/schema';
import { AppError, rejectFields, type FieldProblem } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { majorHazardRefProblem } from '../../enforcement/regulations/major-hazard';
import { isCalendarDate } from '../../enforcement/documents/document-dates';
import { decideReport, type HazardEffects, type HazardState } from './hazard-machine';
import type { HazardRepository } from './hazard.repository';

export interface NewHazardJudgement {
  state: HazardState;
  effects: HazardEffects;
  major: string | null;
}

/**
 * The rules every new hazard passes, whoever reports it (an inspector by hand, an officer from a
 * confined-space alarm): the deadline is a date, a major-hazard reference is an item of 令第10号,
 * and the machine decides level and status. `problems` holds the caller's own findings so that a
 * bad request is refused with every problem at once.
 */
export function judgeNewHazard(
  catalogue: RegulationCatalogue,
  input: { deadline?: string; majorHazardRef: string | null },
  role: Actor['role'],
  today: string,
  problems: FieldProblem[],
): NewHazardJudgement {
  if (input.deadline !== undefined && !isCalendarDate(input.deadline)) {
    problems.push({ pointer: '/body/deadline', code: 'schema.format' });
  }
  const major = input.majorHazardRef;
  if (major && majorHazardRefProblem(catalogue, major)) {
    problems.push({
      pointer: '/body/majorHazardRef',
      code: 'hazard.major_hazard_invalid',
      params: { ref: major },
    });
  }
  if (problems.length > 0) rejectFields(problems);
  const decision = decideReport({ type: 'report', deadline: input.deadline, major: !!major }, role, today);
  if (!decision.ok) {
    if (decision.code === 'auth.forbidden') throw new AppError('auth.forbidden', { action: 'hazard.report' });
    rejectFields([{ pointer: '/body/deadline', code: decision.code }]);
  }
  return { state: decision.state, effects: decision.effects, major };
}

export interface NewHazardRow {
  enterprise: { id: string; grid_id: string; community_id: string; street_id: string; district_id: string };
  description: string;
  source: HazardTable['source'];
  foundAt: Date;
  /** When the first transition happened: the finding for a report by hand, the report for an alarm's. */
  reportedAt: Date;
  clientId: string;
  /** What only some sources carry: the patrol task and check-list item, the place, the alarm. */
  origin: Pick<Insertable<HazardTable>, 'patrol_task_id' | 'checklist_item_id' | 'lat' | 'lon' | 'alarm_id'>;
}

/**
 * Writes the hazard and its first transition inside the caller's transaction. Undefined when the
 * client id was already used (the caller answers it as a replay or refuses it).
 */
export async function insertNewHazard(
  trx: Kysely<DB>,
  hazards: HazardRepository,
  actor: Actor,
  now: Date,
  judgement: NewHazardJudgement,
  row: NewHazardRow,
): Promise<string | undefined> {
  const { state, effects, major } = judgement;
  const id = await hazards.insert(trx, {
    enterprise_id: row.enterprise.id,
    grid_id: row.enterprise.grid_id,
    community_id: row.enterprise.community_id,
    street_id: row.enterprise.street_id,
    district_id: row.enterprise.district_id,
    description: row.description,
    source: row.source,
    level: state.level,
    major_hazard_ref: major,
    status: state.status,
    deadline: state.deadline,
    listed_for_supervision: state.listedForSupervision,
    reported_to_district_at: effects.reportToDistrict ? now : null,
    found_at: row.foundAt,
    reported_by: actor.userId,
    reported_at: now,
    client_id: row.clientId,
    ...row.origin,
  });
  if (!id) return undefined;
  await hazards.insertTransition(trx, {
    hazard_id: id,
    seq: 1,
    event: 'report',
    from_status: null,
    to_status: state.status,
    actor_id: actor.userId,
    role: actor.role,
    note: null,
    deadline: state.deadline,
    at: row.reportedAt,
    recorded_at: now,
    client_id: row.clientId,
  });
  return id;
}
