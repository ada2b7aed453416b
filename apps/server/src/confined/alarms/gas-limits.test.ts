import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GAS_LIMITS_PATH,
  GAS_NOTES_PATH,
  GAS_RULE_IDS,
  effectiveLimits,
  judgeGasTest,
  loadGasLimits,
  parseGasLimits,
  resolveNotesEntry,
  type GasLimits,
  type GasTestReading,
  type LimitProblemCode,
} from './gas-limits';

const rawDefaults = () =>
  JSON.parse(readFileSync(GAS_LIMITS_PATH, 'utf8')) as { rules: Record<string, unknown>[] };
const notes = JSON.parse(readFileSync(GAS_NOTES_PATH, 'utf8')) as {
  occupationalExposureLimits_GBZ2_1: {
    gas: string;
    ppmEquivalent_computed: Record<string, { at20C: number }>;
  }[];
};
const defaults = loadGasLimits();

const codes = (result: { ok: boolean; errors?: { code: LimitProblemCode }[] }) =>
  result.ok ? [] : (result.errors ?? []).map((e) => e.code);

describe('default gas limits', () => {
  it('loads every rule from the data file', () => {
    expect(Object.keys(defaults).sort()).toEqual([...GAS_RULE_IDS].sort());
    expect(Object.values(defaults).every((r) => r.origin === 'default')).toBe(true);
  });

  it('cites an entry of the notes file for every default, with its status verbatim', () => {
    for (const rule of Object.values(defaults)) {
      expect(rule.source.file).toBe('data/laws/gas-thresholds-notes.json');
      expect(resolveNotesEntry(notes, rule.source.entry)).toEqual({ status: rule.source.status });
    }
  });

  it('uses the notes file’s 20 °C ppm figures for the GBZ 2.1 limits', () => {
    const ppm = (gas: string, limit: string) =>
      notes.occupationalExposureLimits_GBZ2_1.find((e) => e.gas === gas)?.ppmEquivalent_computed[limit]
        ?.at20C;
    expect(defaults.h2s_high.value).toBe(ppm('H2S', 'MAC'));
    expect(defaults.co_stel.value).toBe(ppm('CO', 'PC_STEL'));
    expect(defaults.co_twa.value).toBe(ppm('CO', 'PC_TWA'));
  });

  it('keeps the DESIGN §6 figures', () => {
    expect([defaults.o2_low.comparator, defaults.o2_low.value]).toEqual(['<', 19.5]);
    expect([defaults.o2_high.comparator, defaults.o2_high.value]).toEqual(['>', 23.5]);
    expect([defaults.lel_high.comparator, defaults.lel_high.value]).toEqual(['>=', 10]);
    expect(Math.round(defaults.h2s_high.value)).toBe(7);
    expect(Math.round(defaults.co_stel.value)).toBe(26);
    expect(Math.round(defaults.co_twa.value)).toBe(17);
  });

  it('finds no entry for a citation that is ambiguous or absent', () => {
    expect(resolveNotesEntry(notes, 'thresholds[gas=O2]')).toBeNull(); // three O2 entries
    expect(resolveNotesEntry(notes, 'occupationalExposureLimits_GBZ2_1[gas=CO].MAC')).toBeNull();
    expect(resolveNotesEntry(notes, 'nonsense')).toBeNull();
  });
});

describe('parseGasLimits', () => {
  it('lists every problem, not just the first', () => {
    const raw = rawDefaults();
    raw.rules[0] = { ...raw.rules[0], comparator: '>', unit: 'ppm' };
    raw.rules[3] = { ...raw.rules[3], clearAt: 9, value: 'seven' };
    raw.rules.push({ ...raw.rules[1] });
    raw.rules.splice(4, 1);
    const result = parseGasLimits(raw, notes);
    expect(codes(result).sort()).toEqual(
      ['shape_mismatch', 'unit_mismatch', 'invalid_value', 'duplicate_rule', 'missing_rule'].sort(),
    );
  });

  it('refuses a status that no longer matches the notes, and a citation that resolves to nothing', () => {
    const raw = rawDefaults();
    const source = raw.rules[3]?.source as Record<string, string>;
    raw.rules[3] = { ...raw.rules[3], source: { ...source, status: 'verified' } };
    raw.rules[4] = { ...raw.rules[4], source: { ...source, entry: 'thresholds[gas=CO]' } };
    expect(codes(parseGasLimits(raw, notes)).sort()).toEqual(['source_not_found', 'status_mismatch']);
  });

  it('refuses hysteresis on the wrong side of the limit and values outside the sensor range', () => {
    const raw = rawDefaults();
    raw.rules[0] = { ...raw.rules[0], clearAt: 19.5 };
    raw.rules[2] = { ...raw.rules[2], value: 150 };
    expect(codes(parseGasLimits(raw, notes))).toEqual(['clear_at_wrong_side', 'out_of_range']);
  });

  it('loadGasLimits throws with the list of problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gas-limits-'));
    const raw = rawDefaults();
    raw.rules[0] = { ...raw.rules[0], severity: 'low', extra: 1 };
    const file = join(dir, 'gas-limits.json');
    writeFileSync(file, JSON.stringify(raw));
    const message = (() => {
      try {
        loadGasLimits({ limits: file });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain('rules[0].extra: unknown_field');
    expect(message).toContain('rules[0].severity: invalid_value');
    writeFileSync(file, '{');
    expect(() => loadGasLimits({ limits: file })).toThrow(/cannot read/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('effectiveLimits', () => {
  it('returns the defaults when there is no override', () => {
    expect(effectiveLimits(defaults)).toEqual({ ok: true, limits: defaults });
    expect(effectiveLimits(defaults, null)).toEqual({ ok: true, limits: defaults });
    expect(effectiveLimits(defaults, {})).toEqual({ ok: true, limits: defaults });
  });

  it('applies a tighter limit and marks it as the space’s own', () => {
    const result = effectiveLimits(defaults, { h2s_high: { value: 5, clearAt: 4, unit: 'ppm' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.limits.h2s_high).toMatchObject({ value: 5, clearAt: 4, origin: 'space' });
    expect(result.limits.h2s_high.source).toEqual(defaults.h2s_high.source);
    expect(result.limits.o2_low).toBe(defaults.o2_low);
  });

  it.each<[string, unknown, LimitProblemCode[]]>([
    ['not an object', [1, 2], ['not_object']],
    ['unknown rule', { nh3_high: { value: 1, unit: 'ppm' } }, ['unknown_rule']],
    ['entry not an object', { h2s_high: 5 }, ['not_object']],
    ['no unit', { h2s_high: { value: 5, clearAt: 4 } }, ['unit_mismatch']],
    [
      'other unit',
      { h2s_high: { value: 10, clearAt: 4, unit: 'mg/m3' } },
      ['unit_mismatch', 'looser_than_default'],
    ],
    ['string value', { lel_high: { value: '5', unit: '%LEL' } }, ['invalid_value']],
    ['NaN-like value', { lel_high: { value: null, unit: '%LEL' } }, ['invalid_value']],
    ['looser high', { co_stel: { value: 30, unit: 'ppm' } }, ['looser_than_default']],
    ['looser low', { o2_low: { value: 18, clearAt: 19, unit: '%vol' } }, ['looser_than_default']],
    ['value alone crossing clearAt', { h2s_high: { value: 5, unit: 'ppm' } }, ['clear_at_wrong_side']],
    ['other fields', { lel_high: { unit: '%LEL', severity: 'major' } }, ['unknown_field']],
    ['out of range', { o2_high: { value: 23, clearAt: -1, unit: '%vol' } }, ['out_of_range']],
  ])('refuses %s', (_name, override, expected) => {
    expect(codes(effectiveLimits(defaults, override))).toEqual(expected);
  });
});

describe('judgeGasTest', () => {
  const clean: GasTestReading = { o2: 20.9, h2s: 0, co: 0, lel: 0 };
  const all = ['o2', 'h2s', 'co', 'lel'] as const;
  const failed = (
    limits: GasLimits,
    reading: GasTestReading,
    required: readonly ('o2' | 'h2s' | 'co' | 'lel')[],
  ) => judgeGasTest(limits, reading, required).failures.map((f) => `${f.rule}:${f.reason}`);

  it('passes clean air', () => {
    expect(judgeGasTest(defaults, clean, all)).toEqual({ passed: true, failures: [] });
  });

  it('requires combustible gas strictly below 10 %LEL', () => {
    expect(failed(defaults, { ...clean, lel: 10 }, all)).toEqual(['lel_high:over_limit']);
    expect(failed(defaults, { ...clean, lel: 9.9 }, all)).toEqual([]);
  });

  it('judges O2 on both sides and H2S against the MAC', () => {
    expect(failed(defaults, { ...clean, o2: 19.4 }, all)).toEqual(['o2_low:over_limit']);
    expect(failed(defaults, { ...clean, o2: 19.5 }, all)).toEqual([]);
    expect(failed(defaults, { ...clean, o2: 23.6 }, all)).toEqual(['o2_high:over_limit']);
    expect(judgeGasTest(defaults, { ...clean, h2s: 8 }, all).failures).toEqual([
      { rule: 'h2s_high', value: 8, limit: 7.05, reason: 'over_limit' },
    ]);
  });

  it('uses the CO STEL figure as a ceiling and not the TWA', () => {
    expect(failed(defaults, { ...clean, co: 20 }, all)).toEqual([]);
    expect(failed(defaults, { ...clean, co: 26 }, all)).toEqual(['co_stel:over_limit']);
  });

  it('fails a missing gas the space is exposed to, and only that', () => {
    const reading = { o2: null, h2s: null, co: 0, lel: 0 };
    expect(failed(defaults, reading, ['o2', 'co'])).toEqual(['o2_low:missing', 'o2_high:missing']);
    expect(failed(defaults, reading, ['co', 'lel'])).toEqual([]);
  });

  it('fails a value that is not a finite number even when the gas is not required', () => {
    expect(failed(defaults, { ...clean, h2s: Number.NaN }, [])).toEqual(['h2s_high:invalid']);
  });

  it('judges against the effective (overridden) limits', () => {
    const strict = effectiveLimits(defaults, { h2s_high: { value: 3, clearAt: 2, unit: 'ppm' } });
    if (!strict.ok) throw new Error('override refused');
    expect(failed(strict.limits, { ...clean, h2s: 4 }, all)).toEqual(['h2s_high:over_limit']);
  });
});
