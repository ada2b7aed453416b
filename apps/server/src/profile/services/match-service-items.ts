import type { ServiceMatchReason } from '@safegrid/contracts';
import type {
  GongmaoCategory,
  Grade,
  IndicatorRule,
  MajorHazardField,
  RiskTag,
  ServiceItem,
  ServiceItemKind,
} from './service-content';

/**
 * Which items of the content library an enterprise gets, and why. Pure: the generation selects
 * every candidate's facts in one statement and calls this per enterprise in memory.
 *
 * An item matches when every rule it names holds (risk tags, confined spaces, 工贸 category, grade,
 * indicators); within a rule one listed value is enough, and every value that holds is given as a
 * reason. A regulation item carries its fixed refs and the 令第10号 articles of the fields it names
 * ('category': the enterprise's own industry); one left with no ref at all (a commerce enterprise
 * and an industry-only item) is not delivered. Items keep the library's order.
 */

export interface EnterpriseFacts {
  category: GongmaoCategory;
  grade: Grade;
  riskTags: readonly RiskTag[];
  confinedSpaces: boolean;
  /** The current grade's recorded inputs (enterprise_grade.inputs). */
  inputs: Readonly<Record<string, number | null | undefined>>;
}

export interface MatchedItem {
  id: string;
  kind: ServiceItemKind;
  refs: string[];
  because: ServiceMatchReason[];
}

export type MajorHazardIndex = Readonly<Partial<Record<MajorHazardField, readonly string[]>>>;

/** An indicator rule on a recorded input; an input the grade did not record never matches. */
export function indicatorHolds(rule: IndicatorRule, value: number | null | undefined): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  switch (rule.op) {
    case 'below':
      return value < rule.threshold;
    case 'atLeast':
      return value >= rule.threshold;
    case 'equals':
      return value === rule.threshold;
  }
}

/** The reasons an item matches, or null when one of its rules does not hold. */
export function reasonsFor(item: ServiceItem, facts: EnterpriseFacts): ServiceMatchReason[] | null {
  const rules = item.match;
  const because: ServiceMatchReason[] = [];
  if (rules.riskTags) {
    const hits = rules.riskTags.filter((t) => facts.riskTags.includes(t));
    if (hits.length === 0) return null;
    because.push(...hits.map((value) => ({ rule: 'riskTag' as const, value })));
  }
  if (rules.confinedSpaces) {
    if (!facts.confinedSpaces) return null;
    because.push({ rule: 'confinedSpaces' });
  }
  if (rules.categories) {
    if (!rules.categories.includes(facts.category)) return null;
    because.push({ rule: 'category', value: facts.category });
  }
  if (rules.grades) {
    if (!rules.grades.includes(facts.grade)) return null;
    because.push({ rule: 'grade', value: facts.grade });
  }
  if (rules.indicators) {
    const hits = rules.indicators.filter((r) => indicatorHolds(r, facts.inputs[r.indicator]));
    if (hits.length === 0) return null;
    because.push(
      ...hits.map((r) => ({
        rule: 'indicator' as const,
        indicator: r.indicator,
        op: r.op,
        threshold: r.threshold,
        actual: facts.inputs[r.indicator] as number,
      })),
    );
  }
  return because;
}

/** The refs a regulation item cites for this enterprise: fixed ones, then 令第10号's by field. */
export function refsFor(item: ServiceItem, facts: EnterpriseFacts, majorHazard: MajorHazardIndex): string[] {
  const refs = [...item.refs];
  for (const choice of item.majorHazardFields) {
    const field = choice === 'category' ? (facts.category as string as MajorHazardField) : choice;
    for (const ref of majorHazard[field] ?? []) if (!refs.includes(ref)) refs.push(ref);
  }
  return refs;
}

export function matchServiceItems(
  items: readonly ServiceItem[],
  facts: EnterpriseFacts,
  majorHazard: MajorHazardIndex,
): MatchedItem[] {
  const out: MatchedItem[] = [];
  for (const item of items) {
    const because = reasonsFor(item, facts);
    if (!because) continue;
    const refs = item.kind === 'regulation' ? refsFor(item, facts, majorHazard) : [];
    if (item.kind === 'regulation' && refs.length === 0) continue;
    out.push({ id: item.id, kind: item.kind, refs, because });
  }
  return out;
}
