import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CjkFont } from './cjk-font';
import type { DocumentLayout, LayoutBlock } from './document-layout';

/**
 * Draws a document layout as an A4 PDF with pdfkit. Pure apart from the font: the same layout
 * gives the same bytes (creation date and file id come from the layout), so an archived PDF can
 * be re-rendered and compared. Text wraps inside the margins and flows onto further pages; with
 * more than one page every page gets "共N页 第M页". The last page ends with the verification block:
 * the code and a QR code of the verification URL, drawn as vector squares.
 */

export interface RenderFont {
  /** What `doc.font()` takes. A standard font name is the benchmark's Latin-only baseline. */
  pdfFont: CjkFont['pdfFont'] | 'Helvetica';
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, left: 76, right: 72 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BODY_SIZE = 12; // 小四
const LINE_GAP = 5;
const INDENT = BODY_SIZE * 2;
const QR_SIZE = 56;
const VERIFICATION_HEIGHT = QR_SIZE + 10;

type Doc = PDFKit.PDFDocument;

/** The verification QR code's dark modules as rectangles (runs of a row merged), in module units. */
export function qrRectangles(text: string): { size: number; rects: [number, number, number][] } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rects: [number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        rects.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { size: modules.size, rects };
}

function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = qrRectangles(text);
  const module = size / qr.size;
  doc.save();
  for (const [row, col, length] of qr.rects)
    doc.rect(x + col * module, y + row * module, length * module, module);
  doc.fill('black');
  doc.restore();
}

const body = (doc: Doc) => doc.fontSize(BODY_SIZE);

/** Keeps a short block (a signature or seal) on one page. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - MARGIN.bottom) doc.addPage();
}

function drawBlock(doc: Doc, block: LayoutBlock): void {
  const left = MARGIN.left;
  const text = { width: CONTENT_WIDTH, lineGap: LINE_GAP };
  body(doc);
  switch (block.kind) {
    case 'addressee':
      doc.text(block.text, left, doc.y, text);
      break;
    case 'paragraph':
      doc.text(block.text, left, doc.y, { ...text, indent: INDENT });
      break;
    case 'numbered': {
      block.items.forEach((item, i) => {
        const label = `${i + 1}．`;
        const labelWidth = Math.max(INDENT, doc.widthOfString(label));
        keepTogether(doc, BODY_SIZE + LINE_GAP);
        const y = doc.y;
        doc.text(label, left + INDENT, y, { lineBreak: false });
        doc.text(item, left + INDENT + labelWidth, y, {
          ...text,
          width: CONTENT_WIDTH - INDENT - labelWidth,
        });
      });
      break;
    }
    case 'field': {
      const label = `${block.label}：`;
      const labelWidth = doc.widthOfString(label);
      keepTogether(doc, BODY_SIZE + LINE_GAP);
      const y = doc.y;
      doc.text(label, left, y, { lineBreak: false });
      doc.text(block.value, left + labelWidth, y, { ...text, width: CONTENT_WIDTH - labelWidth });
      break;
    }
    case 'fields': {
      const joined = block.items.map((f) => `${f.label}：${f.value}`).join('\u3000\u3000');
      if (doc.widthOfString(joined) <= CONTENT_WIDTH) {
        doc.text(joined, left, doc.y, text);
      } else {
        for (const item of block.items) drawBlock(doc, { kind: 'field', ...item });
      }
      break;
    }
    case 'text':
      if (block.label) doc.text(`${block.label}：`, left, doc.y, text);
      // An empty text keeps its label (e.g. 备注：) as the form's line to write on.
      if (block.text) doc.text(block.text, left, doc.y, { ...text, indent: INDENT });
      break;
    case 'signatures': {
      doc.moveDown(0.4);
      let previous = '';
      for (const line of block.lines) {
        keepTogether(doc, (BODY_SIZE + LINE_GAP) * 2);
        let x = left;
        if (line.alignUnder && previous.includes(line.alignUnder)) {
          x = left + doc.widthOfString(previous.slice(0, previous.indexOf(line.alignUnder)));
        }
        doc.text(line.text, x, doc.y, { width: left + CONTENT_WIDTH - x, lineGap: LINE_GAP * 1.6 });
        previous = line.text;
      }
      break;
    }
    case 'seal': {
      doc.moveDown(0.5);
      keepTogether(doc, (BODY_SIZE + LINE_GAP) * 3);
      const half = { width: CONTENT_WIDTH / 2, align: 'center' as const, lineGap: LINE_GAP };
      if (block.text) {
        doc.text(block.text, left + CONTENT_WIDTH / 2, doc.y, half);
        doc.moveDown(0.6);
      }
      // The 送达回执's seal has no date line.
      if (block.date) {
        doc.text(block.date, left + CONTENT_WIDTH / 2, doc.y, half);
        doc.moveDown(0.6);
      }
      break;
    }
    case 'note':
      doc.moveDown(0.4);
      doc.fontSize(10.5).text(block.text, left, doc.y, { ...text, lineGap: 4 });
      break;
  }
  doc.x = left;
}

function drawVerification(doc: Doc, verification: NonNullable<DocumentLayout['verification']>): void {
  if (doc.y > PAGE.height - MARGIN.bottom - VERIFICATION_HEIGHT) doc.addPage();
  const top = PAGE.height - MARGIN.bottom - VERIFICATION_HEIGHT;
  doc
    .moveTo(MARGIN.left, top)
    .lineTo(PAGE.width - MARGIN.right, top)
    .lineWidth(0.5)
    .strokeColor('#888888')
    .stroke();
  drawQr(doc, verification.url, MARGIN.left, top + 8, QR_SIZE);
  const x = MARGIN.left + QR_SIZE + 12;
  const width = CONTENT_WIDTH - QR_SIZE - 12;
  doc.fillColor('black').fontSize(10);
  doc.text(`核验码：${verification.code}`, x, top + 12, { width, lineBreak: false });
  // An absolute URL (PUBLIC_BASE_URL) may be wider than the block: smaller type rather than a
  // second line that would run into the one below.
  const address = `核验地址：${verification.url}`;
  const fits = doc.widthOfString(address);
  if (fits > width) doc.fontSize(Math.max(6, (10 * width * 0.98) / fits));
  doc.text(address, x, top + 28, { width, lineBreak: false });
  doc.fontSize(9).text('凭核验码可查询本文书的编号、签发机关、日期和文件摘要（SHA-256）。', x, top + 44, {
    width,
    lineBreak: false,
  });
}

function drawPageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  if (range.count <= 1) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(10)
      .fillColor('black')
      .text(`共${range.count}页 第${i - range.start + 1}页`, MARGIN.left, PAGE.height - MARGIN.bottom + 24, {
        width: CONTENT_WIDTH,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

export function renderOfficialDocument(layout: DocumentLayout, font: RenderFont): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: layout.info.title,
      Author: layout.info.author,
      Subject: layout.info.subject,
      Keywords: layout.info.keywords,
      Creator: 'SafeGrid',
      Producer: 'SafeGrid',
      CreationDate: layout.info.createdAt,
      ModDate: layout.info.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.font(font.pdfFont as PDFKit.Mixins.PDFFontSource);
    doc.fontSize(16).text(layout.header, MARGIN.left, MARGIN.top, {
      width: CONTENT_WIDTH,
      align: 'center',
      characterSpacing: 4,
    });
    doc.moveDown(0.5);
    doc.fontSize(22).text(layout.title, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 2 });
    doc.moveDown(0.2);
    doc.fontSize(BODY_SIZE).text(layout.number, { width: CONTENT_WIDTH, align: 'center' });
    doc.moveDown(0.8);
    for (const block of layout.blocks) drawBlock(doc, block);
    if (layout.verification) drawVerification(doc, layout.verification);
    drawPageNumbers(doc);
    doc.end();
  } catch (error) {
    doc.end();
    return done.then(() => Promise.reject(error as Error));
  }
  return done;
}
