import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_DOCUMENT_TYPES } from '@safegrid/contracts/values';
import { countBlanks } from './document-layout';
import {
  enforcementDocumentsFile,
  fixedWordingOf,
  formData,
  numberCodeOf,
  documentHeader,
} from './document-forms';
import { DOCUMENT_DEFINITIONS, prepareForm } from './document-types';
import {
  UNVERIFIED_POINTS,
  UPDATES_WITHOUT_CHANGE,
  WORDING_CHANGES,
  applyLegalUpdates,
  legalUpdateText,
} from './legal-updates';

const penaltyLaw = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../../data/laws/administrative-penalty-law-2021.json', import.meta.url)),
    'utf8',
  ),
) as { articles: { no: string; text: string }[] };
const article = (no: string) => penaltyLaw.articles.find((a) => a.no === no)!.text;

describe('2021 行政处罚法 updates of the 2016 forms', () => {
  it('rest on the entries of legalUpdatesToApply they claim', () => {
    const first = legalUpdateText(0);
    expect(first).toContain('old 31/32 → 44/45');
    expect(first).toContain('old 42 → 63/64');
    expect(first).toContain('5 days');
    expect(first).toContain('old 51(1) → 72(1)');
    expect(legalUpdateText(1)).toContain('6个月');
    expect(legalUpdateText(2)).toMatch(/^UNVERIFIED: .*行政复议法/);
  });

  it('each change finds its old wording exactly once in its form, and replaces it', () => {
    for (const change of WORDING_CHANGES) {
      for (const type of change.forms) {
        const sentences = fixedWordingOf(formData(type));
        expect(sentences.join('\n').split(change.find).length - 1, `${change.id} in ${type}`).toBe(1);
        const updated = applyLegalUpdates(type, sentences);
        const text = updated.sentences.join('\n');
        expect(text).toContain(change.replace);
        expect(text).not.toContain(change.find);
        expect(updated.applied).toContain(change.id);
      }
    }
  });

  it('gives exactly the updated sentences of the notices', () => {
    expect(applyLegalUpdates('行政处罚告知书', fixedWordingOf(formData('行政处罚告知书'))).sentences[3]).toBe(
      '如对上述处罚有异议，根据《中华人民共和国行政处罚法》第四十四条和第四十五条的规定，你（单位）有权在收到本告知书之日起3日内向____安全生产监督管理部门进行陈述和申辩，逾期不提出申请的，视为放弃上述权利。',
    );
    expect(
      applyLegalUpdates('行政处罚听证告知书', fixedWordingOf(formData('行政处罚听证告知书'))).sentences[0],
    ).toBe(
      '根据《中华人民共和国行政处罚法》第六十三条和第六十四条的规定，你（单位）有要求举行听证的权利。如你（单位）要求举行听证，请在接到本告知书之日起5日内向____安全生产监督管理部门提出书面听证申请。逾期不提出申请的，视为放弃听证权利。',
    );
  });

  it('cites the articles that now say it (checked against the 2021 law text)', () => {
    expect(article('第四十四条')).toContain('陈述、申辩、要求听证等权利');
    expect(article('第四十五条')).toContain('当事人有权进行陈述和申辩');
    expect(article('第六十三条')).toContain('应当告知当事人有要求听证的权利');
    expect(article('第六十四条')).toContain('当事人要求听证的，应当在行政机关告知后五日内提出');
    expect(article('第七十二条')).toContain('每日按罚款数额的百分之三加处罚款');
  });

  it('proves the updates that change no wording', () => {
    const all = enforcementDocumentsFile()
      .documents.filter((d) => d.fixedWording !== undefined)
      .flatMap((d) => fixedWordingOf(d))
      .join('\n');
    for (const update of UPDATES_WITHOUT_CHANGE) {
      if ('absent' in update) expect(all, update.id).not.toContain(update.absent);
      if ('present' in update) {
        expect(all, update.id).toContain(update.present);
        expect(all).not.toContain('三个月');
      }
    }
  });

  it('leaves UNVERIFIED points as the form has them and reports them', () => {
    const order = applyLegalUpdates('责令限期整改指令书', fixedWordingOf(formData('责令限期整改指令书')));
    expect(order.sentences).toEqual(fixedWordingOf(formData('责令限期整改指令书')));
    expect(order.unverified).toEqual(UNVERIFIED_POINTS.map((p) => p.id));
    expect(
      applyLegalUpdates('整改复查意见书', fixedWordingOf(formData('整改复查意见书'))).unverified,
    ).toEqual([]);
  });

  it('fails loudly when a form no longer has the wording an update expects', () => {
    expect(() => applyLegalUpdates('行政处罚听证告知书', ['特此告知。'])).toThrow(/occurs 0 times/);
  });
});

describe('the forms the platform issues', () => {
  it('come from the data file with header, title and number code', () => {
    for (const docType of OFFICIAL_DOCUMENT_TYPES) {
      const definition = DOCUMENT_DEFINITIONS[docType];
      const form = prepareForm(definition.formType);
      expect(form.header).toBe('安全生产行政执法文书');
      expect(documentHeader(form.data)).toBe(form.header);
      // The number code is the 2016 code re-prefixed (安监 → 应急), as observed in practice.
      const official =
        enforcementDocumentsFile().numberingCodes.official2016[form.title.replace(/（单位）|（个人）$/, '')];
      expect(numberCodeOf(form.data)).toBe(official!.replace(/^安监/, '应急'));
      expect(Object.values(enforcementDocumentsFile().numberingCodes.emergencyPracticeObserved)).toContain(
        form.numberCode,
      );
    }
  });

  it('are copied unchanged into data/laws (the shared original, where present)', () => {
    const shared = fileURLToPath(
      new URL('../../../../../../shared/data/laws/enforcement-documents-2016.json', import.meta.url),
    );
    let original: string;
    try {
      original = readFileSync(shared, 'utf8');
    } catch {
      return; // not every checkout has the shared folder next to it
    }
    expect(
      readFileSync(
        fileURLToPath(new URL('../../../../../data/laws/enforcement-documents-2016.json', import.meta.url)),
        'utf8',
      ),
    ).toBe(original);
  });

  it('have blanks where the builders expect them', () => {
    expect(fixedWordingOf(formData('责令限期整改指令书')).map(countBlanks)).toEqual([0, 4, 0, 3]);
    expect(fixedWordingOf(formData('现场检查记录')).map(countBlanks)).toEqual([5]);
    expect(fixedWordingOf(formData('整改复查意见书')).map(countBlanks)).toEqual([5]);
    expect(fixedWordingOf(formData('行政处罚告知书')).map(countBlanks)).toEqual([0, 0, 3, 1]);
    expect(fixedWordingOf(formData('行政处罚决定书（单位）')).map(countBlanks)).toEqual([3, 2, 3]);
  });
});
