import { enforcementDocumentsFile } from './document-forms';

/**
 * The 2016 forms cite the 1996/2009 行政处罚法; the 2021 revision renumbered those articles and
 * lengthened the hearing window. `legalUpdatesToApply` of data/laws/enforcement-documents-2016.json
 * lists the changes; each one is implemented here as an exact text substitution on the form's own
 * sentences (the replacement words are the law's, checked against
 * data/laws/administrative-penalty-law-2021.json in legal-updates.test.ts). A substitution whose
 * text is no longer in the form fails loudly, so a changed data file cannot silently skip one.
 *
 * Entries marked UNVERIFIED in the data are NOT applied: the form's wording stays, and every
 * document that carries it lists the point in its metadata (`unverifiedWording`).
 *
 * Deliberately not changed: the 3-day window for 陈述和申辩 on 行政处罚告知书. The data notes it
 * comes from the old procedure rules rather than from the law, and no update for it is listed.
 */

export interface WordingChange {
  id: string;
  /** Index of the entry of `legalUpdatesToApply` this implements. */
  source: number;
  /** Form types (data `type`) whose wording carries the old text. */
  forms: readonly string[];
  find: string;
  replace: string;
}

export const WORDING_CHANGES: readonly WordingChange[] = [
  {
    // 告知/陈述申辩 old 31/32 → 44/45.
    id: 'penalty-law-2021-articles-44-45',
    source: 0,
    forms: ['行政处罚告知书'],
    find: '《中华人民共和国行政处罚法》第三十一条和第三十二条',
    replace: '《中华人民共和国行政处罚法》第四十四条和第四十五条',
  },
  {
    // 听证 old 42 → 63/64.
    id: 'penalty-law-2021-articles-63-64',
    source: 0,
    forms: ['行政处罚听证告知书'],
    find: '《中华人民共和国行政处罚法》第四十二条',
    replace: '《中华人民共和国行政处罚法》第六十三条和第六十四条',
  },
  {
    // 第六十四条（一）: 当事人要求听证的，应当在行政机关告知后五日内提出.
    id: 'penalty-law-2021-hearing-window-5-days',
    source: 0,
    forms: ['行政处罚听证告知书'],
    find: '接到本告知书之日起3日内',
    replace: '接到本告知书之日起5日内',
  },
];

/**
 * Updates of the list that change no wording of the forms in the data file, with the reason;
 * the tests prove the reason (the old text does not occur / the current text is already there).
 */
export const UPDATES_WITHOUT_CHANGE = [
  {
    id: 'penalty-law-2021-article-72',
    source: 0,
    reason: '加处罚款 old 51(1) → 72(1): none of the forms in the data file cites the article',
    absent: '第五十一条',
  },
  {
    id: 'litigation-6-months',
    source: 1,
    reason: 'the 2016 forms already say 6个月 (行政诉讼法 第四十六条)',
    present: '在6个月内依法向',
  },
] as const;

export interface UnverifiedPoint {
  id: string;
  source: number;
  /** Wording whose presence means the document carries the unverified point. */
  marker: string;
}

/** 行政复议法 (2023, in force 2024-01-01): the 向____人民政府或者____申请行政复议 choice. */
export const UNVERIFIED_POINTS: readonly UnverifiedPoint[] = [
  { id: 'administrative-review-law-2023', source: 2, marker: '人民政府或者____申请行政复议' },
];

export interface UpdatedWording {
  sentences: string[];
  /** Ids of WORDING_CHANGES applied. */
  applied: string[];
  /** Ids of UNVERIFIED_POINTS the wording carries, left as the form has them. */
  unverified: string[];
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

/** The entry of the data file an update rests on; throws when the file no longer lists it. */
export function legalUpdateText(source: number): string {
  const text = enforcementDocumentsFile().legalUpdatesToApply[source];
  if (text === undefined) throw new Error(`legalUpdatesToApply[${source}] is missing from the data file`);
  return text;
}

/**
 * Applies the updates to one form's sentences. Each change for this form must find its old text
 * exactly once across the sentences; each unverified point must still be marked UNVERIFIED in the
 * data (if the data settles it, this code must be revisited, not silently keep the old wording).
 */
export function applyLegalUpdates(formType: string, sentences: readonly string[]): UpdatedWording {
  const result = [...sentences];
  const applied: string[] = [];
  for (const change of WORDING_CHANGES) {
    if (!change.forms.includes(formType)) continue;
    legalUpdateText(change.source);
    const found = result.reduce((n, s) => n + occurrences(s, change.find), 0);
    if (found !== 1) {
      throw new Error(
        `Legal update ${change.id}: "${change.find}" occurs ${found} times in ${formType}, expected once`,
      );
    }
    const index = result.findIndex((s) => s.includes(change.find));
    result[index] = result[index]!.replace(change.find, change.replace);
    applied.push(change.id);
  }
  const unverified: string[] = [];
  for (const point of UNVERIFIED_POINTS) {
    if (!result.some((s) => s.includes(point.marker))) continue;
    if (!legalUpdateText(point.source).startsWith('UNVERIFIED')) {
      throw new Error(
        `Legal update ${point.id} is no longer marked UNVERIFIED in the data: decide its wording`,
      );
    }
    unverified.push(point.id);
  }
  return { sentences: result, applied, unverified };
}
