import type { ProvisionMatch } from '@safegrid/contracts';
import type { Translate } from './fineModel';

/**
 * The sentence an officer copies into the record for a suggested provision, e.g.
 * "违反了《安全生产法》第四十五条的规定，依据《安全生产法》第九十九条第一款第（五）项的规定".
 * All wording comes from the catalogue (`citation.*`).
 */

export type CitationSource = Pick<ProvisionMatch, 'kind' | 'label' | 'violated' | 'penalty' | 'majorHazard'>;

/** Labels joined for a sentence ("A、B、C"; "A, B and C"), repeats dropped, empty labels skipped. */
export function joinLabels(labels: readonly string[], t: Translate): string {
  const unique = [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(t('citation.separator'))}${t('citation.lastSeparator')}${unique[unique.length - 1]}`;
}

export function buildCitation(match: CitationSource, t: Translate): string {
  const violated = joinLabels(
    match.violated.map((v) => v.label),
    t,
  );
  let penalty = match.penalty?.label.trim() ?? '';
  // A penalty item with neither link is its own penalty basis.
  if (!violated && !penalty && match.kind === 'penalty_item') penalty = match.label.trim();

  let sentence = '';
  if (violated && penalty) sentence = t('citation.both', { violated, penalty });
  else if (violated) sentence = t('citation.violatedOnly', { violated });
  else if (penalty) sentence = t('citation.penaltyOnly', { penalty });

  const hazardLabel = (match.majorHazard?.label ?? (match.kind === 'major_hazard' ? match.label : '')).trim();
  if (hazardLabel) {
    sentence = sentence
      ? sentence + t('citation.majorHazardSuffix', { majorHazard: hazardLabel })
      : t('citation.majorHazardOnly', { majorHazard: hazardLabel });
  }
  return sentence;
}
