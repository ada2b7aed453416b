import ExcelJS from 'exceljs';
import type { ImportRowError } from '@safegrid/contracts';
import { ENTERPRISE_COLUMNS, SCALE_LABELS, STATUS_LABELS } from '../enterprise-columns';
import { IMPORT_ERROR_TEXT } from './import-error-text';

/** The per-row report a user downloads to fix the file: row, column, value and what is wrong. */
export async function buildErrorReport(errors: ImportRowError[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('错误报告');
  sheet.columns = [
    { header: '行号 Row', key: 'row', width: 10 },
    { header: '列 Column', key: 'column', width: 20 },
    { header: '值 Value', key: 'value', width: 30 },
    { header: '问题', key: 'zh', width: 40 },
    { header: 'Problem', key: 'en', width: 40 },
    { header: '错误代码 Code', key: 'code', width: 36 },
  ];
  for (const e of errors) {
    const text = IMPORT_ERROR_TEXT[e.code] ?? { 'zh-CN': e.code, en: e.code };
    sheet.addRow({
      row: e.row,
      column: e.column,
      value: e.value,
      zh: text['zh-CN'],
      en: text.en,
      code: e.code,
    });
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function buildTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业导入');
  sheet.columns = ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', key: 'c', width: 20 },
    { header: '说明', key: 'n', width: 80 },
  ];
  const explain: Record<string, string> = {
    creditCode: '18 位统一社会信用代码（GB 32100，校验位会被检查）',
    name: '企业名称，2–200 字',
    address: '地址，2–300 字',
    industryCode: 'GB/T 4754-2017 小类代码，含门类字母，如 C3981',
    scale: Object.values(SCALE_LABELS).join(' / '),
    employees: '整数',
    lon: 'WGS84 经度，如 114.05',
    lat: 'WGS84 纬度，如 22.55',
    gridId: '网格编号（见网格页面）',
    status: `${Object.values(STATUS_LABELS).join(' / ')}，可空（默认在营）`,
  };
  for (const c of ENTERPRISE_COLUMNS) notes.addRow({ c: c.header, n: explain[c.key] });
  notes.addRow({ c: '规则', n: '整批导入：任一行有错则全部不导入，并提供逐行错误报告。' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
