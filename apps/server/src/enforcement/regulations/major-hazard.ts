import type { MajorHazardMatch } from '@safegrid/contracts';
import { majorHazardFieldOf, type RegulationCatalogue } from './regulation-catalogue';

/** The law a major hazard ref must come from: 工贸企业重大事故隐患判定标准 (应急管理部令第10号). */
export const MAJOR_HAZARD_LAW = 'major-hazard-criteria-2023';

/** The ref as a major hazard (its text and the field of 令第10号 it belongs to), if it is one. */
export function majorHazardMatch(catalogue: RegulationCatalogue, ref: string): MajorHazardMatch | null {
  const resolved = catalogue.resolve(ref);
  const field = resolved ? majorHazardFieldOf(resolved.article) : null;
  if (!resolved || !field) return null;
  return { ref, label: resolved.label, text: resolved.text, field };
}

/**
 * What is wrong with a ref given as a major hazard: it names no provision, or a provision that is
 * not an item of 令第10号 (an article or a paragraph is too coarse: the criteria are items). Shared
 * by inspection findings and hazard reports so both judge "major" the same way.
 */
export function majorHazardRefProblem(
  catalogue: RegulationCatalogue,
  ref: string,
): 'provision_unknown' | 'major_hazard_invalid' | null {
  const resolved = catalogue.resolve(ref);
  if (!resolved) return 'provision_unknown';
  if (resolved.regulation.id !== MAJOR_HAZARD_LAW || !resolved.item || !majorHazardMatch(catalogue, ref)) {
    return 'major_hazard_invalid';
  }
  return null;
}
