import type { AnswerInspectionChecklist, Checklist, Inspection } from '@safegrid/contracts';
import type { FieldProblem } from '../../errors';

/**
 * The checklist of an on-site inspection (pure): which answers a write may carry, and how far
 * the checklist got. The items themselves come from the shared library (platform/checklists/),
 * the same the grid patrols walk.
 */

/** Every answer must name an item of the inspection's checklist, each at most once. */
export function answerProblems(checklist: Checklist, body: AnswerInspectionChecklist): FieldProblem[] {
  const known = new Set(checklist.items.map((i) => i.id));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  body.answers.forEach((answer, i) => {
    const params = { itemId: answer.itemId };
    if (!known.has(answer.itemId)) {
      problems.push({
        pointer: `/body/answers/${i}/itemId`,
        code: 'inspection.checklist_item_unknown',
        params,
      });
    } else if (seen.has(answer.itemId)) {
      problems.push({
        pointer: `/body/answers/${i}/itemId`,
        code: 'inspection.checklist_item_duplicate',
        params,
      });
    }
    seen.add(answer.itemId);
  });
  return problems;
}

export type ChecklistProgress = NonNullable<Inspection['checklist']>;

/**
 * Items answered and failed among those the checklist has now, and the failed items no finding
 * was recorded from (in checklist order). Unanswered items do not block completion: the record
 * states how many were checked instead.
 */
export function checklistProgress(
  checklist: Checklist,
  answers: readonly { itemId: string; outcome: string }[],
  findingItemIds: readonly (string | null)[],
): ChecklistProgress {
  const outcome = new Map(answers.map((a) => [a.itemId, a.outcome]));
  const recorded = new Set(findingItemIds.filter((id): id is string => id !== null));
  const ids = checklist.items.map((i) => i.id);
  const failed = ids.filter((id) => outcome.get(id) === 'fail');
  return {
    total: ids.length,
    answered: ids.filter((id) => outcome.has(id)).length,
    failed: failed.length,
    failedWithoutFinding: failed.filter((id) => !recorded.has(id)),
  };
}
