import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { EnterpriseSummaryRow } from './enterprise.repository';
import type { ReferenceNames } from '../reference/reference-names';
import { ENTERPRISE_COLUMNS, SCALE_LABELS, STATUS_LABELS } from './enterprise-columns';

/**
 * Streams the workbook as rows arrive from the database, so exporting the whole city does not
 * hold 120,000 rows in memory. Extra read-only columns (names of grid, street, district,
 * industry) follow the importable ones.
 */
export async function writeEnterpriseWorkbook(
  batches: AsyncIterable<EnterpriseSummaryRow[]>,
  names: ReferenceNames,
): Promise<Readable> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('企业名录');
  sheet.columns = [
    ...ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '行业名称', key: 'industryName', width: 24 },
    { header: '网格', key: 'gridName', width: 26 },
    { header: '街道', key: 'streetName', width: 12 },
    { header: '区', key: 'districtName', width: 10 },
    { header: '演示数据', key: 'synthetic', width: 8 },
  ];
  const fill = async () => {
    for await (const rows of batches) {
      for (const r of rows) {
        sheet
          .addRow({
            creditCode: r.credit_code,
            name: r.name,
            address: r.address,
            industryCode: r.industry_code,
            scale: SCALE_LABELS[r.scale],
            employees: r.employees,
            lon: r.lon,
            lat: r.lat,
            gridId: r.grid_id,
            status: STATUS_LABELS[r.status],
            industryName: names.industryName(r.industry_code),
            gridName: names.node(r.grid_id)?.name ?? r.grid_id,
            streetName: names.node(r.street_id)?.name ?? r.street_id,
            districtName: names.node(r.district_id)?.name ?? r.district_id,
            synthetic: r.synthetic ? '是' : '',
          })
          .commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  };
  fill().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
