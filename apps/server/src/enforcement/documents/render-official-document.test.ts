import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CONTENT_SCHEMAS, type OfficialDocumentType } from '@safegrid/contracts';
import { OFFICIAL_DOCUMENT_TYPES } from '@safegrid/contracts/values';
import { cjkFontProvider } from './cjk-font';
import { composeOfficialDocument } from './compose-official-document';
import { stringsOf } from './document-content';
import { chineseDate } from './document-dates';
import { documentDefinition } from './document-types';
import { qrRectangles, renderOfficialDocument } from './render-official-document';
import { qrModulesInPdf } from './test-pdf';
import {
  caseFilingApproval,
  FINDINGS,
  inspectionRecord,
  penaltyDecision,
  penaltyNotice,
  rectificationOrder,
  reinspectionOpinion,
  serviceReceipt,
} from './test-fixtures';

/**
 * The PDFs as a reader gets them: poppler's pdftotext must give back every value put in (Chinese
 * included, whitespace normalised), pdffonts must show the CJK font embedded.
 */

const dir = mkdtempSync(join(tmpdir(), 'safegrid-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const font = cjkFontProvider();
const agency = { code: '440306', name: '深圳市宝安区应急管理局', shortName: '深宝安' };
const enterprise = {
  id: '7',
  name: '深圳市华强电子有限公司',
  address: '深圳市宝安区新安街道海旺社区宝安大道1号',
};
const FIXTURES: Record<OfficialDocumentType, () => unknown> = {
  rectification_order: () => rectificationOrder(),
  reinspection_opinion: () => reinspectionOpinion(),
  inspection_record: () => inspectionRecord(),
  penalty_notice: () => penaltyNotice(),
  penalty_decision: () => penaltyDecision(),
  case_filing_approval: () => caseFilingApproval(),
  service_receipt: () => serviceReceipt(),
};

function compose(docType: OfficialDocumentType, content: unknown, number = '（深宝安）应急责改〔2026〕15号') {
  return composeOfficialDocument(documentDefinition(docType)!, {
    docType,
    content,
    number,
    agency,
    enterprise,
    issuedAt: new Date('2026-11-30T02:00:00Z'),
  });
}

function save(pdf: Buffer): string {
  const file = join(dir, `${createHash('sha256').update(pdf).digest('hex').slice(0, 16)}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const squeeze = (text: string) => text.replace(/\s+/g, '');
const pdftotext = (file: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

describe('rendering official documents', () => {
  for (const docType of OFFICIAL_DOCUMENT_TYPES) {
    it(`${docType}: pdftotext gives back every value, the wording and the verification code`, async () => {
      const content = FIXTURES[docType]();
      const { layout, verificationCode } = compose(docType, content);
      const file = save(await renderOfficialDocument(layout, font()));
      const text = squeeze(pdftotext(file));
      const expected = [
        '安全生产行政执法文书',
        layout.title,
        '（深宝安）应急责改〔2026〕15号',
        `核验码：${verificationCode}`,
        `/documents/verify/${verificationCode}`,
      ];
      for (const { value, schema } of stringsOf(DOCUMENT_CONTENT_SCHEMAS[docType], content)) {
        // Dates print as 2026年11月30日; times as part of 检查时间 (checked below).
        if (schema.pattern?.startsWith('^[0-9]{4}')) continue;
        expected.push(value);
      }
      for (const part of expected) expect(text, part).toContain(squeeze(part));
      expect(text).toContain(chineseDate('2026-11-30'));
      if (layout.blocks.some((b) => b.kind === 'seal' && b.text))
        expect(text).toContain('深圳市宝安区应急管理局（印章）');
      // One page: no page numbers.
      expect(text).not.toContain('共1页');
    });
  }

  it('prints the form sentences with the blanks filled and the 2021 updates applied', async () => {
    const order = squeeze(
      pdftotext(
        save(
          await renderOfficialDocument(compose('rectification_order', rectificationOrder()).layout, font()),
        ),
      ),
    );
    expect(order).toContain(
      '现责令你单位对上述第1、2、3项问题于2026年12月15日前整改完毕，达到有关法律法规规章和标准规定的要求。',
    );
    expect(order).toContain(
      '如果不服本指令，可以依法在60日内向深圳市宝安区人民政府或者深圳市应急管理局申请行政复议，或者在6个月内依法向深圳市宝安区人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。',
    );
    expect(order).toContain(`${FINDINGS[0]!.description}（违反${FINDINGS[0]!.provision}）`);
    expect(order).toContain('证号：44030621001（张晓明）');
    expect(order).toContain('本文书一式两份：一份由安全生产监督管理部门备案，一份交被检查单位。');

    const notice = squeeze(
      pdftotext(
        save(await renderOfficialDocument(compose('penalty_notice', penaltyNotice()).layout, font())),
      ),
    );
    expect(notice).toContain('根据《中华人民共和国行政处罚法》第四十四条和第四十五条的规定');
    expect(notice).toContain('向深圳市宝安区应急管理局进行陈述和申辩');
    expect(notice).not.toContain('第三十一条');

    const record = squeeze(
      pdftotext(
        save(await renderOfficialDocument(compose('inspection_record', inspectionRecord()).layout, font())),
      ),
    );
    expect(record).toContain('检查时间：2026年11月30日9时05分至11月30日10时40分');
    expect(record).toContain(
      '我们是深圳市宝安区应急管理局行政执法人员张晓明、李卫东，证件号码为44030621001、44030621017，这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。',
    );

    const review = squeeze(
      pdftotext(
        save(
          await renderOfficialDocument(compose('reinspection_opinion', reinspectionOpinion()).layout, font()),
        ),
      ),
    );
    expect(review).toContain(
      '本机关于2026年11月2日作出了责令限期整改的决定[（深宝安）应急责改〔2026〕8号]，经对你单位整改情况进行复查，提出如下意见：',
    );
  });

  it('prints the 立案审批表 with its three opinions, signers, dates and a blank for a missing 证号', async () => {
    const content = caseFilingApproval();
    const { layout } = compose('case_filing_approval', content, '（深宝安）应急立〔2026〕1号');
    const text = squeeze(pdftotext(save(await renderOfficialDocument(layout, font()))));
    for (const part of [
      '立案审批表',
      '（深宝安）应急立〔2026〕1号',
      `案由：${content.cause}`,
      `案件来源：${content.source}`,
      '时间：2026年11月16日',
      `案件名称：${content.caseName}`,
      `当事人：${enterprise.name}`,
      `电话：${content.phone}`,
      `法定代表人/负责人：${content.legalRepresentative}`,
      `当事人地址：${enterprise.address}`,
      '邮政编码：518101',
      `案件基本情况：${content.summary}`,
      `承办人意见：${content.handling.opinion}`,
      // The first officer's certificate number; the second has none on the platform: a blank.
      '承办人（签名）：证号：44030621001（张晓明）证号：__________（李卫东）2026年11月27日',
      `审核意见：${content.review.opinion}审核人（签名）：（陈敏）2026年11月27日`,
      `审批意见：${content.approval.opinion}审批人（签名）：（刘振华）2026年11月30日`,
    ]) {
      expect(text, part).toContain(squeeze(part));
    }
    // An internal form: no seal, no 一式两份.
    expect(text).not.toContain('印章');
    expect(text).not.toContain('一式');
    expect(layout.blocks.some((b) => b.kind === 'seal' || b.kind === 'note')).toBe(false);
  });

  it('prints the 文书送达回执 row by row, the seal without a date, 备注 and the form’s 注', async () => {
    const content = serviceReceipt();
    const { layout, canonical } = compose('service_receipt', content, '（深宝安）应急回〔2026〕1号');
    const text = squeeze(pdftotext(save(await renderOfficialDocument(layout, font()))));
    for (const part of [
      '文书送达回执',
      '（深宝安）应急回〔2026〕1号',
      `案件名称：${content.caseName}`,
      `受送达单位（个人）：${enterprise.name}`,
      '送达文书名称、文号：行政处罚告知书（深宝安）应急罚告〔2026〕4号',
      '送达日期：2026年11月30日送达方式：直接送达送达人：张晓明、李卫东收件人签名或者盖章：（赵丽）',
      '送达文书名称、文号：责令限期整改指令书（深宝安）应急责改〔2026〕15号',
      '送达日期：2026年11月27日',
      `深圳市宝安区应急管理局（印章）备注：${content.remarks!}`,
      '注：1.一个案件各类文书的送达，统一使用一份送达回执。2.各类文书送达参照民事诉讼法有关送达的规定执行。3.他人代收的，由代收人在收件人栏内签名或者盖章，并在备注栏内注明与被送达人的关系；留置送达的，在备注栏说明情况，并由证明人签字。',
    ]) {
      expect(text, part).toContain(squeeze(part));
    }
    // The latest service is the receipt's date (and the year of its number).
    expect(canonical.documentDate).toBe('2026-11-30');
    expect(canonical.wording.platformWording.map((w) => w.split(':')[0])).toEqual([
      'agency-name',
      'service-rows',
      'signer-names',
    ]);

    const { remarks: _remarks, ...withoutRemarks } = content;
    const bare = squeeze(
      pdftotext(
        save(await renderOfficialDocument(compose('service_receipt', withoutRemarks).layout, font())),
      ),
    );
    expect(bare).toContain('（印章）备注：注：1.');
  });

  it.each(['rectification_order', 'case_filing_approval', 'service_receipt'] as const)(
    '%s embeds the CJK font (pdffonts: emb yes)',
    async (docType) => {
      const file = save(await renderOfficialDocument(compose(docType, FIXTURES[docType]()).layout, font()));
      const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(lines.length).toBeGreaterThan(0);
      const cjk = lines.filter((l) => l.includes(font().postscriptName));
      expect(cjk.length).toBe(1);
      // name, type (two words), encoding, emb, sub, uni, object id, generation.
      const columns = cjk[0]!.trim().split(/\s+/);
      expect(columns.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
      // Nothing else, in particular no unembedded standard font.
      expect(lines.every((l) => / yes +yes +yes /.test(l))).toBe(true);
    },
  );

  it('flows long content onto further pages, numbering every page', async () => {
    const findings = Array.from({ length: 20 }, (_, i) => ({
      description: `第${i + 1}处：${'配电箱周围堆放可燃物，未保持安全距离，'.repeat(12)}`,
      provision: '《中华人民共和国安全生产法》第四十一条第二款',
    }));
    const { layout, verificationCode } = compose('rectification_order', rectificationOrder({ findings }));
    const file = save(await renderOfficialDocument(layout, font()));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) {
      const text = squeeze(
        execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], {
          encoding: 'utf8',
        }),
      );
      expect(text).toContain(`共${pages}页第${page}页`);
      if (page === pages) expect(text).toContain(verificationCode);
    }
    expect(squeeze(pdftotext(file))).toContain(
      '上述第1、2、3、4、5、6、7、8、9、10、11、12、13、14、15、16、17、18、19、20项问题',
    );
  });

  it('gives the same bytes for the same document (the archive can be re-rendered and compared)', async () => {
    const { layout } = compose('inspection_record', inspectionRecord());
    const [a, b] = await Promise.all([
      renderOfficialDocument(layout, font()),
      renderOfficialDocument(layout, font()),
    ]);
    expect(a.equals(b)).toBe(true);
    expect(execFileSync('pdfinfo', [save(a)], { encoding: 'utf8' })).toMatch(
      /Title:\s+现场检查记录 （深宝安）/,
    );
  });

  it('changes the verification code with any change of content', () => {
    const a = compose('rectification_order', rectificationOrder()).verificationCode;
    expect(compose('rectification_order', rectificationOrder()).verificationCode).toBe(a);
    expect(
      compose('rectification_order', rectificationOrder({ deadline: '2026-12-16' })).verificationCode,
    ).not.toBe(a);
    expect(
      compose('rectification_order', rectificationOrder(), '（深宝安）应急责改〔2026〕16号').verificationCode,
    ).not.toBe(a);
  });

  it('links the verification page, absolutely when the public base URL is known', () => {
    const content = rectificationOrder();
    const relative = compose('rectification_order', content).layout.verification!;
    expect(relative.url).toBe(`/documents/verify/${relative.code}`);
    const absolute = composeOfficialDocument(
      documentDefinition('rectification_order')!,
      {
        docType: 'rectification_order',
        content,
        number: '（深宝安）应急责改〔2026〕15号',
        agency,
        enterprise,
        issuedAt: new Date('2026-11-30T02:00:00Z'),
      },
      { publicBaseUrl: 'https://safegrid.example.gov.cn/' },
    ).layout.verification;
    expect(absolute).toEqual({ code: relative.code, url: `https://safegrid.example.gov.cn${relative.url}` });
  });

  it('prints a long absolute verification URL on one line, and draws its QR code', async () => {
    const base = 'https://anquan-shengchan-jianguan.yingjiguanli.shenzhen.example.gov.cn';
    const docType = 'service_receipt';
    const { layout, verificationCode } = composeOfficialDocument(
      documentDefinition(docType)!,
      {
        docType,
        content: serviceReceipt(),
        number: '（深宝安）应急回〔2026〕1号',
        agency,
        enterprise,
        issuedAt: new Date('2026-11-30T02:00:00Z'),
      },
      { publicBaseUrl: base },
    );
    const url = `${base}/documents/verify/${verificationCode}`;
    const pdf = await renderOfficialDocument(layout, font());
    const lines = pdftotext(save(pdf)).split('\n');
    expect(lines.some((line) => line.trim() === `核验地址：${url}`)).toBe(true);
    expect(qrModulesInPdf(pdf)).toEqual(qrRectangles(url).rects);
    expect(qrModulesInPdf(pdf)).not.toEqual(qrRectangles(`/documents/verify/${verificationCode}`).rects);
  });

  it('draws the QR code as rectangles that cover exactly the dark modules', () => {
    const url = '/api/documents/verify/0123456789abcdef';
    const { size, rects } = qrRectangles(url);
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    const dark = new Set<string>();
    for (const [row, col, length] of rects) for (let c = col; c < col + length; c++) dark.add(`${row},${c}`);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++)
        expect(dark.has(`${row},${col}`)).toBe(Boolean(modules.get(row, col)));
    }
  });
});
