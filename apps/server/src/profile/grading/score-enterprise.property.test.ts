import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gradeRank, loadDefaultGradingModel } from './grading-model';
import type { GradeId } from './grading-model';
import { checkGradingInputs, scoreEnterprise, supervisionFrequency } from './score-enterprise';
import type { GradingInputs } from './score-enterprise';
import { cleanInputs, inputsArbitrary, makeConsistent, handExampleModel } from './test-arbitraries';

const model = loadDefaultGradingModel();
const indicators = model.dimensions.flatMap((d) => d.indicators);
const riskIds = indicators.filter((i) => i.direction === 'risk').map((i) => i.id);
const protectiveIds = indicators.filter((i) => i.direction === 'protective').map((i) => i.id);
const inputs = inputsArbitrary(model);
const HOLD = model.overrides.find((o) => o.id === 'openMajorHazard')!;

function raise(from: GradingInputs, id: string, by: number): GradingInputs {
  const indicator = indicators.find((i) => i.id === id)!;
  const value = Math.min((from[id] as number) + by, indicator.max ?? Number.MAX_SAFE_INTEGER);
  return makeConsistent(model, { ...from, [id]: value });
}

describe('scoreEnterprise properties', () => {
  it('raising a risk indicator never lowers the score nor makes the grade less risky', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(...riskIds), fc.integer({ min: 1, max: 20 }), (before, id, by) => {
        const a = scoreEnterprise(model, before);
        const b = scoreEnterprise(model, raise(before, id, by));
        expect(b.score).toBeGreaterThanOrEqual(a.score);
        expect(gradeRank(b.grade)).toBeLessThanOrEqual(gradeRank(a.grade));
      }),
      { numRuns: 500 },
    );
  });

  it('raising a protective indicator never raises the score (nor the grade: no override reads one)', () => {
    fc.assert(
      fc.property(
        inputs,
        fc.constantFrom(...protectiveIds),
        fc.integer({ min: 1, max: 50 }),
        (before, id, by) => {
          const a = scoreEnterprise(model, before);
          const b = scoreEnterprise(model, raise(before, id, by));
          expect(b.score).toBeLessThanOrEqual(a.score);
          expect(gradeRank(b.grade)).toBeGreaterThanOrEqual(gradeRank(a.grade));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('overrides win: the grade is the riskiest of the base grade and every active minimum', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const r = scoreEnterprise(model, i);
        const active = r.overrides.filter((o) => o.active);
        for (const o of active) expect(gradeRank(r.grade)).toBeLessThanOrEqual(gradeRank(o.minimumGrade));
        const ranks = [r.baseGrade, ...active.map((o) => o.minimumGrade)].map(gradeRank);
        expect(gradeRank(r.grade)).toBe(Math.min(...ranks));
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic, whatever the key order', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const reversed = Object.fromEntries(Object.entries(i).reverse());
        expect(scoreEnterprise(model, reversed)).toEqual(scoreEnterprise(model, i));
        expect(scoreEnterprise(model, i)).toEqual(scoreEnterprise(model, i));
      }),
    );
  });

  it('explanations add up: indicators to dimensions to the score, each within its weight', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const r = scoreEnterprise(model, i);
        expect(r.dimensions.reduce((sum, d) => sum + d.points, 0)).toBe(r.score);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        for (const d of r.dimensions) {
          expect(d.indicators.reduce((sum, x) => sum + x.points, 0)).toBe(d.points);
          expect(d.points).toBeGreaterThanOrEqual(0);
          expect(d.points).toBeLessThanOrEqual(d.weight);
          for (const x of d.indicators) {
            expect(Number.isInteger(x.points)).toBe(true);
            expect(x.points).toBeGreaterThanOrEqual(0);
            expect(x.points).toBeLessThanOrEqual(x.weight);
            expect(x.value).toBe(i[x.id]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a hold keeps the minimum grade until the months since reach holdMonths', () => {
    fc.assert(
      fc.property(inputs, (generated) => {
        const closed = { ...generated, majorHazardsOpen: 0 };
        const unheld = scoreEnterprise(model, { ...closed, monthsSinceMajorHazardOpen: null });
        expect(unheld.overrides.find((o) => o.id === HOLD.id)?.active).toBe(false);
        for (let since = 0; since <= HOLD.exit.holdMonths + 2; since++) {
          const r = scoreEnterprise(model, { ...closed, monthsSinceMajorHazardOpen: since });
          const outcome = r.overrides.find((o) => o.id === HOLD.id)!;
          if (since < HOLD.exit.holdMonths) {
            expect(outcome).toMatchObject({
              active: true,
              because: 'hold',
              holdMonthsLeft: HOLD.exit.holdMonths - since,
            });
            expect(gradeRank(r.grade)).toBeLessThanOrEqual(gradeRank(HOLD.minimumGrade));
          } else {
            expect(outcome).toMatchObject({ active: false, because: null, holdMonthsLeft: null });
            expect(r).toEqual(unheld);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the recorded inputs alone reproduce the grade (JSON round trip)', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const recorded = JSON.parse(JSON.stringify(i)) as GradingInputs;
        expect(scoreEnterprise(model, recorded)).toEqual(scoreEnterprise(model, i));
      }),
    );
  });

  it('the base grade follows the thresholds', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const { score, baseGrade } = scoreEnterprise(model, i);
        const t = model.gradeThresholds;
        const expected: GradeId =
          score >= t.red
            ? 'red'
            : score >= t.orange
              ? 'orange'
              : score >= t.yellow
                ? 'yellow'
                : score >= t.blue
                  ? 'blue'
                  : 'general';
        expect(baseGrade).toBe(expected);
      }),
    );
  });
});

describe('scoreEnterprise by hand', () => {
  // Worked against fixed thresholds (see handExampleModel), not the calibrated ones.
  const model = handExampleModel();
  it('grades a clean enterprise 0 and general, and one with nothing at all 20 (missing protection)', () => {
    expect(scoreEnterprise(model, cleanInputs(model))).toMatchObject({ score: 0, grade: 'general' });
    const nothing = Object.fromEntries([
      ...model.indicatorIds.map((id) => [id, 0]),
      ...model.stateInputIds.map((id) => [id, null]),
    ]);
    // Protective weights with no protection: plan 4 + drills 4 + officers 3 + training 3 + certificates 3 + standardisation 3.
    const r = scoreEnterprise(model, nothing);
    expect(r).toMatchObject({ modelVersion: '2026.1', score: 20, baseGrade: 'general', grade: 'general' });
    expect(r.dimensions.map((d) => [d.id, d.points])).toEqual([
      ['basics', 0],
      ['inherentRisk', 0],
      ['hazards', 0],
      ['enforcement', 0],
      ['accidents', 0],
      ['credit', 0],
      ['emergency', 8],
      ['management', 12],
      ['monitoring', 0],
    ]);
  });

  it('rounds cap points down and reads steps from the last step reached', () => {
    const i = {
      ...cleanInputs(model),
      overdueHazards: 1, // floor(1 × 6 / 3) = 2
      openHazards: 7, // capped at 5: floor(5 × 5 / 5) = 5
      alarms90d: 1, // floor(1 × 4 / 6) = 0
      drills12m: 1, // protective: 4 − floor(1 × 4 / 2) = 2
      employees: 299, // step from 50: 1
      trainingCoveragePercent: 79, // step from 50: 2
    };
    const r = scoreEnterprise(model, i);
    const points = Object.fromEntries(r.dimensions.flatMap((d) => d.indicators.map((x) => [x.id, x.points])));
    expect(points).toMatchObject({
      overdueHazards: 2,
      openHazards: 5,
      alarms90d: 0,
      drills12m: 2,
      employees: 1,
      trainingCoveragePercent: 2,
    });
    expect(r.score).toBe(12);
  });

  it('a fatal accident makes any enterprise red; an open major hazard at least orange', () => {
    const fatal = scoreEnterprise(model, { ...cleanInputs(model), fatalAccidents12m: 1 });
    expect(fatal).toMatchObject({ score: 5, baseGrade: 'general', grade: 'red' });
    expect(fatal.overrides.find((o) => o.id === 'fatalAccident')).toEqual({
      id: 'fatalAccident',
      minimumGrade: 'red',
      active: true,
      because: 'condition',
      holdMonthsLeft: null,
    });
    const major = scoreEnterprise(model, {
      ...cleanInputs(model),
      majorHazardsOpen: 1,
      monthsSinceMajorHazardOpen: 0,
    });
    expect(major).toMatchObject({ score: 6, baseGrade: 'general', grade: 'orange' });
  });

  it('maps grades to the supervision frequency', () => {
    expect(supervisionFrequency(model, 'red')).toEqual({ intervalMonths: 1 });
    expect(supervisionFrequency(model, 'orange')).toEqual({ intervalMonths: 3 });
    expect(supervisionFrequency(model, 'yellow')).toEqual({ intervalMonths: 6 });
    expect(supervisionFrequency(model, 'blue')).toEqual({ intervalMonths: 12 });
    expect(supervisionFrequency(model, 'general')).toEqual({ randomSampling: true });
  });
});

describe('checkGradingInputs', () => {
  it('accepts generated inputs', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        expect(checkGradingInputs(model, i)).toEqual([]);
      }),
    );
  });

  it('lists every problem: missing, non-integer, negative, above max, unknown, inconsistent clock', () => {
    const { openHazards: _dropped, ...rest } = cleanInputs(model);
    const problems = checkGradingInputs(model, {
      ...rest,
      overdueHazards: 1.5,
      alarms90d: -1,
      certificatesComplete: 2,
      employees: null,
      majorHazardsOpen: 1,
      monthsSinceMajorHazardOpen: 3,
      colour: 1,
    });
    expect(problems).toEqual([
      'employees: must be a whole number ≥ 0, got null',
      'openHazards: missing',
      'overdueHazards: must be a whole number ≥ 0, got 1.5',
      'certificatesComplete: must be at most 1, got 2',
      'alarms90d: must be a whole number ≥ 0, got -1',
      'monthsSinceMajorHazardOpen: must be 0 while majorHazardsOpen ≥ 1 (override openMajorHazard)',
      'colour: unknown input',
    ]);
    const { monthsSinceMajorHazardOpen: _clock, ...noClock } = cleanInputs(model);
    expect(checkGradingInputs(model, noClock)).toEqual([
      'monthsSinceMajorHazardOpen: missing (null when it never applied)',
    ]);
    expect(checkGradingInputs(model, { ...cleanInputs(model), monthsSinceMajorHazardOpen: -2 })).toHaveLength(
      1,
    );
    expect(checkGradingInputs(model, 'x')).toEqual(['inputs: must be an object']);
  });

  it('makes scoreEnterprise refuse bad inputs', () => {
    expect(() => scoreEnterprise(model, { ...cleanInputs(model), openHazards: -1 })).toThrow(/openHazards/);
  });
});
