import { describe, expect, it } from 'vitest';
import type { ChecklistItem, InspectionChecklist } from '@safegrid/contracts';
import {
  checklistCounts,
  findingPrefill,
  groupChecklist,
  questionAsFinding,
  toAnswerRequest,
} from './checklistModel';
import { emptyFindingDraft, toRecordFinding } from './inspectionModel';

const item = (id: string, zh: string, majorHazardRef: string | null = null): ChecklistItem => ({
  id,
  text: { 'zh-CN': zh, en: id },
  majorHazardRef,
  provisionRefs: majorHazardRef ? [majorHazardRef] : ['work-safety-law-2021:28'],
});

const MAJOR = 'major-hazard-criteria-2023:3:1:1';
const checklist: InspectionChecklist = {
  templateId: 'patrol-machinery',
  version: '2024-01',
  category: 'machinery',
  items: [
    item('general.training', '从业人员是否经安全生产教育和培训合格后上岗？'),
    item('machinery.guards', '设备防护罩是否完好？'),
    item(MAJOR, '未对承包单位、承租单位的安全生产工作统一协调、管理', MAJOR),
  ],
  answers: [
    {
      itemId: 'general.training',
      outcome: 'fail',
      note: null,
      answeredAt: '2026-01-01T00:00:00Z',
      answeredBy: '张三',
      findingSeqs: [],
    },
    {
      itemId: MAJOR,
      outcome: 'fail',
      note: '现场查看',
      answeredAt: '2026-01-01T00:00:00Z',
      answeredBy: '张三',
      findingSeqs: [1],
    },
  ],
  inspectionVersion: 3,
};

describe('inspection checklist model', () => {
  it('groups common, category and 令第10号 items', () => {
    const groups = groupChecklist(checklist.items);
    expect(groups.general.map((i) => i.id)).toEqual(['general.training']);
    expect(groups.category.map((i) => i.id)).toEqual(['machinery.guards']);
    expect(groups.majorHazard.map((i) => i.id)).toEqual([MAJOR]);
  });

  it('counts answered of total and the failed items without a finding', () => {
    expect(checklistCounts(checklist)).toEqual({ answered: 2, total: 3, failed: 2, open: 1 });
  });

  it('builds an answer with the inspection version and a trimmed note', () => {
    expect(toAnswerRequest('a', 'pass', '  ', 3)).toEqual({
      version: 3,
      answers: [{ itemId: 'a', outcome: 'pass' }],
    });
    expect(toAnswerRequest('a', 'fail', ' 缺失 ', 3).answers[0]).toEqual({
      itemId: 'a',
      outcome: 'fail',
      note: '缺失',
    });
  });

  it('turns a question into a finding text and keeps the law’s words', () => {
    expect(questionAsFinding('从业人员是否经安全生产教育和培训合格后上岗，培训情况是否建档如实记录？')).toBe(
      '从业人员未经安全生产教育和培训合格后上岗，培训情况未建档如实记录。',
    );
    expect(questionAsFinding('出口是否保持畅通，有无占用？')).toBe('出口未保持畅通，存在占用。');
    expect(questionAsFinding('未对承包单位统一协调、管理')).toBe('未对承包单位统一协调、管理。');
  });

  it('pre-fills a finding from a failed item: text with the note, provisions, 令第10号 item and item id', () => {
    const prefill = findingPrefill(checklist.items[2]!, checklist.answers[1]);
    expect(prefill).toEqual({
      checklistItemId: MAJOR,
      description: '未对承包单位、承租单位的安全生产工作统一协调、管理。现场查看',
      provisionRefs: [MAJOR],
      majorHazardRef: MAJOR,
    });
    const request = toRecordFinding(
      {
        ...emptyFindingDraft(),
        description: prefill.description,
        checked: ['work-safety-law-2021:28', MAJOR],
        fromChecklist: {
          itemId: prefill.checklistItemId,
          provisionRefs: prefill.provisionRefs,
          majorHazardRef: prefill.majorHazardRef,
        },
      },
      null,
      3,
    );
    expect(request).toEqual({
      description: prefill.description,
      provisionRefs: [MAJOR, 'work-safety-law-2021:28'],
      majorHazardRef: MAJOR,
      checklistItemId: MAJOR,
      version: 3,
    });
  });
});
