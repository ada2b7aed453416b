import { describe, expect, it } from 'vitest';
import { MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import {
  FINDING_MAX_LENGTH,
  buildMatchRequest,
  findingState,
  relativePercent,
  restoreMatcherMemory,
} from './matcherModel';

describe('findingState', () => {
  it('allows sending only a finding that is not blank and not too long', () => {
    expect(findingState('')).toMatchObject({ blank: true, canSubmit: false, length: 0 });
    expect(findingState(' \n\t ')).toMatchObject({ blank: true, canSubmit: false });
    expect(findingState('作业人员未佩戴劳保用品')).toMatchObject({
      blank: false,
      tooLong: false,
      canSubmit: true,
      length: 11,
    });
    expect(findingState('隐'.repeat(FINDING_MAX_LENGTH))).toMatchObject({ tooLong: false, canSubmit: true });
    expect(findingState('隐'.repeat(FINDING_MAX_LENGTH + 1))).toMatchObject({
      tooLong: true,
      canSubmit: false,
    });
  });

  it('counts characters as code points', () => {
    expect(findingState('𠀀a').length).toBe(2);
  });
});

describe('buildMatchRequest', () => {
  it('trims the finding and leaves out no fields', () => {
    expect(buildMatchRequest('  配电箱前堆放杂物 \n', [])).toEqual({ finding: '配电箱前堆放杂物' });
    expect(buildMatchRequest('x', [], '42')).toEqual({ finding: 'x', enterpriseId: '42' });
    expect(buildMatchRequest('x', [], '')).toEqual({ finding: 'x' });
    expect(buildMatchRequest('x', [], '0x1')).toEqual({ finding: 'x' });
  });

  it('sends known fields once each in the contract order', () => {
    expect(buildMatchRequest('x', ['confined_space', 'general', 'general', 'bogus'])).toEqual({
      finding: 'x',
      fields: ['general', 'confined_space'],
    });
    expect(buildMatchRequest('x', [...MAJOR_HAZARD_FIELDS].reverse()).fields).toEqual([
      ...MAJOR_HAZARD_FIELDS,
    ]);
  });
});

describe('restoreMatcherMemory', () => {
  const result = { finding: '未佩戴劳保用品', provisions: [], majorHazard: null };

  it('restores what was kept', () => {
    const raw = JSON.stringify({ finding: '未佩戴劳保用品', fields: ['general'], result });
    expect(restoreMatcherMemory(raw)).toEqual({ finding: '未佩戴劳保用品', fields: ['general'], result });
  });

  it('drops what is not ours', () => {
    expect(restoreMatcherMemory(null)).toBeNull();
    expect(restoreMatcherMemory('')).toBeNull();
    expect(restoreMatcherMemory('{not json')).toBeNull();
    expect(restoreMatcherMemory('42')).toBeNull();
    expect(restoreMatcherMemory(JSON.stringify({ finding: 1, fields: [] }))).toBeNull();
    expect(
      restoreMatcherMemory(JSON.stringify({ finding: 'x', fields: ['bogus', 'textile'], result: { x: 1 } })),
    ).toEqual({
      finding: 'x',
      fields: ['textile'],
      result: null,
    });
  });
});

describe('relativePercent', () => {
  it('rounds and clamps the relative score', () => {
    expect(relativePercent(1)).toBe(100);
    expect(relativePercent(0.456)).toBe(46);
    expect(relativePercent(0)).toBe(0);
    expect(relativePercent(1.2)).toBe(100);
    expect(relativePercent(-0.1)).toBe(0);
    expect(relativePercent(Number.NaN)).toBe(0);
  });
});
