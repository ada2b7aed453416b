import type {
  AnswerInspectionChecklist,
  ChecklistItem,
  InspectionChecklist,
  InspectionChecklistAnswer,
} from '@safegrid/contracts';
import { INSPECTION_LIMITS } from '@safegrid/contracts/values';

/**
 * The checklist of an on-site inspection (pure): its groups, progress, the request an answer
 * sends, and the finding a failed item pre-fills. No React, no antd, no DOM.
 */

export type ChecklistOutcome = InspectionChecklistAnswer['outcome'];
export const CHECKLIST_OUTCOMES: readonly ChecklistOutcome[] = ['pass', 'fail', 'not_applicable'];

export interface ChecklistGroups {
  /** The common items every 工贸 enterprise is checked for (`general.*`). */
  general: ChecklistItem[];
  /** Items of the category's own template. */
  category: ChecklistItem[];
  /** Items of 令第10号: a failure is a 重大事故隐患. */
  majorHazard: ChecklistItem[];
}

/** The items in three groups, each in the checklist's order. */
export function groupChecklist(items: readonly ChecklistItem[]): ChecklistGroups {
  const groups: ChecklistGroups = { general: [], category: [], majorHazard: [] };
  for (const item of items) {
    if (item.majorHazardRef) groups.majorHazard.push(item);
    else if (item.id.startsWith('general.')) groups.general.push(item);
    else groups.category.push(item);
  }
  return groups;
}

export function answersById(checklist: InspectionChecklist): Map<string, InspectionChecklistAnswer> {
  return new Map(checklist.answers.map((a) => [a.itemId, a]));
}

/** Answered / total over the items the checklist has, and the failed items without a finding. */
export function checklistCounts(checklist: InspectionChecklist): {
  answered: number;
  total: number;
  failed: number;
  open: number;
} {
  const answers = answersById(checklist);
  let answered = 0;
  let failed = 0;
  let open = 0;
  for (const item of checklist.items) {
    const a = answers.get(item.id);
    if (!a) continue;
    answered++;
    if (a.outcome === 'fail') {
      failed++;
      if (a.findingSeqs.length === 0) open++;
    }
  }
  return { answered, total: checklist.items.length, failed, open };
}

/** One item's answer, the note trimmed (and left out when blank). */
export function toAnswerRequest(
  itemId: string,
  outcome: ChecklistOutcome,
  note: string,
  version: number,
): AnswerInspectionChecklist {
  const trimmed = note.trim().slice(0, INSPECTION_LIMITS.measure);
  return { version, answers: [{ itemId, outcome, ...(trimmed ? { note: trimmed } : {}) }] };
}

/**
 * A checklist question as a finding: "是否…" becomes "未…", "有无" becomes "存在", the question
 * mark a full stop. The law's own words (令第10号 items) already state the hazard and are kept.
 */
export function questionAsFinding(question: string): string {
  const text = question
    .trim()
    .replace(/[？?]+$/u, '')
    .replace(/是否/gu, '未')
    .replace(/有无/gu, '存在');
  return /[。．.！!；;]$/u.test(text) ? text : `${text}。`;
}

export interface FindingPrefill {
  checklistItemId: string;
  description: string;
  provisionRefs: string[];
  majorHazardRef: string | null;
}

/** The finding a failed item pre-fills: its text (with the note), its provisions, its 令第10号 item. */
export function findingPrefill(
  item: ChecklistItem,
  answer?: Pick<InspectionChecklistAnswer, 'note'>,
): FindingPrefill {
  const note = answer?.note?.trim();
  return {
    checklistItemId: item.id,
    description: questionAsFinding(item.text['zh-CN']) + (note ? note : ''),
    provisionRefs: [...new Set(item.provisionRefs)].slice(0, INSPECTION_LIMITS.provisions),
    majorHazardRef: item.majorHazardRef,
  };
}
