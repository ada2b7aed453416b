import { describe, expect, it } from 'vitest';
import type { SpaceGasLimit } from '@safegrid/contracts';
import { limitDraft, limitProblems, limitRules } from './spaceModel';

const source = { file: 'data/laws/gas-thresholds-notes.json', entry: 'x', status: 'UNVERIFIED' };
const limit = (rule: SpaceGasLimit['rule'], unit: string, value: number, clearAt: number): SpaceGasLimit => ({
  rule,
  gas: rule.startsWith('o2') ? 'o2' : rule.startsWith('co') ? 'co' : rule === 'lel_high' ? 'lel' : 'h2s',
  unit,
  comparator: rule === 'o2_low' ? '<' : '>',
  direction: rule === 'o2_low' ? 'low' : 'high',
  value,
  clearAt,
  windowMinutes: null,
  origin: 'default',
  defaultValue: value,
  defaultClearAt: clearAt,
  source,
  note: null,
});
const limits = [limit('o2_low', '%vol', 19.5, 19.8), limit('h2s_high', 'ppm', 7.05, 6)];

describe('per-space limit form', () => {
  it('sends only the rules changed from their defaults, an empty field meaning the default', () => {
    const draft = limitDraft(limits);
    expect(limitRules(limits, draft)).toEqual([]);
    draft.h2s_high = { value: 5, clearAt: null };
    expect(limitRules(limits, draft)).toEqual([{ rule: 'h2s_high', value: 5, clearAt: 6, unit: 'ppm' }]);
    draft.h2s_high = { value: null, clearAt: null };
    expect(limitRules(limits, draft)).toEqual([]);
  });

  it('puts each refused figure on its rule and field', () => {
    const sent = [
      { rule: 'h2s_high' as const, value: -1, clearAt: 6, unit: 'ppm' as const },
      { rule: 'o2_low' as const, value: 22, clearAt: 22.3, unit: '%vol' as const },
    ];
    expect(
      limitProblems(sent, [
        { pointer: '/body/rules/0/value', path: ['rules', '0', 'value'], code: 'c', message: 'negative' },
        { pointer: '/body/rules/1/value', path: ['rules', '1', 'value'], code: 'c', message: 'crossed' },
        { pointer: '/body/rules/9', path: ['rules', '9'], code: 'c', message: 'nowhere' },
      ]),
    ).toEqual([
      { rule: 'h2s_high', field: 'value', message: 'negative' },
      { rule: 'o2_low', field: 'value', message: 'crossed' },
    ]);
  });
});
