import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import { CsvSyntaxError, parseCsv } from './csv';

/**
 * Reads an uploaded table (.xlsx or UTF-8 .csv) into rows of trimmed strings. Everything that
 * makes the file unreadable is decided here, before any job exists, so the user gets an
 * immediate and precise answer.
 */
export interface Table {
  header: string[];
  /** Data rows with their 1-based row number as the user sees it in Excel. */
  rows: { rowNumber: number; cells: string[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(buffer: Buffer): boolean {
  return ZIP_MAGIC.every((b, i) => buffer[i] === b);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return value.result === undefined ? '' : String(value.result);
    return '';
  }
  return String(value);
}

async function readXlsx(buffer: Buffer, maxRows: number): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('import.file_invalid');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('import.file_invalid');
  if (sheet.actualRowCount - 1 > maxRows) {
    throw new AppError('import.too_many_rows', { rows: sheet.actualRowCount - 1, limit: maxRows });
  }
  const width = sheet.columnCount;
  const all: { rowNumber: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    all.push({ rowNumber, cells });
  });
  const [head, ...rows] = all;
  return { header: head?.cells ?? [], rows };
}

function readCsv(buffer: Buffer, maxRows: number): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new AppError('import.encoding_invalid');
  }
  let parsed: string[][];
  try {
    parsed = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new AppError('import.file_invalid', { line: error.line });
    throw error;
  }
  const rows = parsed
    .map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...data] = rows;
  if (data.length > maxRows)
    throw new AppError('import.too_many_rows', { rows: data.length, limit: maxRows });
  return { header: head?.cells ?? [], rows: data };
}

export async function readTable(fileName: string, buffer: Buffer, maxRows: number): Promise<Table> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    if (!isZip(buffer)) throw new AppError('import.file_invalid');
    return readXlsx(buffer, maxRows);
  }
  if (lower.endsWith('.csv')) return readCsv(buffer, maxRows);
  throw new AppError('import.unsupported_type');
}
