import type {
  EnforcementDrawRecord,
  EnforcementPlan,
  EnforcementPlanSummary,
  EnforcementPlanTarget,
  EnforcementTask,
  PublicEnforcementPlan,
} from '@safegrid/contracts';
import type { GongmaoCategory } from '../../platform/db/schema';
import type { PlanDrawRow, PlanHeadRow, PlanTargetRow, TaskRow } from './plan.repository';

type Grade = NonNullable<EnforcementPlanTarget['grade']>;

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentPlanSummary(row: PlanHeadRow): EnforcementPlanSummary {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    jurisdiction: { id: row.jurisdiction_id, name: row.jurisdiction_name },
    year: row.year,
    month: row.month,
    title: row.title,
    status: row.status,
    randomCount: row.random_count,
    industryCategory: row.industry_category as GongmaoCategory | null,
    targetCount: row.target_count ?? 0,
    createdAt: iso(row.created_at),
    publishedAt: row.published_at ? iso(row.published_at) : null,
  };
}

export function presentDrawRecord(row: {
  id: string;
  algorithm: string;
  seed: string;
  candidate_ids: string[];
  candidate_digest: string;
  officer_ids: string[];
  officer_digest: string;
  random_count: number;
  drawn_at: Date;
}): EnforcementDrawRecord {
  return {
    id: row.id,
    algorithm: row.algorithm,
    seed: row.seed,
    candidateCount: row.candidate_ids.length,
    candidateDigest: row.candidate_digest,
    officerCount: row.officer_ids.length,
    officerDigest: row.officer_digest,
    randomCount: row.random_count,
    drawnAt: iso(row.drawn_at),
  };
}

export function presentTarget(row: PlanTargetRow): EnforcementPlanTarget {
  return {
    seq: row.seq,
    enterprise: { id: row.enterprise_id, name: row.enterprise_name, creditCode: row.enterprise_credit_code },
    source: row.source,
    grade: (row.grade as Grade | null) ?? null,
    referralId: row.referral_id,
    officers: [
      { id: row.officer_a, displayName: row.officer_a_name },
      { id: row.officer_b, displayName: row.officer_b_name },
    ],
  };
}

export function presentPlan(
  head: PlanHeadRow,
  draws: PlanDrawRow[],
  targets: PlanTargetRow[],
  children: { id: string; month: number | null; title: string; status: 'draft' | 'published' }[],
  gradeRule: EnforcementPlan['gradeRule'],
): EnforcementPlan {
  return {
    ...presentPlanSummary(head),
    createdBy: head.created_by_name,
    publishedBy: head.published_by_name ?? null,
    draws: draws.map((d) => ({
      ...presentDrawRecord(d),
      drawnBy: d.drawn_by_name,
      current: d.id === head.current_draw_id,
    })),
    targets: targets.map(presentTarget),
    children: children.map((c) => ({ id: c.id, month: c.month ?? 0, title: c.title, status: c.status })),
    gradeRule,
  };
}

export function presentTask(row: TaskRow, viewerId: string): EnforcementTask {
  return {
    id: row.id,
    plan: { id: row.plan_id, title: row.plan_title, year: row.plan_year, month: row.plan_month },
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      creditCode: row.enterprise_credit_code,
      address: row.enterprise_address,
    },
    source: row.source,
    status: row.status,
    officers: [
      { id: row.officer_a, displayName: row.officer_a_name },
      { id: row.officer_b, displayName: row.officer_b_name },
    ],
    partnerId: row.officer_a === viewerId ? row.officer_b : row.officer_a,
    inspectionId: row.inspection_id,
    updatedAt: iso(row.updated_at),
  };
}

export function presentPublicPlan(
  plan: {
    id: string;
    kind: 'annual' | 'monthly';
    year: number;
    month: number | null;
    title: string;
    published_at: Date | null;
    jurisdiction_name: string;
  },
  draw: Parameters<typeof presentDrawRecord>[0],
  targets: PlanTargetRow[],
): PublicEnforcementPlan {
  const random = targets.filter((t) => t.source === 'random');
  return {
    id: plan.id,
    agency: plan.jurisdiction_name,
    kind: plan.kind,
    year: plan.year,
    month: plan.month,
    title: plan.title,
    publishedAt: iso(plan.published_at!),
    draw: presentDrawRecord(draw),
    enterprises: random.map((t) => ({ name: t.enterprise_name, creditCode: t.enterprise_credit_code })),
    otherTargetCount: targets.length - random.length,
  };
}
