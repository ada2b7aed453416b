import { describe, expect, it } from 'vitest';
import type { MatchFindingResult, ProvisionMatch } from '@safegrid/contracts';
import { localiseProblem } from '../../shell/problem';
import { lookupIn } from '../../shell/i18n/format';
import { zhCN } from '../../shell/i18n/zh-CN';
import { workingDayCalendar } from '../calendar/workingDayModel';
import {
  assignDocumentErrors,
  chinaToday,
  deadlineSelectable,
  documentDateSelectable,
  documentFieldFor,
  handoffFromMatcher,
  handoffState,
  initialDocumentForm,
  isCalendarDate,
  isVerificationCode,
  isWeekend,
  nextDocumentForm,
  normaliseVerificationCode,
  provisionFromSuggestion,
  readHandoff,
  shortText,
  toIssueRequest,
  type DocumentFormValues,
} from './documentModel';

const link = (label: string) => ({ ref: 'x:1', label, text: '…' });

function suggestion(overrides: Partial<ProvisionMatch> = {}): ProvisionMatch {
  return {
    rank: 1,
    ref: 'work-safety-law-2021:99:1:5',
    kind: 'penalty_item',
    label: '《中华人民共和国安全生产法》第九十九条第一款第（五）项',
    text: '未为从业人员提供符合国家标准或者行业标准的劳动防护用品的',
    score: 3,
    relative: 1,
    violated: [link('《中华人民共和国安全生产法》第四十五条')],
    penalty: null,
    basisNote: null,
    majorHazard: null,
    explanation: { matchedPhrases: [], synonyms: [] },
    ...overrides,
  };
}

describe('dates', () => {
  it('take today in China whatever the device time zone', () => {
    expect(chinaToday(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(chinaToday(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('recognise real calendar dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });

  it('know weekends', () => {
    expect(isWeekend('2026-03-07')).toBe(true); // Saturday
    expect(isWeekend('2026-03-08')).toBe(true); // Sunday
    expect(isWeekend('2026-03-09')).toBe(false); // Monday
    expect(isWeekend('nonsense')).toBe(false);
  });

  it('allow a deadline on a weekday from today and the document date on', () => {
    const today = '2026-03-04'; // Wednesday
    expect(deadlineSelectable('2026-03-04', today)).toBe(true);
    expect(deadlineSelectable('2026-03-03', today)).toBe(false);
    expect(deadlineSelectable('2026-03-07', today)).toBe(false);
    expect(deadlineSelectable('2026-03-09', today)).toBe(true);
    expect(deadlineSelectable('2026-03-05', today, '2026-03-06')).toBe(false);
    expect(deadlineSelectable('2026-03-06', today, '2026-03-06')).toBe(true);
    expect(deadlineSelectable('2026-03-05', today, '')).toBe(true);
  });

  it('use the holiday calendar loaded for the deadline’s year, weekends only without one', () => {
    // Invented days for the test, NOT the State Council's schedule.
    const calendar = workingDayCalendar([
      {
        year: 2030,
        loaded: true,
        days: [
          { day: '2030-09-29', kind: 'makeup_workday', name: '测试调休' }, // Sunday
          { day: '2030-10-01', kind: 'holiday', name: '测试假日' }, // Tuesday
        ],
        source: '测试',
        updatedAt: null,
      },
    ]);
    const today = '2030-09-02';
    expect(deadlineSelectable('2030-09-29', today, undefined, calendar)).toBe(true);
    expect(deadlineSelectable('2030-10-01', today, undefined, calendar)).toBe(false);
    expect(deadlineSelectable('2030-09-28', today, undefined, calendar)).toBe(false);
    // Without the calendar: the Sunday is refused, the Tuesday taken.
    expect(deadlineSelectable('2030-09-29', today)).toBe(false);
    expect(deadlineSelectable('2030-10-01', today)).toBe(true);
    // 2031 is not loaded: weekends only.
    expect(deadlineSelectable('2031-01-01', today, undefined, calendar)).toBe(true);
    expect(deadlineSelectable('2031-01-04', today, undefined, calendar)).toBe(false);
  });

  it('allow a document date up to today', () => {
    expect(documentDateSelectable('2026-03-04', '2026-03-04')).toBe(true);
    expect(documentDateSelectable('2026-01-01', '2026-03-04')).toBe(true);
    expect(documentDateSelectable('2026-03-05', '2026-03-04')).toBe(false);
  });
});

describe('the form', () => {
  it('starts with today, the signed-in officer first and no legal wording', () => {
    const values = initialDocumentForm('2026-03-04', ' 张三 ', { enterpriseId: '12' });
    expect(values).toEqual({
      enterpriseId: '12',
      findings: [{ description: '', provision: '' }],
      deadline: '',
      legalBasis: '',
      appeal: { government: '', agency: '', court: '' },
      inspectors: [
        { name: '张三', certificateNo: '' },
        { name: '', certificateNo: '' },
      ],
      date: '2026-03-04',
    });
    expect(initialDocumentForm('2026-03-04', '张三').enterpriseId).toBeUndefined();
    expect([...initialDocumentForm('2026-03-04', '名'.repeat(40)).inspectors[0].name]).toHaveLength(30);
  });

  it('starts from what the matcher handed over', () => {
    const values = initialDocumentForm('2026-03-04', '张三', {
      handoff: { description: '未佩戴安全帽', provision: '《中华人民共和国安全生产法》第四十五条' },
    });
    expect(values.findings).toEqual([
      { description: '未佩戴安全帽', provision: '《中华人民共和国安全生产法》第四十五条' },
    ]);
  });

  it('keeps officers, venues and date for the next document', () => {
    const previous: DocumentFormValues = {
      ...initialDocumentForm('2026-03-04', '张三', { enterpriseId: '7' }),
      findings: [{ description: 'a', provision: 'b' }],
      deadline: '2026-03-10',
      legalBasis: 'c',
      appeal: { government: 'g', agency: 'a', court: 'c' },
    };
    const next = nextDocumentForm(previous);
    expect(next.enterpriseId).toBeUndefined();
    expect(next.findings).toEqual([{ description: '', provision: '' }]);
    expect(next.deadline).toBe('');
    expect(next.legalBasis).toBe('');
    expect(next.appeal).toEqual(previous.appeal);
    expect(next.inspectors).toEqual(previous.inspectors);
    expect(next.date).toBe('2026-03-04');
  });

  it('sends the rectification order with texts trimmed', () => {
    const values: DocumentFormValues = {
      enterpriseId: '42',
      findings: [{ description: '  配电箱前堆放杂物 \r\n 影响检修  \n', provision: ' 《A法》第一条 ' }],
      deadline: '2026-03-10',
      legalBasis: '\n依据一  \r\n依据二\n',
      appeal: { government: ' 深圳市宝安区 ', agency: '深圳市应急管理局', court: '深圳市宝安区' },
      inspectors: [
        { name: ' 张三 ', certificateNo: ' 44030001 ' },
        { name: '李四', certificateNo: '44030002' },
      ],
      date: '2026-03-04',
    };
    expect(toIssueRequest(values)).toEqual({
      docType: 'rectification_order',
      enterpriseId: '42',
      content: {
        findings: [{ description: '配电箱前堆放杂物\n 影响检修', provision: '《A法》第一条' }],
        deadline: '2026-03-10',
        legalBasis: '依据一\n依据二',
        appeal: { government: '深圳市宝安区', agency: '深圳市应急管理局', court: '深圳市宝安区' },
        inspectors: [
          { name: '张三', certificateNo: '44030001' },
          { name: '李四', certificateNo: '44030002' },
        ],
        date: '2026-03-04',
      },
    });
  });
});

describe('server field errors', () => {
  it('map pointers below /body to form fields', () => {
    expect(documentFieldFor(['enterpriseId'])).toEqual(['enterpriseId']);
    expect(documentFieldFor(['content', 'findings', '0', 'description'])).toEqual([
      'findings',
      0,
      'description',
    ]);
    expect(documentFieldFor(['content', 'findings', '19', 'provision'])).toEqual([
      'findings',
      19,
      'provision',
    ]);
    expect(documentFieldFor(['content', 'findings'])).toEqual(['findings']);
    expect(documentFieldFor(['content', 'deadline'])).toEqual(['deadline']);
    expect(documentFieldFor(['content', 'legalBasis'])).toEqual(['legalBasis']);
    expect(documentFieldFor(['content', 'date'])).toEqual(['date']);
    expect(documentFieldFor(['content', 'appeal', 'court'])).toEqual(['appeal', 'court']);
    expect(documentFieldFor(['content', 'inspectors', '1', 'certificateNo'])).toEqual([
      'inspectors',
      1,
      'certificateNo',
    ]);
  });

  it('leave what no field shows', () => {
    expect(documentFieldFor(['content'])).toBeUndefined();
    expect(documentFieldFor(['docType'])).toBeUndefined();
    expect(documentFieldFor(['content', 'findings', '20', 'description'])).toBeUndefined();
    expect(documentFieldFor(['content', 'findings', '01', 'description'])).toBeUndefined();
    expect(documentFieldFor(['content', 'findings', '0'])).toBeUndefined();
    expect(documentFieldFor(['content', 'inspectors', '2', 'name'])).toBeUndefined();
    expect(documentFieldFor(['content', 'appeal', 'other'])).toBeUndefined();
    expect(documentFieldFor(['content', 'deadline', 'x'])).toBeUndefined();
    expect(documentFieldFor(['deadline'])).toBeUndefined();
  });

  it('put a real problem onto its fields', () => {
    const lookup = lookupIn(zhCN);
    const problem = localiseProblem(
      {
        code: 'document.value_too_long',
        status: 400,
        params: { limit: 500 },
        errors: [
          {
            pointer: '/body/content/findings/1/description',
            code: 'document.value_too_long',
            params: { limit: 500 },
          },
          { pointer: '/body/content/inspectors/0/certificateNo', code: 'document.value_blank' },
          { pointer: '/body/content', code: 'schema.additionalProperties', params: { property: 'x' } },
        ],
      },
      lookup,
      'zh-CN',
    );
    const { byField, unassigned } = assignDocumentErrors(problem.code, problem.message, problem.fields);
    expect(byField).toEqual([
      { name: ['findings', 1, 'description'], errors: ['内容过长，最多 500 个字符'] },
      { name: ['inspectors', 0, 'certificateNo'], errors: ['内容不能为空白'] },
    ]);
    expect(unassigned).toEqual(['包含不允许的字段']);
  });

  it('put field-less refusals onto the field they concern', () => {
    expect(assignDocumentErrors('resource.not_found', '未找到企业：9', []).byField).toEqual([
      { name: ['enterpriseId'], errors: ['未找到企业：9'] },
    ]);
    expect(assignDocumentErrors('deadline.not_working_day', '不是工作日', []).byField).toEqual([
      { name: ['deadline'], errors: ['不是工作日'] },
    ]);
    expect(assignDocumentErrors('document.deadline_not_working_day', 'old', []).byField).toEqual([]);
    expect(assignDocumentErrors('document.font_unavailable', '缺字体', [])).toEqual({
      byField: [],
      unassigned: [],
    });
  });
});

describe('matcher suggestions', () => {
  it('fill in the obligations violated, joined by 、', () => {
    expect(provisionFromSuggestion(suggestion())).toBe('《中华人民共和国安全生产法》第四十五条');
    expect(
      provisionFromSuggestion(
        suggestion({
          violated: [
            link('《中华人民共和国安全生产法》第三十五条'),
            link(' 《中华人民共和国安全生产法》第三十六条第一款 '),
            link('《中华人民共和国安全生产法》第三十五条'),
          ],
        }),
      ),
    ).toBe('《中华人民共和国安全生产法》第三十五条、《中华人民共和国安全生产法》第三十六条第一款');
  });

  it('fall back to the suggestion itself without obligations', () => {
    expect(provisionFromSuggestion(suggestion({ violated: [], label: ' 《L》第八条 ' }))).toBe('《L》第八条');
    expect(provisionFromSuggestion(suggestion({ violated: [link('  ')], label: '《L》第八条' }))).toBe(
      '《L》第八条',
    );
  });

  it('shorten long texts', () => {
    expect(shortText('短文本')).toBe('短文本');
    expect(shortText('一\n二  三')).toBe('一 二 三');
    expect(shortText('字'.repeat(61))).toBe(`${'字'.repeat(60)}…`);
  });
});

describe('handoff from the matcher', () => {
  const result = (finding: string, provisions: ProvisionMatch[]): MatchFindingResult => ({
    finding,
    provisions,
    majorHazard: null,
  });

  it('carries the finding and the first suggestion of its result', () => {
    expect(handoffFromMatcher(' 未佩戴劳保用品 ', result('未佩戴劳保用品', [suggestion()]))).toEqual({
      description: '未佩戴劳保用品',
      provision: '《中华人民共和国安全生产法》第四十五条',
    });
  });

  it('carries no provision for a stale or empty result, nothing for a blank finding', () => {
    expect(handoffFromMatcher('新的问题', result('旧的问题', [suggestion()]))).toEqual({
      description: '新的问题',
      provision: '',
    });
    expect(handoffFromMatcher('问题', result('问题', []))).toEqual({ description: '问题', provision: '' });
    expect(handoffFromMatcher('问题', null)).toEqual({ description: '问题', provision: '' });
    expect(handoffFromMatcher('  ', result('x', [suggestion()]))).toBeNull();
  });

  it('goes through the router state and back', () => {
    const handoff = { description: '问题', provision: '《L》第一条' };
    expect(readHandoff(handoffState(handoff))).toEqual(handoff);
    expect(readHandoff(JSON.parse(JSON.stringify(handoffState(handoff))))).toEqual(handoff);
    expect(readHandoff(null)).toBeNull();
    expect(readHandoff({})).toBeNull();
    expect(readHandoff({ documentHandoff: { description: ' ' } })).toBeNull();
    expect(readHandoff({ documentHandoff: { description: '问题', provision: 3 } })).toEqual({
      description: '问题',
      provision: '',
    });
  });
});

describe('verification codes', () => {
  it('are normalised and checked for shape', () => {
    expect(normaliseVerificationCode(' 3F2A 9C0D 1B7E 4A65 ')).toBe('3f2a9c0d1b7e4a65');
    expect(isVerificationCode('3f2a9c0d1b7e4a65')).toBe(true);
    expect(isVerificationCode('3f2a9c0d1b7e4a6')).toBe(false);
    expect(isVerificationCode('3f2a9c0d1b7e4a6g')).toBe(false);
  });
});
