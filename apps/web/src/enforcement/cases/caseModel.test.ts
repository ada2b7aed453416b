import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaseDeadline, CaseViolation } from '@safegrid/contracts';
import { ENFORCEMENT_CASE_ACTIONS } from '@safegrid/contracts/values';
import { zhCN } from '../../shell/i18n/zh-CN';
import { en } from '../../shell/i18n/en';
import { MENU, requiredAction, visibleMenu } from '../../shell/menu';
import { workingDayCalendar } from '../calendar/workingDayModel';
import { ACTION_SEGMENTS, caseActionUrl } from './casesApi';
import {
  CASE_STATUSES,
  CIRCUMSTANCES,
  caseFiltersToSearch,
  caseListUrl,
  caseableFindings,
  deadlineTone,
  defaultCoHandler,
  defaultRectificationDeadline,
  effectiveFilters,
  factDateError,
  fineDraftErrors,
  fineError,
  initialFineDrafts,
  issuesDocument,
  orderedActions,
  parseCaseFilters,
  parseYuan,
  rectificationDeadlineError,
  reviewKindOf,
  statusLabelKey,
  timeline,
  toViolationFines,
  totalYuan,
  uncoveredDeadlines,
  violationsToFine,
} from './caseModel';

const violation = (patch: Partial<CaseViolation> = {}): CaseViolation => ({
  seq: 1,
  finding: '配电房门口没有设置安全警示标志',
  inspectionFindingSeq: 1,
  provisions: [],
  penalty: null,
  fineRange: { minYuan: 0, maxYuan: 50_000 },
  rectified: null,
  circumstances: [],
  proposedFineYuan: null,
  ...patch,
});

const deadline = (patch: Partial<CaseDeadline> = {}): CaseDeadline => ({
  kind: 'statement',
  fromDate: '2026-12-01',
  dueOn: '2026-12-08',
  days: 5,
  unit: 'working',
  basis: [],
  calendarCovered: true,
  state: 'pending',
  doneOn: null,
  ...patch,
});

describe('case list filters', () => {
  it('default to my cases and round-trip through the URL', () => {
    expect(parseCaseFilters(new URLSearchParams())).toEqual({ mine: true, status: '' });
    const filters = { mine: false, status: 'filed' as const };
    expect(parseCaseFilters(caseFiltersToSearch(filters))).toEqual(filters);
    expect(caseFiltersToSearch({ mine: true, status: '' }).toString()).toBe('');
  });

  it('ignore an unknown status from a hand-edited URL', () => {
    expect(parseCaseFilters(new URLSearchParams('status=nonsense')).status).toBe('');
  });

  it('ask the API for mine, the status and the next page', () => {
    expect(caseListUrl({ mine: true, status: 'decided' }, '42')).toBe(
      '/api/enforcement/cases?mine=true&status=decided&cursor=42&limit=50',
    );
    expect(caseListUrl({ mine: false, status: '' }, null)).toBe('/api/enforcement/cases?limit=50');
  });

  it('show the whole scope to those who handle no cases', () => {
    expect(effectiveFilters({ mine: true, status: '' }, false).mine).toBe(false);
    expect(effectiveFilters({ mine: true, status: '' }, true).mine).toBe(true);
  });
});

describe('actions', () => {
  it('have a route segment each; both reviews post to /review', () => {
    for (const a of ENFORCEMENT_CASE_ACTIONS) expect(ACTION_SEGMENTS[a]).toMatch(/^[a-z-]+$/);
    expect(caseActionUrl('7', 'review_filing')).toBe('/api/enforcement/cases/7/review');
    expect(caseActionUrl('7', 'issue_penalty_notice')).toBe('/api/enforcement/cases/7/penalty-notice');
  });

  it('are shown in workflow order, only those the server allows', () => {
    expect(orderedActions(['close', 'record_payment'])).toEqual(['record_payment', 'close']);
    expect(orderedActions([])).toEqual([]);
  });

  it('confirm before issuing a numbered document, not before a plain record', () => {
    expect(issuesDocument('record_reinspection')).toBe(true);
    expect(issuesDocument('issue_penalty_notice')).toBe(true);
    expect(issuesDocument('review_decision')).toBe(true);
    expect(issuesDocument('record_statement')).toBe(false);
    expect(issuesDocument('record_payment')).toBe(false);
  });

  it('map the reviews to their approval kind', () => {
    expect(reviewKindOf('review_filing')).toBe('filing');
    expect(reviewKindOf('review_decision')).toBe('decision');
    expect(reviewKindOf('close')).toBeNull();
  });
});

describe('fines', () => {
  it('parse yuan with at most two decimals', () => {
    expect(parseYuan('5000')).toBe(5000);
    expect(parseYuan(' 5,000.5 ')).toBe(5000.5);
    expect(parseYuan('5000.123')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('007')).toBeNull();
  });

  it('are refused outside the legal range and when the range is unknown', () => {
    const range = { minYuan: 50_000, maxYuan: 200_000 };
    expect(fineError('50000', range)).toBeNull();
    expect(fineError('200000', range)).toBeNull();
    expect(fineError('49999.99', range)).toEqual({
      key: 'case.fine.outOfRange',
      params: { min: 50_000, max: 200_000 },
    });
    expect(fineError('200000.01', range)?.key).toBe('case.fine.outOfRange');
    expect(fineError('', range)?.key).toBe('case.fine.required');
    expect(fineError('1.234', range)?.key).toBe('case.fine.invalid');
    expect(fineError('100', { minYuan: null, maxYuan: 100 })?.key).toBe('case.fine.rangeUnknown');
  });

  it('pass exactly when the amount lies within [min, max] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        (a, b, cents) => {
          const range = { minYuan: Math.min(a, b), maxYuan: Math.max(a, b) };
          const amount = cents / 100;
          const ok = fineError(amount.toFixed(2), range) === null;
          expect(ok).toBe(amount >= range.minYuan && amount <= range.maxYuan);
        },
      ),
    );
  });

  it('add up in cents', () => {
    expect(totalYuan([0.1, 0.2])).toBe(0.3);
    expect(totalYuan([])).toBe(0);
  });

  it('are asked for the violations not rectified, prefilled with what the case proposes', () => {
    const vs = [
      violation({ seq: 1, rectified: true }),
      violation({ seq: 2, rectified: false, proposedFineYuan: 8000, circumstances: ['first_offence'] }),
      violation({ seq: 3, rectified: false }),
    ];
    expect(violationsToFine(vs).map((v) => v.seq)).toEqual([2, 3]);
    const drafts = initialFineDrafts(vs);
    expect(drafts).toEqual([
      { seq: 2, circumstances: ['first_offence'], fine: '8000' },
      { seq: 3, circumstances: [], fine: '' },
    ]);
    const errors = fineDraftErrors(drafts, vs);
    expect([...errors.keys()]).toEqual([3]);
    expect(
      toViolationFines([{ seq: 2, circumstances: ['first_offence', 'first_offence'], fine: '8,000' }]),
    ).toEqual([{ seq: 2, circumstances: ['first_offence'], fineYuan: 8000 }]);
  });
});

describe('deadlines', () => {
  it('warn about working-day counts the holiday calendar did not cover', () => {
    const list = [
      deadline({ kind: 'statement', calendarCovered: false }),
      deadline({ kind: 'decision', unit: 'calendar', calendarCovered: true }),
      deadline({ kind: 'service', calendarCovered: true }),
    ];
    expect(uncoveredDeadlines(list).map((d) => d.kind)).toEqual(['statement']);
  });

  it('are coloured by state, a pending one due today as a warning', () => {
    expect(deadlineTone(deadline({ state: 'met' }), '2026-12-10')).toBe('success');
    expect(deadlineTone(deadline({ state: 'overdue' }), '2026-12-10')).toBe('error');
    expect(deadlineTone(deadline({ state: 'pending', dueOn: '2026-12-10' }), '2026-12-10')).toBe('warning');
    expect(deadlineTone(deadline({ state: 'pending', dueOn: '2026-12-11' }), '2026-12-10')).toBe(
      'processing',
    );
  });

  it('propose a weekday two weeks ahead as the rectification deadline', () => {
    // 2026-12-01 is a Tuesday: + 14 days is Tuesday 12-15.
    expect(defaultRectificationDeadline('2026-12-01')).toBe('2026-12-15');
    // 2026-12-05 (Saturday) + 14 = Saturday 12-19 → Monday 12-21.
    expect(defaultRectificationDeadline('2026-12-05')).toBe('2026-12-21');
  });

  it('refuse a rectification deadline in the past, on a weekend or not a date', () => {
    expect(rectificationDeadlineError('2026-12-15', '2026-12-01')).toBeNull();
    expect(rectificationDeadlineError('2026-11-30', '2026-12-01')?.key).toBe('case.date.past');
    expect(rectificationDeadlineError('2026-12-19', '2026-12-01')?.key).toBe('case.date.weekend');
    expect(rectificationDeadlineError('2026-02-30', '2026-01-01')?.key).toBe('case.date.invalid');
  });

  it('check the rectification deadline against a loaded holiday calendar, saying which rule', () => {
    // Invented days for the test, NOT the State Council's schedule.
    const calendar = workingDayCalendar([
      {
        year: 2030,
        loaded: true,
        days: [
          { day: '2030-09-29', kind: 'makeup_workday', name: '测试调休' }, // Sunday
          { day: '2030-10-01', kind: 'holiday', name: '测试假日' },
          { day: '2030-10-02', kind: 'holiday', name: '测试假日' },
        ],
        source: '测试',
        updatedAt: null,
      },
    ]);
    const today = '2030-09-01';
    expect(rectificationDeadlineError('2030-09-29', today, calendar)).toBeNull();
    expect(rectificationDeadlineError('2030-10-01', today, calendar)).toEqual({
      key: 'case.date.holiday',
      params: { date: '2030-10-01', name: '测试假日' },
    });
    expect(rectificationDeadlineError('2030-09-28', today, calendar)?.key).toBe(
      'case.date.weekendByCalendar',
    );
    expect(rectificationDeadlineError('2030-09-28', today)).toEqual({
      key: 'case.date.weekend',
      params: { date: '2030-09-28', year: '2030' },
    });
    // 2030-09-17 + 14 = Tuesday 10-01, a loaded holiday: the next working day is 10-03.
    expect(defaultRectificationDeadline('2030-09-17', 14, calendar)).toBe('2030-10-03');
    expect(defaultRectificationDeadline('2030-09-17')).toBe('2030-10-01');
    // 2030-09-15 + 14 = Sunday 09-29, a make-up working day.
    expect(defaultRectificationDeadline('2030-09-15', 14, calendar)).toBe('2030-09-29');
  });

  it('refuse a reported fact dated in the future or before the step it follows', () => {
    expect(factDateError('2026-12-01', '2026-12-01')).toBeNull();
    expect(factDateError('2026-12-02', '2026-12-01')?.key).toBe('case.date.future');
    expect(factDateError('2026-11-01', '2026-12-01', '2026-11-15')).toEqual({
      key: 'case.date.before',
      params: { date: '2026-11-15' },
    });
  });
});

describe('opening a case', () => {
  const inspection = {
    officers: [
      { id: '1', displayName: '甲' },
      { id: '2', displayName: '乙' },
    ],
    findings: [
      { seq: 1, provisions: [{ ref: 'a', label: 'A' }] },
      { seq: 2, provisions: [] },
    ],
  } as unknown as Parameters<typeof caseableFindings>[0] & Parameters<typeof defaultCoHandler>[0];

  it('offers the findings that cite a provision and the other officer as co-handler', () => {
    expect(caseableFindings(inspection).map((f) => f.seq)).toEqual([1]);
    expect(defaultCoHandler(inspection, '1')).toBe('2');
    expect(defaultCoHandler(inspection, '2')).toBe('1');
  });
});

describe('labels', () => {
  it('exist in both languages for every status, outcome, action, event and circumstance', () => {
    const keys = [
      ...CASE_STATUSES.map((s) => `case.status.${s}`),
      ...['rectified', 'not_filed', 'paid', 'enforced', 'no_penalty'].map((o) => `case.outcome.${o}`),
      ...ENFORCEMENT_CASE_ACTIONS.map((a) => `case.action.${a}`),
      ...ENFORCEMENT_CASE_ACTIONS.map((a) => `case.event.${a}`),
      'case.event.open',
      ...CIRCUMSTANCES.map((c) => `case.circumstance.${c}`),
      ...ENFORCEMENT_CASE_ACTIONS.filter(issuesDocument).map((a) => `case.confirm.${a}`),
    ];
    for (const key of keys) {
      expect(zhCN).toHaveProperty([key]);
      expect(en).toHaveProperty([key]);
    }
  });

  it('name a closed case by its outcome', () => {
    expect(statusLabelKey({ status: 'closed', outcome: 'paid' })).toBe('case.outcome.paid');
    expect(statusLabelKey({ status: 'filed', outcome: null })).toBe('case.status.filed');
  });

  it('order the timeline by sequence', () => {
    const e = (seq: number) => ({
      seq,
      action: 'x',
      fromStatus: null,
      toStatus: 'filed' as const,
      actor: null,
      at: '',
      note: null,
      data: {},
    });
    expect(timeline([e(3), e(1), e(2)]).map((x) => x.seq)).toEqual([1, 2, 3]);
  });
});

describe('menu', () => {
  const leaves = (can: (a: string) => boolean) =>
    visibleMenu(MENU, can).flatMap((e) => (e.children ?? [e]).map((c) => c.key));

  it('shows cases to those who read them and the approval inbox to approvers only', () => {
    const officer = leaves((a) => ['case.read', 'case.handle'].includes(a));
    expect(officer).toContain('/enforcement/cases');
    expect(officer).not.toContain('/enforcement/approvals');
    const approver = leaves((a) => ['case.read', 'case.approve'].includes(a));
    expect(approver).toEqual(expect.arrayContaining(['/enforcement/cases', '/enforcement/approvals']));
    expect(leaves(() => false)).not.toContain('/enforcement/cases');
  });

  it('guards a case page by case.read', () => {
    expect(requiredAction('/enforcement/cases/12')).toBe('case.read');
    expect(requiredAction('/enforcement/approvals')).toBe('case.approve');
  });
});
