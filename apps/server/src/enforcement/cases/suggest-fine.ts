import { readFileSync } from 'node:fs';
import type { FineRange } from '@safegrid/contracts';
import { CASE_CIRCUMSTANCES, type CaseCircumstanceValue } from '@safegrid/contracts/values';

/**
 * The fine suggestion: a position in the legal range from the circumstances recorded, by the
 * platform's own discretion rules (data/enforcement/discretion-rules.json) — NOT an official
 * 裁量基准, which the platform does not have. Pure; the legal range is the only hard limit.
 */

export const DISCRETION_RULES_FILE = new URL(
  '../../../../../data/enforcement/discretion-rules.json',
  import.meta.url,
);

export interface DiscretionRule {
  id: CaseCircumstanceValue;
  effect: 'mitigating' | 'aggravating';
  weight: number;
  basis: string[];
  note: string;
}

export interface DiscretionRuleSet {
  label: string;
  official: false;
  version: string;
  notice: string;
  basePosition: number;
  roundToYuan: number;
  circumstances: DiscretionRule[];
}

export function parseDiscretionRules(json: unknown): DiscretionRuleSet {
  const r = json as DiscretionRuleSet;
  const ok =
    r !== null &&
    typeof r === 'object' &&
    r.official === false &&
    typeof r.label === 'string' &&
    typeof r.notice === 'string' &&
    r.basePosition >= 0 &&
    r.basePosition <= 1 &&
    r.roundToYuan > 0 &&
    Array.isArray(r.circumstances) &&
    r.circumstances.every(
      (c) =>
        (CASE_CIRCUMSTANCES as readonly string[]).includes(c.id) &&
        (c.effect === 'mitigating' || c.effect === 'aggravating') &&
        c.weight >= 0 &&
        c.weight <= 1 &&
        Array.isArray(c.basis),
    ) &&
    CASE_CIRCUMSTANCES.every((id) => r.circumstances.some((c) => c.id === id));
  if (!ok)
    throw new Error(
      'discretion-rules.json is invalid: every circumstance needs an effect and a weight in [0, 1]',
    );
  return r;
}

let cached: DiscretionRuleSet | undefined;
export function discretionRules(): DiscretionRuleSet {
  cached ??= parseDiscretionRules(JSON.parse(readFileSync(DISCRETION_RULES_FILE, 'utf8')));
  return cached;
}

export interface LegalRange {
  minYuan: number;
  maxYuan: number;
}

/**
 * The range that applies to the unit (生产经营单位) under a penalty provision: for an item not
 * rectified at re-inspection the provision's range for 逾期未改正 where it has one. null when the
 * fine is not in yuan (a share of income, a multiple of gains) or the provision names none.
 */
export function legalRange(fines: readonly FineRange[], notRectified: boolean): LegalRange | null {
  const unit = fines.filter((f) => f.target.startsWith('生产经营单位') && f.basis === null);
  const overdue = unit.find((f) => f.target.includes('逾期未改正'));
  const plain = unit.find((f) => f.target === '生产经营单位') ?? unit.find((f) => !f.target.includes('逾期'));
  const chosen = notRectified && overdue ? overdue : plain;
  if (!chosen || chosen.minYuan === null || chosen.maxYuan === null) return null;
  return { minYuan: chosen.minYuan, maxYuan: chosen.maxYuan };
}

export interface FineSuggestion {
  suggestedYuan: number;
  position: number;
  applied: CaseCircumstanceValue[];
}

export function suggestFine(
  rules: DiscretionRuleSet,
  range: LegalRange,
  circumstances: readonly CaseCircumstanceValue[],
): FineSuggestion {
  const applied = CASE_CIRCUMSTANCES.filter((c) => circumstances.includes(c));
  let position = rules.basePosition;
  for (const id of applied) {
    const rule = rules.circumstances.find((c) => c.id === id)!;
    position += rule.effect === 'aggravating' ? rule.weight : -rule.weight;
  }
  position = Math.min(1, Math.max(0, position));
  const raw = range.minYuan + position * (range.maxYuan - range.minYuan);
  const rounded = Math.round(raw / rules.roundToYuan) * rules.roundToYuan;
  const suggestedYuan = Math.min(range.maxYuan, Math.max(range.minYuan, rounded));
  return { suggestedYuan, position: Math.round(position * 1000) / 1000, applied };
}
