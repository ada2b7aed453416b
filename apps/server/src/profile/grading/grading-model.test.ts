import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GRADES,
  GRADING_MODEL_FILE,
  GradingModelError,
  gradeRank,
  loadDefaultGradingModel,
  parseGradingModel,
} from './grading-model';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const raw = (): Json => JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')) as Json;

function problemsOf(json: unknown): string[] {
  try {
    parseGradingModel(json);
    return [];
  } catch (error) {
    if (error instanceof GradingModelError) return error.problems;
    throw error;
  }
}

describe('the default grading model', () => {
  it('parses, with the figures of the file', () => {
    const model = loadDefaultGradingModel();
    expect(model.version).toBe('2026.1');
    expect(model.dimensions.map((d) => d.id)).toEqual([
      'basics',
      'inherentRisk',
      'hazards',
      'enforcement',
      'accidents',
      'credit',
      'emergency',
      'management',
      'monitoring',
    ]);
    expect(model.dimensions.reduce((sum, d) => sum + d.weight, 0)).toBe(100);
    expect(model.indicatorIds).toHaveLength(28);
    expect(new Set(model.indicatorIds).size).toBe(28);
    expect(model.stateInputIds).toEqual(['monthsSinceMajorHazardOpen']);
    expect(model.gradeThresholds).toMatchObject({ red: 40, orange: 30, yellow: 21, blue: 17 });
    expect(model.overrides.map((o) => [o.id, o.minimumGrade, o.exit.holdMonths, o.exit.sinceInput])).toEqual([
      ['openMajorHazard', 'orange', 6, 'monthsSinceMajorHazardOpen'],
      ['fatalAccident', 'red', 0, null],
    ]);
    const drills = model.dimensions.flatMap((d) => d.indicators).find((i) => i.id === 'drills12m');
    expect(drills?.fix).toMatchObject({ add: 1 });
    expect(drills?.window).toEqual({ months: 12 });
    expect(model.grades.map((g) => g.zh)).toEqual(['红', '橙', '黄', '蓝', '一般']);
  });

  it('is read once and frozen all the way down', () => {
    const model = loadDefaultGradingModel();
    expect(loadDefaultGradingModel()).toBe(model);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.dimensions[2]!.indicators[0]!.normalisation)).toBe(true);
    expect(() => {
      (model.gradeThresholds as { red: number }).red = 1;
    }).toThrow(TypeError);
  });

  it('ranks grades from red (0) to general (4)', () => {
    expect(GRADES.map(gradeRank)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('model validation', () => {
  // Each case breaks one rule in a copy of the default file; the problem must name where.
  const cases: [string, (m: Json) => void, string][] = [
    ['empty version', (m) => (m.modelVersion = ''), '$.modelVersion'],
    [
      'dimension weights not adding up to 100',
      (m) => {
        m.dimensions[0].weight = 7;
        m.dimensions[0].indicators[0].weight = 4;
      },
      '$.dimensions: weights add up to 101',
    ],
    [
      "dimension weight not its indicators' sum",
      (m) => {
        m.dimensions[0].weight = 5;
        m.dimensions[1].weight = 17;
      },
      '$.dimensions[0].weight',
    ],
    ['duplicate dimension id', (m) => (m.dimensions[1].id = 'basics'), '$.dimensions[1].id'],
    [
      'duplicate indicator id',
      (m) => (m.dimensions[2].indicators[3].id = 'employees'),
      '$.dimensions[2].indicators[3].id',
    ],
    ['duplicate override id', (m) => (m.overrides[1].id = 'openMajorHazard'), '$.overrides[1].id'],
    [
      'cap 0',
      (m) => (m.dimensions[1].indicators[0].normalisation.cap = 0),
      '$.dimensions[1].indicators[0].normalisation.cap',
    ],
    [
      'steps not starting at 0',
      (m) => (m.dimensions[0].indicators[1].normalisation.steps[0].from = 1),
      '$.dimensions[0].indicators[1].normalisation.steps[0].from',
    ],
    [
      "steps' from not strictly increasing",
      (m) => (m.dimensions[0].indicators[1].normalisation.steps[2].from = 50),
      '$.dimensions[0].indicators[1].normalisation.steps[2].from',
    ],
    [
      'step points above the weight',
      (m) => (m.dimensions[0].indicators[0].normalisation.steps[3].points = 4),
      '$.dimensions[0].indicators[0].normalisation.steps[3].points',
    ],
    [
      'step points not whole',
      (m) => (m.dimensions[0].indicators[0].normalisation.steps[1].points = 0.5),
      '$.dimensions[0].indicators[0].normalisation.steps[1].points',
    ],
    [
      'risk steps decreasing',
      (m) => (m.dimensions[0].indicators[0].normalisation.steps[3].points = 1),
      '$.dimensions[0].indicators[0].normalisation.steps[3].points',
    ],
    [
      'protective steps increasing',
      (m) => (m.dimensions[7].indicators[1].normalisation.steps[2].points = 3),
      '$.dimensions[7].indicators[1].normalisation.steps[2].points',
    ],
    ['thresholds not decreasing', (m) => (m.gradeThresholds.orange = 70), '$.gradeThresholds.orange'],
    ['threshold above 100', (m) => (m.gradeThresholds.red = 101), '$.gradeThresholds.red'],
    [
      'override on an unknown indicator',
      (m) => (m.overrides[0].when.indicator = 'nope'),
      '$.overrides[0].when.indicator',
    ],
    ['invalid minimum grade', (m) => (m.overrides[1].minimumGrade = 'purple'), '$.overrides[1].minimumGrade'],
    ['negative hold', (m) => (m.overrides[0].exit.holdMonths = -1), '$.overrides[0].exit.holdMonths'],
    ['fractional hold', (m) => (m.overrides[0].exit.holdMonths = 1.5), '$.overrides[0].exit.holdMonths'],
    [
      'hold without sinceInput',
      (m) => delete m.overrides[0].exit.sinceInput,
      '$.overrides[0].exit.sinceInput',
    ],
    [
      'sinceInput naming an indicator',
      (m) => (m.overrides[0].exit.sinceInput = 'majorHazardsOpen'),
      '$.overrides[0].exit.sinceInput',
    ],
    ['frequency missing a grade', (m) => delete m.frequency.general, '$.frequency.general'],
    [
      'misspelt key',
      (m) => (m.overrides[0].exit.sinceinput = 'x'),
      '$.overrides[0].exit.sinceinput: unknown key',
    ],
    [
      'fix with both setTo and add',
      (m) => (m.dimensions[2].indicators[0].fix.add = 1),
      '$.dimensions[2].indicators[0].fix',
    ],
    [
      'bad direction',
      (m) => (m.dimensions[3].indicators[0].direction = 'up'),
      '$.dimensions[3].indicators[0].direction',
    ],
  ];

  it.each(cases)('rejects %s', (_name, breakIt, path) => {
    const json = raw();
    breakIt(json);
    const problems = problemsOf(json);
    expect(problems.length).toBeGreaterThan(0);
    expect(
      problems.some((p) => p.startsWith(path)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('rejects a root that is not an object', () => {
    expect(problemsOf(null)).toEqual(['$: must be an object']);
    expect(problemsOf([])).toEqual(['$: must be an object']);
  });

  it('lists every problem at once, in the error message too', () => {
    const json = raw();
    json.modelVersion = '';
    json.dimensions[1].indicators[0].normalisation.cap = 0;
    json.gradeThresholds.blue = 60;
    json.overrides[1].minimumGrade = 'purple';
    delete json.frequency.red;
    let error: unknown;
    try {
      parseGradingModel(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradingModelError);
    const { problems, message } = error as GradingModelError;
    const paths = [
      '$.modelVersion',
      '$.dimensions[1].indicators[0].normalisation.cap',
      '$.gradeThresholds.blue',
      '$.overrides[1].minimumGrade',
      '$.frequency.red',
    ];
    for (const path of paths) {
      expect(problems.some((p) => p.startsWith(path))).toBe(true);
      expect(message).toContain(path);
    }
    expect(problems).toHaveLength(paths.length);
  });

  it('accepts the untouched copy (the cases above break only what they say)', () => {
    expect(problemsOf(raw())).toEqual([]);
  });
});
