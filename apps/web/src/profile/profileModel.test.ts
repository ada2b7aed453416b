import { describe, expect, it } from 'vitest';
import type { GradeExplanation } from '@safegrid/contracts';
import { GRADES } from '@safegrid/contracts/values';
import {
  accidentFieldFor,
  hitRateText,
  hitRatesUrl,
  lastTwelveMonths,
  changesUrl,
  changeState,
  deltaText,
  distributionBarOption,
  distributionUrl,
  dryRunRows,
  emptyAccidentForm,
  frequencyLabel,
  GRADE_STYLES,
  gradesFiltersToSearch,
  modelProblems,
  newestFirst,
  parseGradesFilters,
  parseModelJson,
  pickLabel,
  pointsShare,
  problemHeadline,
  profilePath,
  radarData,
  radarOption,
  shareText,
  sortOverrides,
  sumCheck,
  toAccidentBody,
  totalOf,
  totalPointsSaved,
  validateAccidentForm,
  type AccidentFormValues,
} from './profileModel';

type Dimension = GradeExplanation['dimensions'][number];

const indicator = (id: string, points: number, weight: number, value = 0) => ({
  id,
  zh: `指标${id}`,
  en: `Indicator ${id}`,
  measures: '',
  value,
  points,
  weight,
  direction: 'risk' as const,
});

const dimension = (id: string, zh: string, en: string, indicators: Dimension['indicators']): Dimension => ({
  id,
  zh,
  en,
  points: indicators.reduce((s, i) => s + i.points, 0),
  weight: indicators.reduce((s, i) => s + i.weight, 0),
  indicators,
});

function explanation(overrides: Partial<GradeExplanation> = {}): GradeExplanation {
  return {
    enterpriseId: '7',
    modelVersion: '2026.1',
    score: 19,
    baseGrade: 'yellow',
    grade: 'orange',
    computedAt: '2026-12-01T02:00:00Z',
    frequency: { intervalMonths: 3, randomSampling: false },
    dimensions: [
      dimension('basics', '基础信息', 'Basics', [
        indicator('scaleLevel', 2, 3),
        indicator('employees', 1, 3),
      ]),
      dimension('hazards', '隐患', 'Hazards', [
        indicator('overdueHazards', 6, 6, 4),
        indicator('majorHazardsOpen', 6, 6, 1),
        indicator('hazardsFound12m', 0, 8),
      ]),
      dimension('credit', '信用', 'Credit', [indicator('seriousDishonesty', 4, 4, 1)]),
    ],
    overrides: [
      {
        id: 'fatalAccident',
        zh: '近12个月发生死亡事故',
        en: 'Fatal accident within 12 months',
        minimumGrade: 'red',
        active: false,
        because: null,
        holdMonthsLeft: null,
        exit: 'Leaves the window after 12 months.',
      },
      {
        id: 'openMajorHazard',
        zh: '存在未整改重大事故隐患',
        en: 'Unrectified major hazard',
        minimumGrade: 'orange',
        active: true,
        because: 'condition',
        holdMonthsLeft: null,
        exit: 'Six months after the last major hazard closed.',
      },
    ],
    whatWouldChange: {
      reachable: true,
      targetGrade: 'blue',
      scoreAfter: 7,
      fixes: [
        {
          indicatorId: 'overdueHazards',
          zh: '逾期未整改隐患',
          en: 'Overdue hazards',
          fixZh: '整改逾期隐患',
          fixEn: 'Rectify the overdue hazards',
          from: 4,
          to: 0,
          pointsSaved: 6,
        },
        {
          indicatorId: 'majorHazardsOpen',
          zh: '未整改重大事故隐患',
          en: 'Unrectified major hazards',
          fixZh: '整改重大隐患',
          fixEn: 'Rectify the major hazard',
          from: 1,
          to: 0,
          pointsSaved: 6,
        },
      ],
      blockedBy: [],
    },
    ...overrides,
  };
}

describe('paths and URLs', () => {
  it('builds the profile path and the API URLs, leaving out empty filters', () => {
    expect(profilePath('42')).toBe('/profile/enterprises/42');
    expect(distributionUrl('street', null)).toBe('/api/profile/grades/distribution?groupBy=street');
    expect(distributionUrl('district', 'd-1')).toBe(
      '/api/profile/grades/distribution?groupBy=district&jurisdictionId=d-1',
    );
    expect(changesUrl(null, null)).toBe('/api/profile/grades/changes?limit=50');
    expect(changesUrl('s-2', 'abc')).toBe(
      '/api/profile/grades/changes?jurisdictionId=s-2&cursor=abc&limit=50',
    );
  });

  it('reads the grades filters from the URL and writes back only what differs from the defaults', () => {
    expect(parseGradesFilters(new URLSearchParams(''))).toEqual({
      groupBy: 'district',
      jurisdictionId: null,
    });
    expect(parseGradesFilters(new URLSearchParams('groupBy=bogus&jurisdictionId=%20'))).toEqual({
      groupBy: 'district',
      jurisdictionId: null,
    });
    const filters = parseGradesFilters(new URLSearchParams('groupBy=category&jurisdictionId=d-1'));
    expect(filters).toEqual({ groupBy: 'category', jurisdictionId: 'd-1' });
    expect(gradesFiltersToSearch(filters).toString()).toBe('groupBy=category&jurisdictionId=d-1');
    expect(gradesFiltersToSearch({ groupBy: 'district', jurisdictionId: null }).toString()).toBe('');
  });
});

describe('grade colours and frequency', () => {
  it('gives every grade its colour, yellow with dark text', () => {
    expect(GRADE_STYLES.red.background).toBe('#cf1322');
    expect(GRADE_STYLES.orange.background).toBe('#fa8c16');
    expect(GRADE_STYLES.yellow).toEqual({ background: '#fadb14', color: 'rgba(0, 0, 0, 0.88)' });
    expect(GRADE_STYLES.blue.background).toBe('#1677ff');
    expect(GRADE_STYLES.general.color).toBe('#ffffff');
    for (const g of GRADES) expect(GRADE_STYLES[g].background).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('labels the supervision frequency by its interval, random sampling for general', () => {
    expect(frequencyLabel({ intervalMonths: 1, randomSampling: false }).key).toBe(
      'profile.frequency.monthly',
    );
    expect(frequencyLabel({ intervalMonths: 3, randomSampling: false }).key).toBe(
      'profile.frequency.quarterly',
    );
    expect(frequencyLabel({ intervalMonths: 6, randomSampling: false }).key).toBe(
      'profile.frequency.halfYearly',
    );
    expect(frequencyLabel({ intervalMonths: 12, randomSampling: false }).key).toBe(
      'profile.frequency.yearly',
    );
    expect(frequencyLabel({ intervalMonths: null, randomSampling: true }).key).toBe(
      'profile.frequency.random',
    );
    expect(frequencyLabel({ intervalMonths: 2, randomSampling: false })).toEqual({
      key: 'profile.frequency.everyMonths',
      params: { months: 2 },
    });
  });
});

describe('labels, shares and the radar', () => {
  it('picks the model’s label by locale, falling back to the other language', () => {
    expect(pickLabel('en', { zh: '隐患', en: 'Hazards' })).toBe('Hazards');
    expect(pickLabel('zh-CN', { zh: '隐患', en: 'Hazards' })).toBe('隐患');
    expect(pickLabel('en', { zh: '隐患', en: '' })).toBe('隐患');
  });

  it('formats shares with more precision below one percent and a dash of nothing', () => {
    expect(shareText(1, 3880)).toBe('0.03%');
    expect(shareText(382, 3880)).toBe('9.8%');
    expect(shareText(2879, 3880)).toBe('74.2%');
    expect(shareText(0, 10)).toBe('0%');
    expect(shareText(5, 5)).toBe('100%');
    expect(shareText(0, 0)).toBe('—');
  });

  it('draws each dimension as points over weight, clamped to 0–100', () => {
    expect(pointsShare(3, 6)).toBe(50);
    expect(pointsShare(1, 3)).toBe(33.3);
    expect(pointsShare(0, 0)).toBe(0);
    expect(pointsShare(9, 6)).toBe(100);
    const data = radarData(explanation(), 'en');
    expect(data.indicators).toEqual([
      { name: 'Basics', max: 100 },
      { name: 'Hazards', max: 100 },
      { name: 'Credit', max: 100 },
    ]);
    expect(data.values).toEqual([50, 60, 100]);
    expect(radarData(explanation(), 'zh-CN').indicators.map((i) => i.name)).toEqual([
      '基础信息',
      '隐患',
      '信用',
    ]);
    const option = radarOption(data, 'share', '#fa8c16');
    expect((option.radar as { indicator: unknown[] }).indicator).toHaveLength(3);
    expect((option.series as { type: string; data: { value: number[] }[] }[])[0]).toMatchObject({
      type: 'radar',
      data: [{ value: [50, 60, 100] }],
    });
  });
});

describe('the explanation adds up', () => {
  it('confirms the dimensions add up to the score and the indicators to their dimension', () => {
    expect(sumCheck(explanation())).toEqual({ points: 19, weight: 30, score: 19, mismatched: [], ok: true });
  });

  it('flags a score the dimensions do not add up to, and a dimension its indicators do not', () => {
    expect(sumCheck(explanation({ score: 20 })).ok).toBe(false);
    const broken = explanation();
    broken.dimensions[1] = { ...broken.dimensions[1]!, points: 13 };
    const check = sumCheck({ ...broken, score: 20 });
    expect(check.points).toBe(20);
    expect(check.mismatched).toEqual(['hazards']);
    expect(check.ok).toBe(false);
  });

  it('lists active overrides first', () => {
    expect(sortOverrides(explanation().overrides).map((o) => o.id)).toEqual([
      'openMajorHazard',
      'fatalAccident',
    ]);
  });
});

describe('what would change the grade', () => {
  it('is reachable with fixes, and sums the points they save', () => {
    expect(changeState(explanation())).toBe('reachable');
    expect(totalPointsSaved(explanation())).toBe(12);
  });

  it('says general is already the lowest grade', () => {
    const e = explanation({
      grade: 'general',
      whatWouldChange: { reachable: false, targetGrade: null, scoreAfter: null, fixes: [], blockedBy: [] },
    });
    expect(changeState(e)).toBe('lowest');
  });

  it('tells an override hold from a grade no fix can lower', () => {
    const blocked = explanation({
      whatWouldChange: {
        reachable: false,
        targetGrade: null,
        scoreAfter: null,
        fixes: [],
        blockedBy: [{ overrideId: 'openMajorHazard', holdMonthsLeft: 4 }],
      },
    });
    expect(changeState(blocked)).toBe('blocked');
    const stuck = explanation({
      whatWouldChange: { reachable: false, targetGrade: null, scoreAfter: null, fixes: [], blockedBy: [] },
    });
    expect(changeState(stuck)).toBe('unreachable');
  });
});

describe('distribution and dry run', () => {
  const counts = { red: 1, orange: 2, yellow: 3, blue: 4, general: 10 };

  it('totals grade counts and stacks one bar series per grade in its colour', () => {
    expect(totalOf(counts)).toBe(20);
    const option = distributionBarOption([{ key: 'd1', name: '福田区', counts, total: 20 }], {
      red: '红色',
      orange: '橙色',
      yellow: '黄色',
      blue: '蓝色',
      general: '一般',
    });
    const series = option.series as {
      name: string;
      stack: string;
      data: number[];
      itemStyle: { color: string };
    }[];
    expect(series.map((s) => [s.name, s.stack, s.data[0], s.itemStyle.color])).toEqual([
      ['红色', 'grade', 1, '#cf1322'],
      ['橙色', 'grade', 2, '#fa8c16'],
      ['黄色', 'grade', 3, '#fadb14'],
      ['蓝色', 'grade', 4, '#1677ff'],
      ['一般', 'grade', 10, GRADE_STYLES.general.background],
    ]);
  });

  it('compares the dry run per grade with signed changes', () => {
    const rows = dryRunRows({ before: counts, after: { ...counts, red: 3, general: 8 } });
    expect(rows.find((r) => r.grade === 'red')).toEqual({ grade: 'red', before: 1, after: 3, delta: 2 });
    expect(rows.map((r) => deltaText(r.delta))).toEqual(['+2', '0', '0', '0', '−2']);
  });

  it('sorts records newest first without changing the input', () => {
    const items = [{ on: '2026-01-02' }, { on: '2026-03-01' }, { on: '2025-12-31' }];
    expect(newestFirst(items, (i) => i.on).map((i) => i.on)).toEqual([
      '2026-03-01',
      '2026-01-02',
      '2025-12-31',
    ]);
    expect(items[0]!.on).toBe('2026-01-02');
  });
});

describe('the accident form', () => {
  const valid: AccidentFormValues = {
    occurredOn: '2026-11-20',
    severity: 'serious_injury',
    deaths: 0,
    injuries: 2,
    description: ' 叉车倾覆，两人受伤 ',
    sourceRef: '',
  };

  it('accepts a complete form and builds a trimmed body without an empty reference', () => {
    expect(validateAccidentForm(valid, '2026-12-01')).toEqual({});
    expect(toAccidentBody(valid)).toEqual({
      occurredOn: '2026-11-20',
      severity: 'serious_injury',
      deaths: 0,
      injuries: 2,
      description: '叉车倾覆，两人受伤',
    });
    expect(toAccidentBody({ ...valid, sourceRef: ' R-1 ' }).sourceRef).toBe('R-1');
  });

  it('requires the date, severity and description, and no date after today', () => {
    expect(validateAccidentForm(emptyAccidentForm(), '2026-12-01')).toEqual({
      occurredOn: 'form.required',
      severity: 'form.required',
      description: 'form.required',
    });
    expect(validateAccidentForm({ ...valid, occurredOn: '2026-12-02' }, '2026-12-01').occurredOn).toBe(
      'profile.accident.dateFuture',
    );
    expect(validateAccidentForm({ ...valid, occurredOn: '2026-13-45' }, '2026-12-01').occurredOn).toBe(
      'profile.accident.dateInvalid',
    );
  });

  it('keeps deaths and the fatal severity together and counts whole and in range', () => {
    expect(validateAccidentForm({ ...valid, severity: 'fatal' }, '2026-12-01').deaths).toBe(
      'profile.accident.fatalNeedsDeaths',
    );
    expect(validateAccidentForm({ ...valid, deaths: 1 }, '2026-12-01').deaths).toBe(
      'profile.accident.deathsNeedFatal',
    );
    expect(validateAccidentForm({ ...valid, severity: 'fatal', deaths: 1 }, '2026-12-01')).toEqual({});
    expect(validateAccidentForm({ ...valid, injuries: -1 }, '2026-12-01').injuries).toBe(
      'profile.accident.countInvalid',
    );
    expect(validateAccidentForm({ ...valid, injuries: 1.5 }, '2026-12-01').injuries).toBe(
      'profile.accident.countInvalid',
    );
    expect(validateAccidentForm({ ...valid, deaths: null }, '2026-12-01').deaths).toBe(
      'profile.accident.countInvalid',
    );
    expect(validateAccidentForm({ ...valid, sourceRef: 'x'.repeat(101) }, '2026-12-01').sourceRef).toBe(
      'profile.accident.tooLong',
    );
  });

  it('maps server error paths onto the form’s fields', () => {
    expect(accidentFieldFor(['deaths'])).toBe('deaths');
    expect(accidentFieldFor(['occurredOn'])).toBe('occurredOn');
    expect(accidentFieldFor(['other'])).toBeUndefined();
    expect(accidentFieldFor([])).toBeUndefined();
  });
});

describe('a new grading-model version', () => {
  it('accepts one JSON object and reads its version', () => {
    expect(parseModelJson('{"modelVersion":"2027.1","dimensions":[]}')).toEqual({
      ok: true,
      model: { modelVersion: '2027.1', dimensions: [] },
      version: '2027.1',
    });
    expect(parseModelJson('{}')).toMatchObject({ ok: true, version: null });
  });

  it('refuses empty text, broken JSON and anything but an object', () => {
    expect(parseModelJson('  ')).toEqual({ ok: false, error: 'profile.models.jsonEmpty' });
    expect(parseModelJson('{"a":')).toMatchObject({ ok: false, error: 'profile.models.jsonInvalid' });
    expect(parseModelJson('[1,2]')).toEqual({ ok: false, error: 'profile.models.jsonNotObject' });
    expect(parseModelJson('null')).toEqual({ ok: false, error: 'profile.models.jsonNotObject' });
  });

  it('lists every problem the server names, from its errors and from a multi-line detail', () => {
    const problems = modelProblems(
      {
        errors: [
          {
            pointer: '/body/model',
            code: 'grading.model_invalid',
            params: { problems: 'weights add up to 98, not 100' },
          },
          { pointer: '/body/model/dimensions/2/weight', code: 'schema.type' },
        ],
        detail:
          'Invalid grading model:\n  - overrides[0].minimumGrade: unknown grade "purple"\n  - weights add up to 98, not 100',
      },
      [
        { path: ['model'], message: '评分模型不合规：weights add up to 98, not 100' },
        { path: ['model', 'dimensions', '2', 'weight'], message: '类型不正确' },
      ],
    );
    expect(problems).toEqual([
      'weights add up to 98, not 100',
      'dimensions.2.weight: 类型不正确',
      'overrides[0].minimumGrade: unknown grade "purple"',
    ]);
    expect(modelProblems({ detail: 'One sentence only' }, [])).toEqual([]);
  });

  it('heads a refusal with the first line of a multi-line detail', () => {
    const detail = 'Invalid grading model:\n  - a: b';
    expect(problemHeadline(detail, detail)).toBe('Invalid grading model:');
    expect(problemHeadline('模型无效', detail)).toBe('模型无效');
  });
});

describe('hit rates', () => {
  it('covers the twelve months ending with the current Shenzhen month, across a year end', () => {
    // 31 Dec 20:00 UTC is already 1 January in Shenzhen.
    expect(lastTwelveMonths(new Date('2026-12-31T20:00:00Z'))).toEqual({ from: '2026-02', to: '2027-01' });
    expect(lastTwelveMonths(new Date('2026-11-15T00:00:00Z'))).toEqual({ from: '2025-12', to: '2026-11' });
  });

  it('asks for the period and the area, and prints a rate or a dash', () => {
    expect(hitRatesUrl({ from: '2025-12', to: '2026-11' }, '440306')).toBe(
      '/api/profile/grades/hit-rates?from=2025-12&to=2026-11&jurisdictionId=440306',
    );
    expect(hitRatesUrl({ from: '2025-12', to: '2026-11' }, null)).toBe(
      '/api/profile/grades/hit-rates?from=2025-12&to=2026-11',
    );
    expect(hitRateText(null)).toBe('—');
    expect(hitRateText(1 / 3)).toBe('33.3%');
  });
});
