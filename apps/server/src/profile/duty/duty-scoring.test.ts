import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DUTY_ASPECTS } from '@safegrid/contracts/values';
import { DUTY_SCORING_FILE, loadDutyScoring, parseDutyScoring, targetDaysOf } from './duty-scoring';

const raw = () =>
  JSON.parse(readFileSync(DUTY_SCORING_FILE, 'utf8')) as {
    aspects: Record<string, unknown>[];
    [key: string]: unknown;
  };

describe('duty scoring file', () => {
  it('parses the default: the nine aspects once each, weights adding up to 100', () => {
    const scoring = loadDutyScoring();
    expect(scoring.status).toMatch(/PLATFORM DEFAULT/);
    expect(scoring.aspects.map((a) => a.id).sort()).toEqual([...DUTY_ASPECTS].sort());
    expect(scoring.aspects.reduce((s, a) => s + a.weight, 0)).toBe(100);
    expect(targetDaysOf(scoring, 'majorHazardReporting')).toBe(1);
    expect(scoring.aspects.filter((a) => a.direction === 'lower_better').map((a) => a.id)).toEqual([
      'overdueHazards',
      'unsupervisedEnterprises',
    ]);
  });

  it('refuses a flipped direction, weights not adding up, a missing or repeated aspect, unknown keys', () => {
    const flipped = raw();
    flipped.aspects[2]!.direction = 'higher_better';
    expect(() => parseDutyScoring(flipped)).toThrow(
      /aspects\/2\/direction: overdueHazards counts what is lower_better/,
    );

    const heavy = raw();
    heavy.aspects[0]!.weight = 16;
    expect(() => parseDutyScoring(heavy)).toThrow(/weights add up to 101, not 100/);

    const twice = raw();
    twice.aspects[1] = { ...twice.aspects[0]! };
    expect(() => parseDutyScoring(twice)).toThrow(/patrolCoverage appears twice[\s\S]*missing patrolOnTime/);

    const typo = raw();
    typo.aspects[0]!.wieght = 15;
    expect(() => parseDutyScoring(typo)).toThrow(/aspects\/0\/wieght: unknown key/);

    const wrongRule = raw();
    wrongRule.aspects[0]!.points = 'weight × (1 − rate)';
    expect(() => parseDutyScoring(wrongRule)).toThrow(/aspects\/0\/points/);

    const noDays = raw();
    delete noDays.aspects[7]!.targetDays;
    expect(() => parseDutyScoring(noDays)).toThrow(/aspects\/7\/targetDays/);

    const untranslated = raw();
    untranslated.aspects[4]!.measures = { zh: '质量' };
    expect(() => parseDutyScoring(untranslated)).toThrow(/aspects\/4\/measures/);
  });
});
