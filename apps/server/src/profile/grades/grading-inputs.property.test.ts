import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GRADING_INPUT_IDS, unpackInputs } from './grading-inputs';

/** PostgreSQL's text form of a bigint[]: `{1,NULL,3}`. */
const arrayText = (values: readonly (number | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

describe('packed grading inputs', () => {
  it('unpacks every value to its input, in order, nulls kept (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat({ max: 1_000_000 }), { nil: null }), {
          minLength: GRADING_INPUT_IDS.length,
          maxLength: GRADING_INPUT_IDS.length,
        }),
        (values) => {
          const inputs = unpackInputs(arrayText(values));
          expect(Object.keys(inputs)).toEqual([...GRADING_INPUT_IDS]);
          GRADING_INPUT_IDS.forEach((id, i) => expect(inputs[id]).toBe(values[i]));
        },
      ),
    );
  });

  it('refuses a row with a value missing or added rather than shifting the inputs', () => {
    const values = GRADING_INPUT_IDS.map((_, i) => i);
    expect(() => unpackInputs(arrayText(values.slice(1)))).toThrow(/28 values for 29 inputs/);
    expect(() => unpackInputs(arrayText([...values, 1]))).toThrow(/30 values for 29 inputs/);
  });
});
