import type { MatchFindingRequest, MatchFindingResult } from '@safegrid/contracts';
import { FINDING_MAX_LENGTH, MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';

/**
 * The "type a finding" form: what may be sent, the request body, and the last search kept for
 * the tab (so going to an article and back keeps the results).
 */

export { FINDING_MAX_LENGTH };

export type MajorHazardField = (typeof MAJOR_HAZARD_FIELDS)[number];

export interface FindingState {
  /** Characters as the server counts them (code points). */
  length: number;
  blank: boolean;
  tooLong: boolean;
  canSubmit: boolean;
}

export function findingState(finding: string): FindingState {
  const length = [...finding].length;
  const blank = finding.trim() === '';
  const tooLong = length > FINDING_MAX_LENGTH;
  return { length, blank, tooLong, canSubmit: !blank && !tooLong };
}

const isField = (value: unknown): value is MajorHazardField =>
  typeof value === 'string' && (MAJOR_HAZARD_FIELDS as readonly string[]).includes(value);

/** The request body: the finding trimmed, known fields once each in the contract's order, none → left out. */
export function buildMatchRequest(
  finding: string,
  fields: readonly string[],
  /** The enterprise the finding is about: the server adds its industry to the fields. */
  enterpriseId?: string,
): MatchFindingRequest {
  const chosen = MAJOR_HAZARD_FIELDS.filter((f) => fields.includes(f));
  return {
    finding: finding.trim(),
    ...(chosen.length > 0 ? { fields: [...chosen] } : {}),
    ...(enterpriseId && /^[1-9][0-9]{0,17}$/.test(enterpriseId) ? { enterpriseId } : {}),
  };
}

export interface MatcherMemory {
  finding: string;
  fields: MajorHazardField[];
  result: MatchFindingResult | null;
}

export const MATCHER_STORAGE_KEY = 'safegrid.matcher';

/** The kept search from sessionStorage, or null when there is none or it is not one of ours. */
export function restoreMatcherMemory(raw: string | null): MatcherMemory | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.finding !== 'string' || !Array.isArray(v.fields)) return null;
  const result = v.result;
  const validResult =
    typeof result === 'object' &&
    result !== null &&
    Array.isArray((result as { provisions?: unknown }).provisions) &&
    typeof (result as { finding?: unknown }).finding === 'string';
  return {
    finding: v.finding,
    fields: v.fields.filter(isField),
    result: validResult ? (result as MatchFindingResult) : null,
  };
}

/** Relative score (0..1) as a whole percentage for the score bar, clamped. */
export function relativePercent(relative: number): number {
  if (!Number.isFinite(relative)) return 0;
  return Math.round(Math.min(1, Math.max(0, relative)) * 100);
}
