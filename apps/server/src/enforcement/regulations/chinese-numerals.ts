/**
 * Chinese numerals as they appear in legal text: article numbers (第一百零二条), item labels
 * (（十）) and amounts (十五万元). Only the range the law uses: 1 to 99,999,999.
 */

const DIGITS = '零一二三四五六七八九';
const digit = (d: number) => DIGITS.charAt(d);
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一百零二 → 102, 十五 → 15, 二十万 → 200000; null when the string is not such a numeral. */
export function parseChineseNumeral(text: string): number | null {
  if (!/^[零一二两三四五六七八九十百千万]+$/.test(text)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = ch === '两' ? 2 : DIGITS.indexOf(ch);
    if (d >= 0) {
      if (digit !== null && d !== 0) return null;
      digit = d === 0 ? null : d;
      continue;
    }
    if (ch === '万') {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * 10_000;
      section = 0;
      digit = null;
      continue;
    }
    const unit = UNITS[ch] ?? 0;
    // 十 alone at the start means 一十 (十五 = 15).
    section += (digit ?? (section === 0 ? 1 : 0)) * unit;
    digit = null;
  }
  const value = total + section + (digit ?? 0);
  return value > 0 ? value : null;
}

/** 102 → 一百零二; the way article numbers are written (十五, not 一十五). */
export function formatChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 9999) throw new RangeError(`${value}`);
  const parts: string[] = [];
  const places: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = value;
  let pendingZero = false;
  for (const [size, unit] of places) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d === 0) {
      if (parts.length > 0) pendingZero = true;
      continue;
    }
    if (pendingZero) parts.push('零');
    pendingZero = false;
    parts.push(d === 1 && unit === '十' && parts.length === 0 ? '' : digit(d), unit);
  }
  if (rest > 0) {
    if (pendingZero) parts.push('零');
    parts.push(digit(rest));
  }
  return parts.join('');
}

/** An item label's number: （十二） or (十二) → 12. */
export function parseItemLabel(text: string): number | null {
  const m = /^[（(]([一二三四五六七八九十]+)[）)]/.exec(text);
  return m?.[1] ? parseChineseNumeral(m[1]) : null;
}
