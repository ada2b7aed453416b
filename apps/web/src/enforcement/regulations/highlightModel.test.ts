import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { highlightRanges, highlightSegments } from './highlightModel';

const marked = (text: string, phrases: string[]) =>
  highlightSegments(text, phrases)
    .map((s) => (s.highlight ? `[${s.text}]` : s.text))
    .join('');

describe('highlightSegments', () => {
  it('marks every occurrence of each phrase', () => {
    expect(marked('未为从业人员提供劳动防护用品；劳动防护用品不合格', ['劳动防护用品'])).toBe(
      '未为从业人员提供[劳动防护用品]；[劳动防护用品]不合格',
    );
    expect(marked('安全警示标志', ['安全', '标志'])).toBe('[安全]警示[标志]');
  });

  it('merges overlapping and touching phrases into one mark', () => {
    expect(marked('劳动防护用品', ['劳动防护', '防护用品'])).toBe('[劳动防护用品]');
    expect(marked('安全警示标志', ['安全', '警示'])).toBe('[安全警示]标志');
    expect(marked('劳动防护用品', ['防护', '劳动防护用品'])).toBe('[劳动防护用品]');
    expect(marked('aaa', ['aa'])).toBe('[aaa]');
  });

  it('ignores phrases that do not occur, empty phrases and repeats', () => {
    expect(marked('安全设备', ['消防', '', '安全', '安全'])).toBe('[安全]设备');
    expect(highlightSegments('安全设备', [])).toEqual([{ text: '安全设备', highlight: false }]);
    expect(highlightSegments('', ['安全'])).toEqual([]);
  });

  it('highlights the whole text when a phrase is the text', () => {
    expect(highlightSegments('配电箱', ['配电箱'])).toEqual([{ text: '配电箱', highlight: true }]);
  });
});

describe('highlightSegments properties', () => {
  // Short alphabets so that phrases do occur, overlap and repeat in the texts.
  const char = fc.constantFrom('安', '全', '防', '护', 'a', 'b', ' ', '，');
  const text = fc.array(char, { maxLength: 40 }).map((cs) => cs.join(''));
  const phrase = fc.array(char, { maxLength: 4 }).map((cs) => cs.join(''));
  const phrases = fc.array(phrase, { maxLength: 6 });

  it('joining the segments always gives back the original text', () => {
    fc.assert(
      fc.property(text, phrases, (t, ps) => {
        expect(
          highlightSegments(t, ps)
            .map((s) => s.text)
            .join(''),
        ).toBe(t);
      }),
    );
  });

  it('also for any text and phrases at all', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
        (t, ps) => {
          expect(
            highlightSegments(t, ps)
              .map((s) => s.text)
              .join(''),
          ).toBe(t);
        },
      ),
    );
  });

  it('gives no empty segments and never two neighbours of the same kind', () => {
    fc.assert(
      fc.property(text, phrases, (t, ps) => {
        const segments = highlightSegments(t, ps);
        for (const s of segments) expect(s.text).not.toBe('');
        for (let i = 1; i < segments.length; i++) {
          expect(segments[i]!.highlight).not.toBe(segments[i - 1]!.highlight);
        }
      }),
    );
  });

  it('covers every occurrence of every phrase, and nothing outside them', () => {
    fc.assert(
      fc.property(text, phrases, (t, ps) => {
        const covered = new Array<boolean>(t.length).fill(false);
        for (const [start, end] of highlightRanges(t, ps)) covered.fill(true, start, end);
        const expected = new Array<boolean>(t.length).fill(false);
        for (const p of ps) {
          if (p === '') continue;
          for (let i = 0; i + p.length <= t.length; i++) {
            if (t.startsWith(p, i)) expected.fill(true, i, i + p.length);
          }
        }
        expect(covered).toEqual(expected);
      }),
    );
  });

  it('highlights nothing when no phrase occurs', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(highlightSegments(t, ['不存在的词']).every((s) => !s.highlight)).toBe(true);
      }),
    );
  });
});
