import type { FineRange } from '@safegrid/contracts';
import type { MessageKey } from '../../shell/i18n/zh-CN';
import type { MessageParams } from '../../shell/i18n/format';

/**
 * Fine ranges as the law states them, in the UI's language: "5万元以下", "5万–20万元",
 * "上一年年收入 40%–100%"; in English "up to ¥50,000", "¥50,000–¥200,000".
 * The wording comes from the catalogue (`fine.*`); only the amounts are formatted here.
 */

export type Translate = (key: MessageKey, params?: MessageParams) => string;
export type UiLocale = 'zh-CN' | 'en';

const WAN = 10_000;

/**
 * An amount of yuan without the unit: in Chinese counted in 万 from 10,000 on when that is exact
 * to two decimals (50000 → "5万", 15000 → "1.5万", 2500000 → "250万", 12345 → "12345"), else
 * digits; in English with thousands separators ("50,000").
 */
export function formatYuan(amount: number, locale: UiLocale): string {
  if (locale === 'en') return new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(amount);
  if (Math.abs(amount) >= WAN && Math.round(amount) % 100 === 0 && Number.isInteger(amount)) {
    return `${amount / WAN}万`;
  }
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false }).format(amount);
}

/** The amount of one fine range, without its target. */
export function formatFineAmount(fine: FineRange, t: Translate, locale: UiLocale): string {
  if (fine.basis) {
    return fine.ratio
      ? t('fine.basis', { basis: fine.basis, ratio: fine.ratio })
      : t('fine.basisOnly', { basis: fine.basis });
  }
  const { minYuan: min, maxYuan: max } = fine;
  if (min !== null && max !== null) {
    if (min === max) return t('fine.exact', { amount: formatYuan(min, locale) });
    return t('fine.between', { min: formatYuan(min, locale), max: formatYuan(max, locale) });
  }
  if (max !== null) return t('fine.upTo', { max: formatYuan(max, locale) });
  if (min !== null) return t('fine.atLeast', { min: formatYuan(min, locale) });
  return t('fine.unspecified');
}

/** "主要负责人：2万–5万元"; the target is left out when the data has none. */
export function formatFine(fine: FineRange, t: Translate, locale: UiLocale): string {
  const amount = formatFineAmount(fine, t, locale);
  return fine.target.trim() ? t('fine.withTarget', { target: fine.target.trim(), amount }) : amount;
}
