import { describe, expect, it } from 'vitest';
import { PROFILE_IMPORT_KINDS, PROFILE_IMPORT_LIMITS } from '@safegrid/contracts/values';
import { pointerToPath } from '../../shell/problem';
import {
  EXAMPLE_CREDIT_CODE,
  exampleRecords,
  importBody,
  IMPORTS_PATH,
  IMPORTS_URL,
  KIND_FIELDS,
  parseBatch,
  problemRows,
  recordsWithProblems,
  riskTagsFormFrom,
  riskTagsUrl,
  safetyFieldFor,
  safetyFormFrom,
  safetyManagementUrl,
  toRiskTagsBody,
  toSafetyBody,
  validateSafetyForm,
  type SafetyFormValues,
} from './recordsModel';

describe('paths and URLs', () => {
  it('name the import page, the import and the declarations', () => {
    expect(IMPORTS_PATH).toBe('/profile/imports');
    expect(IMPORTS_URL).toBe('/api/profile/imports');
    expect(safetyManagementUrl('42')).toBe('/api/profile/enterprises/42/safety-management');
    expect(riskTagsUrl('4/2')).toBe('/api/profile/enterprises/4%2F2/risk-tags');
  });
});

describe('kinds and examples', () => {
  it('gives every kind its fields, the credit code first, and an example that uses exactly them', () => {
    for (const kind of PROFILE_IMPORT_KINDS) {
      const fields = KIND_FIELDS[kind];
      expect(fields[0]).toEqual({ name: 'creditCode', required: true });
      const [example] = exampleRecords(kind, '2026-11-20');
      expect(example!['creditCode']).toBe(EXAMPLE_CREDIT_CODE);
      // Every required field is in the example, and nothing the kind does not know.
      for (const f of fields.filter((x) => x.required)) expect(example).toHaveProperty([f.name]);
      for (const key of Object.keys(example!)) expect(fields.map((f) => f.name)).toContain(key);
      // Its dates (but an expiry) lie in the year before today's: the server's date check passes.
      for (const [key, value] of Object.entries(example!))
        if (key !== 'expiresOn' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
          expect(value.slice(0, 4)).toBe('2025');
    }
  });
});

describe('reading the batch', () => {
  it('takes an array of records, or a body with records and a kind', () => {
    expect(parseBatch('[{"a":1},{"b":2}]')).toEqual({ ok: true, records: [{ a: 1 }, { b: 2 }], kind: null });
    expect(parseBatch('{"kind":"drills","records":[{}]}')).toEqual({
      ok: true,
      records: [{}],
      kind: 'drills',
    });
    expect(parseBatch('{"records":[1]}')).toEqual({ ok: true, records: [1], kind: null });
  });

  it('says why it cannot', () => {
    expect(parseBatch('  ')).toEqual({ ok: false, error: 'records.json.empty' });
    expect(parseBatch('[{')).toMatchObject({ ok: false, error: 'records.json.invalid' });
    expect(parseBatch('"text"')).toEqual({ ok: false, error: 'records.json.shape' });
    expect(parseBatch('{"items":[]}')).toEqual({ ok: false, error: 'records.json.shape' });
    expect(parseBatch('{"kind":"hazards","records":[{}]}')).toEqual({
      ok: false,
      error: 'records.json.kindUnknown',
      detail: 'hazards',
    });
    expect(parseBatch('[]')).toEqual({ ok: false, error: 'records.json.none' });
    const tooMany = JSON.stringify(Array.from({ length: PROFILE_IMPORT_LIMITS.records + 1 }, () => ({})));
    expect(parseBatch(tooMany)).toEqual({ ok: false, error: 'records.json.tooMany' });
    const justEnough = JSON.stringify(Array.from({ length: PROFILE_IMPORT_LIMITS.records }, () => ({})));
    expect(parseBatch(justEnough).ok).toBe(true);
  });

  it('builds the request body', () => {
    expect(importBody('accidents', [{ a: 1 }], true)).toEqual({
      kind: 'accidents',
      records: [{ a: 1 }],
      dryRun: true,
    });
  });
});

describe('a refused batch as rows', () => {
  const field = (pointer: string, code: string) => ({ path: pointerToPath(pointer), code, message: code });
  const records = [{ creditCode: 'A' }, 'not a record', { creditCode: 'C' }];

  it('numbers records from 1, names the field and the credit code, in record order', () => {
    const rows = problemRows(
      [
        field('/body/records/2/occurredOn', 'profile_import.date_in_future'),
        field('/body/records/0/deaths', 'accident.deaths_mismatch'),
        field('/body/records/1', 'schema.type'),
        field('/body/records/0/description', 'schema.required'),
      ],
      records,
    );
    expect(rows.map((r) => [r.record, r.creditCode, r.field, r.code])).toEqual([
      [1, 'A', 'deaths', 'accident.deaths_mismatch'],
      [1, 'A', 'description', 'schema.required'],
      [2, null, '', 'schema.type'],
      [3, 'C', 'occurredOn', 'profile_import.date_in_future'],
    ]);
    expect(recordsWithProblems(rows)).toBe(3);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('puts a problem of the batch itself first, without a record', () => {
    const rows = problemRows(
      [field('/body/records/0/x', 'schema.additionalProperties'), field('/body/records', 'schema.maxItems')],
      records,
    );
    expect(rows.map((r) => [r.record, r.field])).toEqual([
      [null, 'records'],
      [1, 'x'],
    ]);
    expect(recordsWithProblems(rows)).toBe(1);
  });
});

describe('declaring safety management', () => {
  const filled: SafetyFormValues = {
    emergencyPlanFiled: true,
    safetyOfficers: 2,
    trainingCoveragePercent: 85,
    certificatesComplete: false,
    standardisationLevel: 1,
  };

  it('starts from what is recorded, or from an empty form', () => {
    expect(safetyFormFrom(null)).toEqual({
      emergencyPlanFiled: false,
      safetyOfficers: null,
      trainingCoveragePercent: null,
      certificatesComplete: false,
      standardisationLevel: 0,
    });
    expect(
      safetyFormFrom({ ...filled, source: 'import', updatedAt: '2026-11-01T00:00:00.000Z' } as never),
    ).toEqual(filled);
  });

  it('checks the whole numbers and their ranges', () => {
    expect(validateSafetyForm(filled)).toEqual({});
    expect(validateSafetyForm(safetyFormFrom(null))).toEqual({
      safetyOfficers: 'form.required',
      trainingCoveragePercent: 'form.required',
    });
    expect(
      validateSafetyForm({
        ...filled,
        safetyOfficers: 1.5,
        trainingCoveragePercent: 101,
        standardisationLevel: 4,
      }),
    ).toEqual({
      safetyOfficers: 'records.safety.wholeNumber',
      trainingCoveragePercent: 'records.safety.range',
      standardisationLevel: 'records.safety.range',
    });
    expect(validateSafetyForm({ ...filled, safetyOfficers: -1 })).toEqual({
      safetyOfficers: 'records.safety.range',
    });
  });

  it('builds the body and places server problems on their fields', () => {
    expect(toSafetyBody(filled)).toEqual(filled);
    expect(safetyFieldFor(pointerToPath('/body/trainingCoveragePercent'))).toBe('trainingCoveragePercent');
    expect(safetyFieldFor(pointerToPath('/body'))).toBeUndefined();
    expect(safetyFieldFor(['source'])).toBeUndefined();
  });
});

describe('declaring risk tags', () => {
  it('edits the declared tags and shows the others locked', () => {
    expect(
      riskTagsFormFrom([
        { tag: 'dust_explosion', source: 'demo' },
        { tag: 'electroplating', source: 'declared' },
        { tag: 'liquid_ammonia', source: 'import' },
      ]),
    ).toEqual({
      declared: ['electroplating'],
      locked: [
        { tag: 'dust_explosion', source: 'demo' },
        { tag: 'liquid_ammonia', source: 'import' },
      ],
    });
  });

  it('declares known tags once each, in the vocabulary’s order', () => {
    expect(toRiskTagsBody(['electroplating', 'dust_explosion', 'electroplating', 'asbestos'])).toEqual({
      tags: ['dust_explosion', 'electroplating'],
    });
    expect(toRiskTagsBody([])).toEqual({ tags: [] });
  });
});
