import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSyntaxError, formatCsv, parseCsv } from './csv';

describe('CSV', () => {
  it('reads quoted commas, quotes, line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,"b,c","d""e"\r\n"多\n行",x\n')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['多\n行', 'x'],
    ]);
  });

  it('refuses an unterminated quote with its line', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvSyntaxError);
  });

  it('reads back whatever it writes (generated tables)', () => {
    const table = fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), {
      minLength: 1,
      maxLength: 10,
    });
    fc.assert(
      fc.property(table, (rows) => {
        expect(parseCsv(formatCsv(rows))).toEqual(rows);
      }),
    );
  });

  it('never throws anything but a CsvSyntaxError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseCsv(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});
