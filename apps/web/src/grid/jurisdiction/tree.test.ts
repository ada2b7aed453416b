import { describe, expect, it } from 'vitest';
import type { JurisdictionNode } from '@safegrid/contracts';
import {
  belowCity,
  buildJurisdictionTree,
  descendantsOfLevel,
  findInTree,
  pathTo,
  toSelectTree,
} from './tree';

const node = (
  id: string,
  level: JurisdictionNode['level'],
  parentId: string | null,
  name: string,
): JurisdictionNode => ({
  id,
  level,
  parentId,
  name,
  officialCode: null,
  isFunctional: false,
  boundarySynthetic: level !== 'district' && level !== 'city',
  center: null,
  enterpriseCount: 1,
});

const nodes: JurisdictionNode[] = [
  node('4403', 'city', null, '深圳市'),
  node('440304', 'district', '4403', '福田区'),
  node('440303', 'district', '4403', '罗湖区'),
  node('440303001', 'street', '440303', '桂园街道'),
  node('440303002', 'street', '440303', '黄贝街道'),
  node('440303001001', 'community', '440303001', '松园社区'),
  node('G2', 'grid', '440303001001', '松园社区第2网格'),
  node('G10', 'grid', '440303001001', '松园社区第10网格'),
  node('orphan', 'grid', 'missing', '孤立网格'),
];

describe('buildJurisdictionTree', () => {
  it('nests nodes under their parents keeping the given order', () => {
    const roots = buildJurisdictionTree(nodes);
    expect(roots.map((r) => r.node.id)).toEqual(['4403', 'orphan']);
    const districts = belowCity([roots[0]!]);
    expect(districts.map((d) => d.node.name)).toEqual(['福田区', '罗湖区']);
    expect(districts[1]!.children.map((s) => s.node.name)).toEqual(['桂园街道', '黄贝街道']);
  });

  it('sorts siblings by pinyin (and numbers numerically) on request', () => {
    const roots = buildJurisdictionTree(nodes, 'pinyin');
    // gū (孤立网格) sorts before shēn (深圳市); fú (福田) before luó (罗湖); 2 before 10.
    expect(roots.map((r) => r.node.id)).toEqual(['orphan', '4403']);
    const city = roots[1];
    expect(city!.children.map((d) => d.node.name)).toEqual(['福田区', '罗湖区']);
    const community = findInTree([city!], '440303001001')!;
    expect(community.children.map((g) => g.node.id)).toEqual(['G2', 'G10']);
    const luohu = findInTree([city!], '440303')!;
    expect(luohu.children.map((s) => s.node.name)).toEqual(['桂园街道', '黄贝街道']);
  });

  it('keeps orphans as roots instead of dropping them', () => {
    expect(buildJurisdictionTree(nodes).some((r) => r.node.id === 'orphan')).toBe(true);
  });
});

describe('tree helpers', () => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const roots = belowCity(buildJurisdictionTree(nodes).filter((r) => r.node.id !== 'orphan'));

  it('pathTo lists ancestors top-down and survives cycles', () => {
    expect(pathTo(byId, 'G2').map((n) => n.id)).toEqual([
      '4403',
      '440303',
      '440303001',
      '440303001001',
      'G2',
    ]);
    const cyclic = new Map([
      ['a', node('a', 'street', 'b', 'A')],
      ['b', node('b', 'street', 'a', 'B')],
    ]);
    expect(pathTo(cyclic, 'a').map((n) => n.id)).toEqual(['b', 'a']);
  });

  it('descendantsOfLevel collects grids of a subtree', () => {
    const luohu = findInTree(roots, '440303')!;
    expect(descendantsOfLevel(luohu, 'grid').map((n) => n.id)).toEqual(['G2', 'G10']);
  });

  it('toSelectTree marks only chosen levels selectable', () => {
    const data = toSelectTree(roots, (n) => n.name, new Set(['grid'] as const));
    expect(data[1]!.selectable).toBe(false);
    const grid = data[1]!.children![0]!.children![0]!.children![0]!;
    expect(grid).toMatchObject({ value: 'G2', selectable: true, level: 'grid' });
    expect(grid.children).toBeUndefined();
  });
});
