import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedValue, gradeRank, loadDefaultGradingModel } from './grading-model';
import type { GradeId } from './grading-model';
import { indicatorPoints, scoreEnterprise } from './score-enterprise';
import type { GradingInputs } from './score-enterprise';
import { applyFixes, whatWouldChange } from './what-would-change';
import { inputsArbitrary, handExampleModel } from './test-arbitraries';

const model = loadDefaultGradingModel();
const indicators = model.dimensions.flatMap((d) => d.indicators);
const fixable = indicators.filter((i) => i.fix !== null);
const inputs = inputsArbitrary(model);

function fixedTo(id: string, from: number): number {
  const indicator = indicators.find((i) => i.id === id)!;
  return Math.min(fixedValue(indicator.fix!, from), indicator.max ?? Number.MAX_SAFE_INTEGER);
}

/**
 * Every subset of every fixable indicator, no pruning: the smallest size that lowers the grade and,
 * at that size, the best grade and score reached.
 */
function bruteForce(i: GradingInputs): { size: number; grade: GradeId; score: number } | null {
  const currentRank = gradeRank(scoreEnterprise(model, i).grade);
  let best: { size: number; grade: GradeId; score: number } | null = null;
  for (let mask = 1; mask < 1 << fixable.length; mask++) {
    const after: Record<string, number | null> = { ...i };
    let size = 0;
    fixable.forEach((indicator, bit) => {
      if (mask & (1 << bit)) {
        size++;
        after[indicator.id] = fixedTo(indicator.id, i[indicator.id] as number);
      }
    });
    const r = scoreEnterprise(model, after);
    if (gradeRank(r.grade) <= currentRank) continue;
    const better =
      best === null ||
      size < best.size ||
      (size === best.size &&
        (gradeRank(r.grade) > gradeRank(best.grade) ||
          (gradeRank(r.grade) === gradeRank(best.grade) && r.score < best.score)));
    if (better) best = { size, grade: r.grade, score: r.score };
  }
  return best;
}

describe('whatWouldChange properties', () => {
  it('returns the smallest set of fixes that lowers the grade, checked against brute force', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const current = scoreEnterprise(model, i);
        const answer = whatWouldChange(model, i);
        expect(answer.currentGrade).toBe(current.grade);
        const brute = current.grade === 'general' ? null : bruteForce(i);
        if (brute === null) {
          expect(answer).toMatchObject({ reachable: false, targetGrade: null, fixes: [], scoreAfter: null });
          return;
        }
        expect(answer.reachable).toBe(true);
        expect(answer.fixes).toHaveLength(brute.size);
        expect(answer.targetGrade).toBe(brute.grade);
        expect(answer.scoreAfter).toBe(brute.score);

        const after = scoreEnterprise(model, applyFixes(i, answer.fixes));
        expect(gradeRank(after.grade)).toBeGreaterThan(gradeRank(current.grade));
        expect(after.grade).toBe(answer.targetGrade);
        expect(after.score).toBe(answer.scoreAfter);
        for (const f of answer.fixes) {
          const indicator = indicators.find((x) => x.id === f.indicatorId)!;
          expect(f.from).toBe(i[f.indicatorId]);
          expect(f.to).toBe(fixedTo(f.indicatorId, f.from));
          expect(f.pointsSaved).toBe(indicatorPoints(indicator, f.from) - indicatorPoints(indicator, f.to));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names a hold as the blocker whenever the hold alone stands in the way', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const answer = whatWouldChange(model, i);
        for (const b of answer.blockedBy) {
          const o = model.overrides.find((x) => x.id === b.overrideId)!;
          expect(b.holdMonthsLeft).toBe(o.exit.holdMonths - (i[o.exit.sinceInput!] as number));
          expect(o.minimumGrade).toBe(answer.targetGrade ?? answer.currentGrade);
        }
        if (answer.reachable || answer.currentGrade === 'general') return;
        // With every fix made and every hold run out, would the grade drop? Then a hold blocks it.
        const everything = Object.fromEntries(
          Object.entries(i).map(([k, v]) => [
            k,
            model.stateInputIds.includes(k)
              ? null
              : fixable.some((x) => x.id === k)
                ? fixedTo(k, v as number)
                : v,
          ]),
        );
        const unblocked = scoreEnterprise(model, everything);
        if (gradeRank(unblocked.grade) > gradeRank(answer.currentGrade)) {
          expect(answer.blockedBy.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        expect(whatWouldChange(model, { ...i })).toEqual(whatWouldChange(model, i));
      }),
      { numRuns: 50 },
    );
  });
});

// Worked examples; every figure below is computed by hand from data/profile/grading-model.json.
// Unlisted indicators are at their least risky value: no risk, full protection (CLEAN).
const CLEAN: Record<string, number | null> = {
  ...Object.fromEntries(indicators.map((i) => [i.id, 0])),
  emergencyPlanFiled: 1,
  drills12m: 2,
  safetyOfficers: 1,
  trainingCoveragePercent: 100,
  certificatesComplete: 1,
  standardisationLevel: 3,
  monthsSinceMajorHazardOpen: null,
};

// Score 40 (yellow: 38 ≤ 40 < 55):
//   scaleLevel 3 → 3, employees 1000 → 3, dustExplosion → 4, liquidAmmonia → 3,
//   openHazards 3 → ⌊3·5/5⌋ = 3, overdueHazards 2 → ⌊2·6/3⌋ = 4, hazardsFound12m 5 → ⌊5·3/10⌋ = 1,
//   penalties12m 1 → ⌊1·6/3⌋ = 2, rectificationOrders12m 2 → ⌊2·4/4⌋ = 2,
//   minorInjuryAccidents12m 1 → 1, accidents36m 1 → 1, adverseCreditRecords 1 → 1,
//   drills12m 1 → 4 − ⌊1·4/2⌋ = 2, trainingCoveragePercent 60 → step 50: 2, certificatesComplete 0 → 3,
//   standardisationLevel 1 → 2, alarms90d 3 → ⌊3·4/6⌋ = 2, devicesSilent 1 → 1.
const YELLOW: Record<string, number | null> = {
  ...CLEAN,
  scaleLevel: 3,
  employees: 1000,
  dustExplosion: 1,
  liquidAmmonia: 1,
  openHazards: 3,
  overdueHazards: 2,
  hazardsFound12m: 5,
  penalties12m: 1,
  rectificationOrders12m: 2,
  minorInjuryAccidents12m: 1,
  accidents36m: 1,
  adverseCreditRecords: 1,
  drills12m: 1,
  trainingCoveragePercent: 60,
  certificatesComplete: 0,
  standardisationLevel: 1,
  alarms90d: 3,
  devicesSilent: 1,
};

// Score 78 (red: ≥ 70): basics 3+3, inherent risk all six tags 16, openHazards 5 → 5, overdueHazards 3 → 6,
// hazardsFound12m 10 → 3, penalties12m 3 → 6, rectificationOrders12m 4 → 4, minorInjury 3 → 3,
// seriousInjury 2 → 4, accidents36m 4 → 4, seriousDishonesty → 3, adverseCreditRecords 3 → 3,
// drills12m 1 → 2, trainingCoveragePercent 80 → 1, certificatesComplete 0 → 3, standardisationLevel 0 → 3,
// alarms90d 6 → 4, devicesSilent 2 → 2.
const RED: Record<string, number | null> = {
  ...CLEAN,
  scaleLevel: 3,
  employees: 1000,
  dustExplosion: 1,
  liquidAmmonia: 1,
  confinedSpaces: 1,
  hazardousChemicals: 1,
  metalSmelting: 1,
  electroplating: 1,
  openHazards: 5,
  overdueHazards: 3,
  hazardsFound12m: 10,
  penalties12m: 3,
  rectificationOrders12m: 4,
  minorInjuryAccidents12m: 3,
  seriousInjuryAccidents12m: 2,
  accidents36m: 4,
  seriousDishonesty: 1,
  adverseCreditRecords: 3,
  drills12m: 1,
  trainingCoveragePercent: 80,
  certificatesComplete: 0,
  standardisationLevel: 0,
  alarms90d: 6,
  devicesSilent: 2,
};

describe('whatWouldChange by hand', () => {
  // Worked against fixed thresholds (see handExampleModel), not the calibrated ones.
  const model = handExampleModel();
  it('yellow 40: one fix is enough; closing the overdue hazards saves most', () => {
    expect(scoreEnterprise(model, YELLOW)).toMatchObject({ score: 40, grade: 'yellow' });
    // Below 38 needs 3 points. Fixes: openHazards 3, overdueHazards 4, drills 2, training 2,
    // certificates 3, devicesSilent 1. Three single fixes reach blue; overdueHazards gives the lowest score.
    expect(whatWouldChange(model, YELLOW)).toEqual({
      currentGrade: 'yellow',
      reachable: true,
      targetGrade: 'blue',
      fixes: [{ indicatorId: 'overdueHazards', from: 2, to: 0, pointsSaved: 4 }],
      scoreAfter: 36,
      blockedBy: [],
    });
  });

  it('equal scores are settled by model order', () => {
    // overdueHazards 1 → ⌊1·6/3⌋ = 2: score 38, just yellow. Any single fix reaches blue; openHazards
    // and certificatesComplete both save 3 (score 35), and openHazards comes first in the model.
    const i = { ...YELLOW, overdueHazards: 1 };
    expect(whatWouldChange(model, i)).toMatchObject({
      targetGrade: 'blue',
      fixes: [{ indicatorId: 'openHazards', from: 3, to: 0, pointsSaved: 3 }],
      scoreAfter: 35,
    });
  });

  it('red 78 needs two fixes: no single one saves the 9 points', () => {
    expect(scoreEnterprise(model, RED)).toMatchObject({ score: 78, grade: 'red' });
    // Fixes: openHazards 5, overdueHazards 6, drills 2, training 1, certificates 3, devicesSilent 2.
    // Pairs saving ≥ 9: openHazards + overdueHazards (11 → 67) and overdueHazards + certificates (9 → 69).
    expect(whatWouldChange(model, RED)).toEqual({
      currentGrade: 'red',
      reachable: true,
      targetGrade: 'orange',
      fixes: [
        { indicatorId: 'openHazards', from: 5, to: 0, pointsSaved: 5 },
        { indicatorId: 'overdueHazards', from: 3, to: 0, pointsSaved: 6 },
      ],
      scoreAfter: 67,
      blockedBy: [],
    });
  });

  it('an open major hazard: fixing it leaves the 6-month hold, so orange cannot be left', () => {
    // YELLOW + majorHazardsOpen 1 (6 points): score 46, base yellow, orange by the override.
    const i = { ...YELLOW, majorHazardsOpen: 1, monthsSinceMajorHazardOpen: 0 };
    expect(scoreEnterprise(model, i)).toMatchObject({ score: 46, baseGrade: 'yellow', grade: 'orange' });
    expect(whatWouldChange(model, i)).toEqual({
      currentGrade: 'orange',
      reachable: false,
      targetGrade: null,
      fixes: [],
      scoreAfter: null,
      blockedBy: [{ overrideId: 'openMajorHazard', holdMonthsLeft: 6 }],
    });
    // Closed four months ago: two months of hold left, whatever else is fixed.
    const closed = { ...YELLOW, monthsSinceMajorHazardOpen: 4 };
    expect(whatWouldChange(model, closed)).toMatchObject({
      currentGrade: 'orange',
      reachable: false,
      blockedBy: [{ overrideId: 'openMajorHazard', holdMonthsLeft: 2 }],
    });
  });

  it('a hold that pins the reachable grade is reported', () => {
    // RED with a major hazard closed 2 months ago: the two fixes reach orange and the hold keeps it there.
    expect(whatWouldChange(model, { ...RED, monthsSinceMajorHazardOpen: 2 })).toMatchObject({
      reachable: true,
      targetGrade: 'orange',
      scoreAfter: 67,
      blockedBy: [{ overrideId: 'openMajorHazard', holdMonthsLeft: 4 }],
    });
  });

  it('a fatal accident has no fix and no hold: unreachable, nothing to report', () => {
    // fatalAccidents12m 1 → 5, accidents36m 1 → ⌊1·4/4⌋ = 1, openHazards 2 → ⌊2·5/5⌋ = 2: score 8, base
    // general, red by the override. Closing the hazards lowers the score but not the grade.
    const i = { ...CLEAN, fatalAccidents12m: 1, accidents36m: 1, openHazards: 2 };
    expect(scoreEnterprise(model, i)).toMatchObject({ score: 8, grade: 'red' });
    expect(whatWouldChange(model, i)).toEqual({
      currentGrade: 'red',
      reachable: false,
      targetGrade: null,
      fixes: [],
      scoreAfter: null,
      blockedBy: [],
    });
  });

  it('a drill adds one: 0 → 1 drills saves 2 points', () => {
    // Six inherent-risk tags 16 + scale 3 + employees 1000 → 3 + drills 0 → 4 + standardisation 0 → 3 = 29
    // (blue). Only the drill is fixable: 4 − ⌊1·4/2⌋ = 2 points, so 27, general.
    const i = {
      ...CLEAN,
      dustExplosion: 1,
      liquidAmmonia: 1,
      confinedSpaces: 1,
      hazardousChemicals: 1,
      metalSmelting: 1,
      electroplating: 1,
      scaleLevel: 3,
      employees: 1000,
      drills12m: 0,
      standardisationLevel: 0,
    };
    expect(whatWouldChange(model, i)).toEqual({
      currentGrade: 'blue',
      reachable: true,
      targetGrade: 'general',
      fixes: [{ indicatorId: 'drills12m', from: 0, to: 1, pointsSaved: 2 }],
      scoreAfter: 27,
      blockedBy: [],
    });
  });

  it('general is as low as it goes', () => {
    expect(whatWouldChange(model, CLEAN)).toEqual({
      currentGrade: 'general',
      reachable: false,
      targetGrade: null,
      fixes: [],
      scoreAfter: null,
      blockedBy: [],
    });
  });
});
