import type { FineRange } from '@safegrid/contracts';
import { parseChineseNumeral } from './chinese-numerals';

/**
 * Reads the fine ranges out of a penalty clause, for the regulations whose data carries no
 * editorial penalty summary (深圳条例, 危化条例). The text stays authoritative: the result is shown
 * beside it, and a range the parser cannot read is simply absent, never guessed.
 *
 * "责令限期改正，处十万元以下的罚款；逾期未改正的，…并处十五万元以上三十万元以下的罚款，对其直接负责的
 * 主管人员和其他直接责任人员处三万元以上十万元以下的罚款" gives three ranges: the unit (≤100,000),
 * the unit after the deadline (150,000–300,000) and the persons responsible (30,000–100,000).
 */

const NUMBER = '([0-9]+(?:\\.[0-9]+)?|[一二两三四五六七八九十百千]+)(万)?元';
const FINE = new RegExp(`处(?:${NUMBER}以上)?${NUMBER}以下(?:的)?罚款`, 'g');
const ESCALATION = /(逾期未改正|逾期不改正|拒不改正)/;
const PERSONS = /(直接负责的主管人员|直接责任人员)/;

function amount(digits: string, wan: string | undefined): number | null {
  const base = /^[0-9.]+$/.test(digits) ? Number(digits) : parseChineseNumeral(digits);
  if (base === null || !Number.isFinite(base)) return null;
  return Math.round(base * (wan ? 10_000 : 1));
}

export function parseFineRanges(text: string, unit = '生产经营单位'): FineRange[] {
  const ranges: FineRange[] = [];
  // An escalation ("逾期未改正的") applies to every fine written after it; the persons responsible
  // are named in the words between the previous fine and this one.
  const escalations = [...text.matchAll(new RegExp(ESCALATION, 'g'))].map((m) => ({
    at: m.index,
    word: m[1],
  }));
  let from = 0;
  for (const m of text.matchAll(FINE)) {
    const before = text.slice(from, m.index);
    from = m.index + m[0].length;
    const escalation = escalations.filter((e) => e.at < m.index).at(-1)?.word ?? null;
    const min = m[1] === undefined ? 0 : amount(m[1], m[2]);
    const max = m[3] === undefined ? null : amount(m[3], m[4]);
    if (min === null || max === null || min > max) continue;
    const who = PERSONS.test(before) ? '直接负责的主管人员和其他直接责任人员' : unit;
    ranges.push({
      target: escalation ? `${who}(${escalation})` : who,
      minYuan: min,
      maxYuan: max,
      basis: null,
      ratio: null,
    });
  }
  return ranges;
}

const MEASURES = [
  '责令限期改正',
  '责令改正',
  '责令停止建设',
  '责令停止生产、经营、使用活动',
  '责令停产停业整顿',
  '责令停业整顿',
  '没收违法所得',
  '吊销',
] as const;

/** The measures a penalty clause names besides fines, in the order of MEASURES. */
export function parseMeasures(text: string): string[] {
  return MEASURES.filter((m) => text.includes(m));
}
