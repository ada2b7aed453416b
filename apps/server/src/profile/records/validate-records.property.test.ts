import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '@safegrid/contracts';
import {
  ACCIDENT_SEVERITIES,
  CREDIT_RECORD_KINDS,
  PENALTY_KINDS,
  PROFILE_IMPORT_KINDS,
} from '@safegrid/contracts/values';
import {
  AMOUNT_MAX,
  isCalendarDate,
  pastDateFields,
  validateImportRecord,
  validateImportRecords,
  type ImportKind,
} from './validate-records';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const shift = (day: string, days: number) => dayOf(msOf(day) + days * DAY_MS);

/** "Today" anywhere from 2000 to 2040. */
const today = fc.integer({ min: msOf('2000-01-01'), max: msOf('2040-12-31') }).map((ms) => dayOf(ms));
const creditCode = fc
  .array(fc.constantFrom(...CREDIT_CODE_ALPHABET), { minLength: 17, maxLength: 17 })
  .map((chars) => chars.join('') + creditCodeCheckChar(chars.join('')));
/** Text with letters, CJK, punctuation and inner spaces; surrounding spaces are trimmed away. */
const text = (max: number) =>
  fc
    .array(fc.constantFrom(...'安全生产事故演练罚款整改 abcXYZ019，。、-/（）'.split('')), {
      minLength: 1,
      maxLength: Math.min(max, 60),
    })
    .map((chars) => chars.join(''))
    .filter((s) => s.trim() !== '');
const pastDay = (t: string) => fc.integer({ min: 0, max: 3650 }).map((back) => shift(t, -back));
const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    arb.map((value) => ({ value })),
    fc.constant({ value: null }),
    fc.constant({}),
  );
const withOptional = (name: string, o: { value?: unknown }) => ('value' in o ? { [name]: o.value } : {});

/** A valid record of each kind for a given today. */
function validRecord(kind: ImportKind, t: string): fc.Arbitrary<Record<string, unknown>> {
  switch (kind) {
    case 'accidents':
      return fc
        .record({
          creditCode,
          occurredOn: pastDay(t),
          severity: fc.constantFrom(...ACCIDENT_SEVERITIES),
          deaths: fc.integer({ min: 1, max: 1000 }),
          injuries: fc.integer({ min: 0, max: 10000 }),
          description: text(1000),
          sourceRef: optional(text(100)),
        })
        .map(({ sourceRef, ...r }) => ({
          ...r,
          deaths: r.severity === 'fatal' ? r.deaths : 0,
          ...withOptional('sourceRef', sourceRef),
        }));
    case 'credit_records':
      return fc
        .record({
          creditCode,
          kind: fc.constantFrom(...CREDIT_RECORD_KINDS),
          recordedOn: pastDay(t),
          validDays: optional(fc.integer({ min: 1, max: 3650 })),
          authority: text(200),
          description: text(1000),
        })
        .map(({ validDays, ...r }) => ({
          ...r,
          ...withOptional(
            'expiresOn',
            'value' in validDays && validDays.value !== null
              ? { value: shift(r.recordedOn, validDays.value) }
              : validDays,
          ),
        }));
    case 'penalties':
      return fc
        .record({
          creditCode,
          kind: fc.constantFrom(...PENALTY_KINDS),
          decidedOn: pastDay(t),
          cents: optional(fc.integer({ min: 0, max: Math.round(AMOUNT_MAX * 100) })),
          description: text(1000),
          sourceRef: optional(text(100)),
        })
        .map(({ cents, sourceRef, ...r }) => ({
          ...r,
          ...withOptional(
            'amountYuan',
            'value' in cents && cents.value !== null ? { value: cents.value / 100 } : cents,
          ),
          ...withOptional('sourceRef', sourceRef),
        }));
    case 'drills':
      return fc.record({ creditCode, heldOn: pastDay(t), description: text(500) });
  }
}

const kindAndRecord = fc
  .record({ kind: fc.constantFrom(...PROFILE_IMPORT_KINDS), today })
  .chain(({ kind, today: t }) => validRecord(kind, t).map((record) => ({ kind, today: t, record })));

describe('validating an imported record', () => {
  it('takes every well-formed record, and the same after a JSON round trip', () => {
    fc.assert(
      fc.property(kindAndRecord, fc.integer({ min: 0, max: 4999 }), ({ kind, today: t, record }, index) => {
        const checked = validateImportRecord(kind, record, index, t);
        expect(checked.problems).toEqual([]);
        expect(checked.record).not.toBeNull();
        const again = validateImportRecord(kind, JSON.parse(JSON.stringify(record)) as unknown, index, t);
        expect(again).toEqual(checked);
        // Idempotent: the clean record is itself a valid record that cleans to itself.
        expect(validateImportRecord(kind, checked.record, index, t).record).toEqual(checked.record);
      }),
    );
  });

  it('refuses any record with a date after today, at that date', () => {
    fc.assert(
      fc.property(
        kindAndRecord.chain((c) =>
          fc.record({
            c: fc.constant(c),
            field: fc.constantFrom(...pastDateFields(c.kind)),
            ahead: fc.integer({ min: 1, max: 3650 }),
          }),
        ),
        ({ c, field, ahead }) => {
          const record = { ...c.record, [field]: shift(c.today, ahead) };
          const checked = validateImportRecord(c.kind, record, 7, c.today);
          expect(checked.record).toBeNull();
          expect(checked.problems).toContainEqual({
            pointer: `/body/records/7/${field}`,
            code: 'profile_import.date_in_future',
            params: { index: 7 },
          });
        },
      ),
    );
  });

  it('takes an accident exactly when fatal ⇔ deaths > 0', () => {
    fc.assert(
      fc.property(
        today.chain((t) =>
          fc.record({
            t: fc.constant(t),
            record: validRecord('accidents', t),
            severity: fc.constantFrom(...ACCIDENT_SEVERITIES),
            deaths: fc.integer({ min: 0, max: 5 }),
          }),
        ),
        ({ t, record, severity, deaths }) => {
          const checked = validateImportRecord('accidents', { ...record, severity, deaths }, 0, t);
          if ((severity === 'fatal') === deaths > 0) expect(checked.problems).toEqual([]);
          else {
            expect(checked.problems).toEqual([
              { pointer: '/body/records/0/deaths', code: 'accident.deaths_mismatch', params: { index: 0 } },
            ]);
          }
        },
      ),
    );
  });

  it('refuses an unknown field, a missing one and a date that is no calendar day', () => {
    fc.assert(
      fc.property(kindAndRecord, fc.constantFrom('extra', 'occuredOn', '__proto__'), (c, key) => {
        // Through JSON, as the body arrives: "__proto__" is then an own key like any other.
        const withExtra: unknown = JSON.parse(JSON.stringify({ ...c.record, [key]: 1 }));
        expect(validateImportRecord(c.kind, withExtra, 0, c.today).problems.map((p) => p.code)).toContain(
          'schema.additionalProperties',
        );
        const { creditCode: _dropped, ...withoutCode } = c.record;
        expect(validateImportRecord(c.kind, withoutCode, 0, c.today).problems).toContainEqual({
          pointer: '/body/records/0/creditCode',
          code: 'schema.required',
          params: { index: 0 },
        });
      }),
    );
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2025-02-29'])
      expect(isCalendarDate(bad)).toBe(false);
    for (const good of ['2024-02-29', '2026-12-31', '2000-01-01']) expect(isCalendarDate(good)).toBe(true);
  });

  it('keeps line breaks in a description, refuses other control characters anywhere', () => {
    fc.assert(
      fc.property(
        kindAndRecord,
        fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
        (c, control) => {
          const lines = { ...c.record, description: `第一行\n第二行\t${String(c.record['description'])}` };
          expect(validateImportRecord(c.kind, lines, 0, c.today).problems).toEqual([]);
          const bad = { ...c.record, description: `x${String.fromCharCode(control)}y` };
          expect(validateImportRecord(c.kind, bad, 0, c.today).problems).toEqual([
            {
              pointer: '/body/records/0/description',
              code: 'profile_import.control_characters',
              params: { index: 0 },
            },
          ]);
        },
      ),
    );
    const drill = { creditCode: '91440300MA5EXAMPLA', heldOn: '2026-01-01', description: '演练' };
    expect(
      validateImportRecord('drills', { ...drill, description: 'a\u007fb' }, 0, '2026-11-20').record,
    ).toBeNull();
  });

  it('reports a record repeated within a batch at its second place only', () => {
    fc.assert(
      fc.property(kindAndRecord, fc.integer({ min: 0, max: 5 }), (c, before) => {
        const others = Array.from({ length: before }, (_, i) => ({
          ...c.record,
          description: `其他记录${i}`,
          ...('sourceRef' in c.record ? { sourceRef: null } : {}),
        }));
        const batch = validateImportRecords(c.kind, [...others, c.record, c.record], c.today);
        expect(batch.valid.map((v) => v.index)).toEqual([...others.keys(), before]);
        expect(batch.problems).toHaveLength(1);
        expect(batch.problems[0]).toMatchObject({
          code: 'profile_import.duplicate_in_batch',
          params: { index: before + 1, firstRecord: before + 1 },
        });
      }),
    );
  });
});
