import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../../server/src/errors';
import { zhCN } from './zh-CN';
import { en } from './en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders for each key in both languages', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({
        key,
        placeholders: placeholders(zhCN[key]),
      });
    }
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('localise every error code the server can send', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(zhCN).toHaveProperty([`error.${code}`]);
      expect(en).toHaveProperty([`error.${code}`]);
    }
  });
});
