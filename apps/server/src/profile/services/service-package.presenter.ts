import type {
  ServiceArticle,
  ServiceEffectFigures,
  ServiceMatchReason,
  ServicePackageDetail,
  ServicePackageItem,
  ServicePackageSummary,
} from '@safegrid/contracts';
import { SERVICE_INDICATOR_OPS, SERVICE_ITEM_KINDS, SERVICE_MATCH_RULES } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import type { ServicePackageItemRow } from '../../platform/db/schema';
import type { ServiceContent } from './service-content';
import type {
  EffectRow,
  ServicePackageDetailRow,
  ServicePackageSummaryRow,
} from './service-package.repository';

/** What leaves about service packages: whitelisted fields only, texts resolved at read time. */

const month = (monthStart: string) => monthStart.slice(0, 7);

function kindsOf(items: readonly ServicePackageItemRow[]): ServicePackageSummary['kinds'] {
  return SERVICE_ITEM_KINDS.filter((k) => items.some((i) => i.kind === k));
}

export function presentSummary(row: ServicePackageSummaryRow): ServicePackageSummary {
  const items = row.items as unknown as ServicePackageItemRow[];
  return {
    id: String(row.id),
    enterpriseId: String(row.enterprise_id),
    enterpriseName: row.enterprise_name,
    month: month(row.month),
    deliveredAt: row.delivered_at.toISOString(),
    gradeAtDelivery: row.grade_at_delivery,
    scoreAtDelivery: row.score_at_delivery,
    itemCount: items.length,
    kinds: kindsOf(items),
    acknowledgedAt: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
  };
}

/** An article of the library by ref; a ref the library no longer knows says so instead of failing. */
export function presentArticle(catalogue: RegulationCatalogue, ref: string): ServiceArticle {
  const resolved = catalogue.resolve(ref);
  if (!resolved)
    return { ref, label: ref, lawTitle: '', verification: 'unverified', text: '', missing: true };
  return {
    ref,
    label: resolved.label,
    lawTitle: resolved.regulation.title,
    verification: resolved.regulation.verification,
    text: resolved.text,
    missing: false,
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A stored reason, whitelisted field by field (the jsonb is ours, but never echoed as is). */
export function presentReason(raw: unknown): ServiceMatchReason | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (!(SERVICE_MATCH_RULES as readonly unknown[]).includes(r.rule)) return null;
  const reason: ServiceMatchReason = { rule: r.rule as ServiceMatchReason['rule'] };
  const value = str(r.value);
  if (value !== undefined) reason.value = value;
  const indicator = str(r.indicator);
  if (indicator !== undefined) reason.indicator = indicator;
  if ((SERVICE_INDICATOR_OPS as readonly unknown[]).includes(r.op))
    reason.op = r.op as ServiceMatchReason['op'];
  const threshold = num(r.threshold);
  if (threshold !== undefined) reason.threshold = threshold;
  const actual = num(r.actual);
  if (actual !== undefined) reason.actual = actual;
  return reason;
}

export function presentItem(
  content: ServiceContent,
  catalogue: RegulationCatalogue,
  stored: ServicePackageItemRow,
  because: readonly unknown[],
): ServicePackageItem {
  const item = content.byId.get(stored.id);
  return {
    id: stored.id,
    kind: stored.kind,
    available: item !== undefined,
    title: item ? { ...item.title } : null,
    summary: item ? { ...item.summary } : null,
    durationMinutes: item?.durationMinutes ?? null,
    articles: (stored.refs ?? []).map((ref) => presentArticle(catalogue, ref)),
    because: because.map(presentReason).filter((r): r is ServiceMatchReason => r !== null),
  };
}

export function presentDetail(
  content: ServiceContent,
  catalogue: RegulationCatalogue,
  row: ServicePackageDetailRow,
): ServicePackageDetail {
  const items = row.items as unknown as ServicePackageItemRow[];
  const because = row.matched_because as unknown as Record<string, unknown[]>;
  return {
    id: String(row.id),
    enterpriseId: String(row.enterprise_id),
    enterpriseName: row.enterprise_name,
    month: month(row.month),
    libraryVersion: row.library_version,
    deliveredAt: row.delivered_at.toISOString(),
    gradeAtDelivery: row.grade_at_delivery,
    scoreAtDelivery: row.score_at_delivery,
    modelVersion: row.model_version,
    hazards12mBefore: row.hazards_12m_before,
    acknowledgedAt: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
    acknowledgedBy: row.acknowledged_by_name ?? null,
    items: items.map((i) =>
      presentItem(content, catalogue, i, Array.isArray(because[i.id]) ? because[i.id]! : []),
    ),
  };
}

export function emptyFigures(): ServiceEffectFigures {
  return {
    packages: 0,
    acknowledged: 0,
    acknowledgedShare: null,
    hazardsBefore: 0,
    hazardsAfter: 0,
    afterWindowOpen: 0,
    improved: 0,
    same: 0,
    worse: 0,
    ungraded: 0,
  };
}

export function figuresOf(row: Omit<EffectRow, 'grade_at_delivery'>): ServiceEffectFigures {
  const packages = Number(row.packages);
  const acknowledged = Number(row.acknowledged);
  return {
    packages,
    acknowledged,
    acknowledgedShare: packages > 0 ? Math.round((acknowledged / packages) * 1000) / 1000 : null,
    hazardsBefore: Number(row.hazards_before),
    hazardsAfter: Number(row.hazards_after),
    afterWindowOpen: Number(row.after_window_open),
    improved: Number(row.improved),
    same: Number(row.same),
    worse: Number(row.worse),
    ungraded: Number(row.ungraded),
  };
}
