import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKLIST_MESSAGES } from './checklist-messages';
import {
  CONFINED_SPACE_RULES_PATH,
  PERMIT_CHECKLIST,
  checklistArticleText,
  checklistLaw,
  missingChecklistItems,
} from './permit-checklist';

// Read independently of the module under test, so a loader bug cannot vouch for itself.
const law = JSON.parse(readFileSync(CONFINED_SPACE_RULES_PATH, 'utf8')) as {
  orderNo: string;
  articles: { no: string; text: string }[];
};
const articleText = (no: string) => law.articles.find((article) => article.no === no)?.text;

describe('PERMIT_CHECKLIST', () => {
  it('reads the right regulation', () => {
    expect(law.orderNo).toBe('中华人民共和国应急管理部令第13号');
    expect(law.articles).toHaveLength(22);
    expect(checklistLaw()).toMatchObject({ title: '工贸企业有限空间作业安全规定', effective: '2024-01-01' });
  });

  it.each(PERMIT_CHECKLIST.map((item) => [item.id, item] as const))(
    '%s cites an article that exists and says what the item claims',
    (_id, item) => {
      const text = articleText(item.article);
      expect(text, `${item.article} missing from the data file`).toBeDefined();
      expect(text).toContain(item.phrase);
      expect(checklistArticleText(item.id)).toBe(text);
    },
  );

  it('has unique, stable ids and message keys', () => {
    const ids = PERMIT_CHECKLIST.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of PERMIT_CHECKLIST) {
      expect(item.id).toMatch(/^[a-z][a-z_]*$/);
      expect(item.messageKey).toBe(`permit.checklist.${item.id}`);
    }
  });

  it('has a zh-CN and an English label for every item, and nothing else', () => {
    const keys = PERMIT_CHECKLIST.map((item) => item.messageKey).sort();
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.keys(CHECKLIST_MESSAGES[locale]).sort()).toEqual(keys);
      for (const label of Object.values(CHECKLIST_MESSAGES[locale])) expect(label.trim()).not.toBe('');
    }
  });

  it('returns undefined for an unknown id', () => {
    expect(checklistArticleText('no_such_item')).toBeUndefined();
    expect(checklistArticleText('__proto__')).toBeUndefined();
  });
});

describe('missingChecklistItems', () => {
  const all = Object.fromEntries(PERMIT_CHECKLIST.map((item) => [item.id, true]));

  it('is empty when every item is confirmed, extra answers ignored', () => {
    expect(missingChecklistItems(all)).toEqual([]);
    expect(missingChecklistItems({ ...all, something_else: false })).toEqual([]);
  });

  it('lists unconfirmed and unanswered items in checklist order', () => {
    const { ventilate_first: _v, ...withoutVentilation } = all;
    expect(missingChecklistItems({ ...withoutVentilation, entrants_trained: false })).toEqual([
      'ventilate_first',
      'entrants_trained',
    ]);
    expect(missingChecklistItems({})).toEqual(PERMIT_CHECKLIST.map((item) => item.id));
  });

  it('counts only an own, literal true', () => {
    const inherited = Object.create(all) as Record<string, boolean>;
    expect(missingChecklistItems(inherited)).toHaveLength(PERMIT_CHECKLIST.length);
    const truthy = Object.fromEntries(PERMIT_CHECKLIST.map((item) => [item.id, 'yes'])) as unknown as Record<
      string,
      boolean
    >;
    expect(missingChecklistItems(truthy)).toHaveLength(PERMIT_CHECKLIST.length);
  });
});
