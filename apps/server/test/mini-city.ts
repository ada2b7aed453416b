import { creditCodeCheckChar } from '@safegrid/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../src/platform/db/schema';
import { enterpriseSearchTerms } from '../src/grid/enterprises/search-terms';

/** A valid GB 32100 code built from a 17-character body. */
export function creditCode(body17: string): string {
  return body17 + creditCodeCheckChar(body17);
}

const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

/**
 * Two districts (one of them the functional 大鹏新区), a street each, a community each and three
 * grids — enough for every scope filter and for "who was responsible on that day".
 */
export async function seedMiniCity(db: Kysely<DB>) {
  const J = (
    id: string,
    level: 'city' | 'district' | 'street' | 'community' | 'grid',
    parent: string | null,
    name: string,
    extra: Partial<{ official_code: string; is_functional: boolean; boundary_synthetic: boolean }> = {},
    at: [number, number] = [114.0, 22.5],
  ) => ({
    id,
    level,
    parent_id: parent,
    name,
    official_code: extra.official_code ?? null,
    is_functional: extra.is_functional ?? false,
    boundary_synthetic: extra.boundary_synthetic ?? false,
    boundary: JSON.stringify(square(at[0], at[1], 0.05)),
    center_lon: at[0] + 0.025,
    center_lat: at[1] + 0.025,
  });
  await db
    .insertInto('jurisdiction')
    .values([
      J('440300', 'city', null, '深圳市', { official_code: '440300' }),
      J('440306', 'district', '440300', '宝安区', { official_code: '440306' }),
      J('DP-440307', 'district', '440300', '大鹏新区', { is_functional: true }, [114.45, 22.55]),
      J('440306001', 'street', '440306', '新安街道', {
        official_code: '440306001',
        boundary_synthetic: true,
      }),
      J(
        '440307009',
        'street',
        'DP-440307',
        '葵涌街道',
        { official_code: '440307009', boundary_synthetic: true },
        [114.45, 22.55],
      ),
      J('440306001001', 'community', '440306001', '海旺社区', {
        official_code: '440306001001',
        boundary_synthetic: true,
      }),
      J(
        '440307009001',
        'community',
        '440307009',
        '葵涌社区',
        { official_code: '440307009001', boundary_synthetic: true },
        [114.45, 22.55],
      ),
      J('G440306001001-1', 'grid', '440306001001', '新安街道海旺社区第1网格', { boundary_synthetic: true }),
      J('G440306001001-2', 'grid', '440306001001', '新安街道海旺社区第2网格', { boundary_synthetic: true }),
      J(
        'G440307009001-1',
        'grid',
        '440307009001',
        '葵涌街道葵涌社区第1网格',
        { boundary_synthetic: true },
        [114.45, 22.55],
      ),
    ])
    .execute();
  await db
    .insertInto('industry')
    .values([
      {
        code: 'C',
        level: 1,
        name: '制造业',
        parent_code: null,
        gongmao_category: null,
        category_source: null,
      },
      {
        code: 'C39',
        level: 2,
        name: '计算机、通信和其他电子设备制造业',
        parent_code: 'C',
        gongmao_category: 'machinery',
        category_source: 'official',
      },
      {
        code: 'C398',
        level: 3,
        name: '电子元件及电子专用材料制造',
        parent_code: 'C39',
        gongmao_category: 'machinery',
        category_source: 'official',
      },
      {
        code: 'C3981',
        level: 4,
        name: '电阻电容电感元件制造',
        parent_code: 'C398',
        gongmao_category: 'machinery',
        category_source: 'official',
      },
      {
        code: 'C17',
        level: 2,
        name: '纺织业',
        parent_code: 'C',
        gongmao_category: 'textile',
        category_source: 'derived',
      },
      {
        code: 'C171',
        level: 3,
        name: '棉纺织及印染精加工',
        parent_code: 'C17',
        gongmao_category: 'textile',
        category_source: 'derived',
      },
      {
        code: 'C1711',
        level: 4,
        name: '棉纺纱加工',
        parent_code: 'C171',
        gongmao_category: 'textile',
        category_source: 'derived',
      },
      {
        code: 'A',
        level: 1,
        name: '农、林、牧、渔业',
        parent_code: null,
        gongmao_category: null,
        category_source: null,
      },
      {
        code: 'A01',
        level: 2,
        name: '农业',
        parent_code: 'A',
        gongmao_category: null,
        category_source: null,
      },
      {
        code: 'A011',
        level: 3,
        name: '谷物种植',
        parent_code: 'A01',
        gongmao_category: null,
        category_source: null,
      },
      {
        code: 'A0111',
        level: 4,
        name: '稻谷种植',
        parent_code: 'A011',
        gongmao_category: null,
        category_source: null,
      },
    ])
    .execute();

  const enterprises = [
    [
      '9144030600000001X',
      '深圳市华强电子有限公司',
      '深圳市宝安区新安街道海旺社区宝安大道1号',
      'C3981',
      'G440306001001-1',
      'operating',
      114.01,
      22.51,
    ],
    [
      '9144030600000002X',
      '深圳市宏达精密电子科技有限公司',
      '深圳市宝安区新安街道海旺社区新湖路8号',
      'C3981',
      'G440306001001-1',
      'operating',
      114.02,
      22.52,
    ],
    [
      '9144030600000003X',
      '深圳市锦绣纺织有限公司',
      '深圳市宝安区新安街道海旺社区创业路18号',
      'C1711',
      'G440306001001-2',
      'suspended',
      114.03,
      22.53,
    ],
    [
      '9144030700000004X',
      '深圳市葵涌海滨电子有限公司',
      '深圳市大鹏新区葵涌街道葵涌社区葵新路2号',
      'C3981',
      'G440307009001-1',
      'operating',
      114.46,
      22.56,
    ],
  ] as const;
  const chain = (grid: string) =>
    grid.startsWith('G440307')
      ? { community_id: '440307009001', street_id: '440307009', district_id: 'DP-440307' }
      : { community_id: '440306001001', street_id: '440306001', district_id: '440306' };
  const ids = await db
    .insertInto('enterprise')
    .values(
      enterprises.map(([body, name, address, industry, grid, status, lon, lat]) => ({
        credit_code: creditCode(body.slice(0, 17)),
        name,
        address,
        industry_code: industry,
        gongmao_category: industry === 'C1711' ? ('textile' as const) : ('machinery' as const),
        scale: 'small' as const,
        employees: 40,
        lon,
        lat,
        grid_id: grid,
        ...chain(grid),
        status,
        synthetic: true,
        search_terms: enterpriseSearchTerms(name, address),
      })),
    )
    .returning(['id', 'credit_code'])
    .execute();

  const inspectors = await db
    .insertInto('inspector')
    .values([
      { name: '张伟', phone: '13800000001', street_id: '440306001', synthetic: true },
      { name: '李娜', phone: '13800000002', street_id: '440306001', synthetic: true },
      { name: '王强', phone: '13800000003', street_id: '440306001', synthetic: true },
    ])
    .returning('id')
    .execute();
  // Grid 1: 张伟 until 2026-06-30, then 王强; 李娜 throughout.
  await db
    .insertInto('grid_assignment')
    .values([
      {
        inspector_id: inspectors[0]!.id,
        grid_id: 'G440306001001-1',
        valid_from: '2024-01-01',
        valid_to: '2026-07-01',
      },
      {
        inspector_id: inspectors[2]!.id,
        grid_id: 'G440306001001-1',
        valid_from: '2026-07-01',
        valid_to: null,
      },
      {
        inspector_id: inspectors[1]!.id,
        grid_id: 'G440306001001-1',
        valid_from: '2024-01-01',
        valid_to: null,
      },
    ])
    .execute();
  return { enterprises: ids, inspectors };
}
