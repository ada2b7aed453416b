import type { Kysely } from 'kysely';
import type { AccidentRecord, EnterpriseProfile, RecordAccidentBody } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { notFound, rejectFields } from '../../errors';
import { authorize } from '../../platform/auth/policy';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import type { GradingModels } from '../models/grading-models';
import type { ProfileRepository } from './profile.repository';
import { presentGrade } from './grade.presenter';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function presentAccident(row: Awaited<ReturnType<ProfileRepository['accidents']>>[number]): AccidentRecord {
  return {
    id: String(row.id),
    occurredOn: row.occurred_on,
    severity: row.severity,
    deaths: row.deaths,
    injuries: row.injuries,
    description: row.description,
    source: row.source,
    sourceRef: row.source_ref,
  };
}

export function createProfileService(deps: {
  db: Kysely<DB>;
  profiles: ProfileRepository;
  models: GradingModels;
  clock: () => Date;
}) {
  const { db, profiles, models, clock } = deps;

  return {
    async profile(actor: Actor, id: string): Promise<EnterpriseProfile> {
      authorize(actor, 'profile.read');
      const e = await profiles.enterpriseInScope(db, id, actor.scope);
      if (!e) throw notFound('enterprise', id);
      const asOf = shenzhenToday(clock());
      const [
        inspectors,
        tags,
        spaces,
        management,
        drills,
        hazards,
        patrols,
        accidents,
        credit,
        penalties,
        devices,
        grade,
        history,
      ] = await Promise.all([
        profiles.inspectors(e.grid_id),
        profiles.riskTags(id),
        profiles.confinedSpaces(id),
        profiles.safetyManagement(id),
        profiles.drills(id),
        profiles.hazardFigures(id, asOf),
        profiles.patrolFigures(id, asOf),
        profiles.accidents(id),
        profiles.creditRecords(id),
        profiles.penalties(id),
        profiles.deviceFigures(id, asOf),
        profiles.grade(id),
        profiles.gradeHistory(id),
      ]);
      let explanation: EnterpriseProfile['grade'] = null;
      if (grade) {
        explanation = presentGrade(await models.byVersion(grade.model_version), grade);
      }
      return {
        enterprise: {
          id: String(e.id),
          name: e.name,
          creditCode: e.credit_code,
          address: e.address,
          industryCode: e.industry_code,
          industryName: e.industry_name,
          category: e.gongmao_category,
          scale: e.scale,
          employees: e.employees,
          status: e.status,
          lat: e.lat,
          lon: e.lon,
          gridId: e.grid_id,
          gridName: e.grid_name,
          streetName: e.street_name,
          districtName: e.district_name,
        },
        inspectors: inspectors.map((i) => ({
          inspectorId: String(i.inspector_id),
          name: i.name,
          gridId: i.grid_id,
          validFrom: i.valid_from,
          validTo: i.valid_to,
        })),
        riskTags: tags.map((t) => ({ tag: t.tag, source: t.source })),
        confinedSpaces: spaces,
        safetyManagement: management
          ? {
              emergencyPlanFiled: management.emergency_plan_filed,
              safetyOfficers: management.safety_officers,
              trainingCoveragePercent: management.training_coverage_percent,
              certificatesComplete: management.certificates_complete,
              standardisationLevel: management.standardisation_level,
              source: management.source,
              updatedAt: management.updated_at.toISOString(),
            }
          : null,
        drills: drills.map((d) => ({ heldOn: d.held_on, description: d.description, source: d.source })),
        hazards: {
          open: hazards.open,
          overdue: hazards.overdue,
          majorOpen: hazards.major_open,
          found12m: hazards.found12m,
          closed12m: hazards.closed12m,
        },
        patrols: { done12m: patrols.done12m, lastVisitAt: iso(patrols.last_visit_at) },
        accidents: accidents.map(presentAccident),
        creditRecords: credit.map((c) => ({
          id: String(c.id),
          kind: c.kind,
          recordedOn: c.recorded_on,
          expiresOn: c.expires_on,
          authority: c.authority,
          description: c.description,
          source: c.source,
        })),
        penalties: penalties.map((p) => ({
          id: p.id,
          kind: p.kind,
          decidedOn: p.decided_on,
          amountYuan: p.amount_yuan === null ? null : Number(p.amount_yuan),
          description: p.description,
          source: p.source,
        })),
        devices,
        grade: explanation,
        gradeHistory: history.map((h) => ({
          at: h.at.toISOString(),
          modelVersion: h.model_version,
          score: h.score,
          grade: h.grade,
          previousGrade: h.previous_grade,
          reason: h.reason,
        })),
      };
    },

    /**
     * An accident known from another system (the accident report), recorded by an officer. The
     * database queues the enterprise for regrading in the same transaction (grading_queue).
     */
    async recordAccident(actor: Actor, id: string, body: RecordAccidentBody): Promise<AccidentRecord> {
      authorize(actor, 'profile.record');
      if ((body.severity === 'fatal') !== body.deaths > 0) {
        rejectFields([{ pointer: '/body/deaths', code: 'accident.deaths_mismatch' }]);
      }
      if (body.occurredOn > shenzhenToday(clock())) {
        rejectFields([{ pointer: '/body/occurredOn', code: 'accident.date_in_future' }]);
      }
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const e = await profiles.enterpriseInScope(trx, id, actor.scope);
        if (!e) throw notFound('enterprise', id);
        const row = await profiles.insertAccident(trx, {
          enterpriseId: id,
          occurredOn: body.occurredOn,
          severity: body.severity,
          deaths: body.deaths,
          injuries: body.injuries,
          description: body.description.trim(),
          sourceRef: body.sourceRef ?? null,
          recordedBy: actor.userId,
          at: now,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'accident.recorded',
            resourceType: 'enterprise',
            resourceId: id,
            after: {
              accidentId: String(row.id),
              occurredOn: body.occurredOn,
              severity: body.severity,
              deaths: body.deaths,
            },
          },
          now,
        );
        return presentAccident(row);
      });
    },
  };
}
