import { parseCsv } from '../../platform/files/csv';

/**
 * The project's reference CSV files (data/) as records keyed by the header row. A row with the
 * wrong number of fields means the file was damaged: fail loudly rather than seed half a row.
 */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return rows.map((cells, n) => {
    if (cells.length !== header.length) {
      throw new Error(`CSV data row ${n + 1} has ${cells.length} fields, the header has ${header.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((name, k) => (record[name] = cells[k]!));
    return record;
  });
}
