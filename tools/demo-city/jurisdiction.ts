import {
  bboxOf,
  centroidOf,
  labelPoint,
  multiPolygonArea,
  round6,
  roundMultiPolygon,
  spreadSeeds,
  union,
  voronoiPartition,
  type BBox,
  type MultiPolygonCoords,
  type Position,
} from './geometry';
import { Random, apportion } from './prng';
import type { CommunityRef, DistrictRef, ShenzhenReference, StreetRef } from './reference';

/**
 * The jurisdiction tree. Real: names, codes and the parent of every district, street and
 * community (official statistical codes), and the district outlines. Synthetic: every street,
 * community and grid outline (no public source exists) and the grids themselves.
 */
export type Level = 'city' | 'district' | 'street' | 'community' | 'grid';

export interface JurisdictionNode {
  id: string;
  level: Level;
  parentId: string | null;
  name: string;
  officialCode: string | null;
  isFunctional: boolean;
  boundary: MultiPolygonCoords;
  boundarySynthetic: boolean;
  centerLon: number;
  centerLat: number;
  sortOrder: number;
}

/** What the enterprise and people generators need to know about one grid. */
export interface GridSite {
  node: JurisdictionNode;
  bbox: BBox;
  /** An interior point, used when rejection sampling gives up on a sliver. */
  anchor: Position;
  communityId: string;
  streetId: string;
  districtId: string;
  districtName: string;
  streetName: string;
  communityName: string;
  enterpriseCount: number;
}

export const CITY_ID = '440300';
export const LONGGANG = '440307';
/** 大鹏新区 has no statistical code of its own: a synthetic id that names its host district. */
export const DAPENG_ID = 'DP-440307';
export const DAPENG_NAME = '大鹏新区';

export interface TreeOptions {
  seed: number;
  /** District ids to build in full (adcodes and/or DAPENG_ID). */
  districts: readonly string[];
  enterprises: number;
  grids: number;
}

/**
 * Relative industrial weight of each district: our own guess for a plausible picture (宝安, 龙岗,
 * 龙华 carry most manufacturing; 福田 and 罗湖 are mostly offices and shops). Not a statistic.
 */
const ENTERPRISE_WEIGHT: Record<string, number> = {
  '440303': 3.5, // 罗湖
  '440304': 3.5, // 福田
  '440305': 7, // 南山
  '440306': 30, // 宝安
  '440307': 20, // 龙岗 (without 大鹏新区)
  '440308': 2, // 盐田
  '440309': 15, // 龙华
  '440310': 7, // 坪山
  '440311': 10, // 光明
  [DAPENG_ID]: 2,
};

export const ALL_DISTRICTS: readonly string[] = Object.keys(ENTERPRISE_WEIGHT);

/** The source file has one community as "…社区居委"; the tree shows every one as "…社区". */
function communityDisplayName(c: CommunityRef): string {
  const at = c.shortName.indexOf('社区');
  return at > 0 ? c.shortName.slice(0, at + 2) : c.shortName;
}

/**
 * 龙岗's outline has two parts: the main body and the detached eastern peninsula, cut off from
 * it by 坪山 and 盐田. 葵涌, 大鹏 and 南澳 lie on that peninsula, so it is 大鹏新区's area and the
 * main body is what 龙岗 administers itself.
 */
function splitLonggang(longgang: DistrictRef): { main: MultiPolygonCoords; dapeng: MultiPolygonCoords } {
  let east = -1;
  let eastLon = -Infinity;
  longgang.polygons.forEach((p, i) => {
    const lon = centroidOf([p])[0];
    if (lon > eastLon) {
      eastLon = lon;
      east = i;
    }
  });
  return {
    main: longgang.polygons.filter((_, i) => i !== east),
    dapeng: [longgang.polygons[east]!],
  };
}

function node(
  partial: Omit<JurisdictionNode, 'centerLon' | 'centerLat' | 'boundary'> & { boundary: MultiPolygonCoords },
  anchor: Position,
): JurisdictionNode {
  const [lon, lat] = labelPoint(partial.boundary, anchor);
  return { ...partial, centerLon: round6(lon), centerLat: round6(lat) };
}

/**
 * Splits `parent` into `count` synthetic pieces. Rounding and sliver removal can in rare cases
 * leave a piece empty; another seed layout is tried then (still deterministic).
 */
function partition(
  parent: MultiPolygonCoords,
  count: number,
  random: Random,
): { shape: MultiPolygonCoords; seed: Position }[] {
  for (let attempt = 0; attempt < 5; attempt++) {
    const seeds = spreadSeeds(parent, count, random);
    const shapes = voronoiPartition(parent, seeds).map((s) => roundMultiPolygon(s));
    if (shapes.every((s) => s.length > 0)) return shapes.map((shape, i) => ({ shape, seed: seeds[i]! }));
  }
  throw new Error(`could not split a polygon into ${count} pieces`);
}

export interface Tree {
  nodes: JurisdictionNode[];
  grids: GridSite[];
}

export function buildTree(ref: ShenzhenReference, options: TreeOptions): Tree {
  const random = Random.stream(options.seed, 'jurisdiction');
  const nodes: JurisdictionNode[] = [];

  const realDistricts = ref.districts.filter((d) => d.adcode.startsWith('4403'));
  const longgang = realDistricts.find((d) => d.adcode === LONGGANG);
  if (!longgang) throw new Error('the district outlines lack 龙岗区');
  const split = splitLonggang(longgang);

  // The city outline is the union of the real district outlines (not of the included ones), so
  // the small city is still drawn as Shenzhen.
  const cityShape = roundMultiPolygon(union(realDistricts.map((d) => d.polygons)));
  nodes.push(
    node(
      {
        id: CITY_ID,
        level: 'city',
        parentId: null,
        name: '深圳市',
        officialCode: CITY_ID,
        isFunctional: false,
        boundary: cityShape,
        boundarySynthetic: false,
        sortOrder: 0,
      },
      [114.06, 22.55],
    ),
  );

  interface DistrictPlan {
    id: string;
    name: string;
    shape: MultiPolygonCoords;
    anchor: Position;
    streets: StreetRef[];
  }
  const plans: DistrictPlan[] = [];
  for (const d of realDistricts) {
    plans.push({
      id: d.adcode,
      name: d.name,
      // 龙岗区 keeps its statistical code but, in the functional tree, only its main body.
      shape: d.adcode === LONGGANG ? split.main : d.polygons,
      anchor: d.centroid,
      streets: [],
    });
  }
  plans.push({ id: DAPENG_ID, name: DAPENG_NAME, shape: split.dapeng, anchor: [114.5, 22.58], streets: [] });

  // Special areas (bonded zones, 前海, the airport) are statistical units, not 街道: their one
  // "virtual community" each has no residents' committee to hang grids on. The tree leaves them
  // out, as it does 深汕特别合作区's towns (outside the city, in 海丰县).
  for (const s of ref.streets) {
    if (s.isSpecialArea || !s.districtCode.startsWith('4403')) continue;
    const planId = s.functionalDistrict === DAPENG_NAME ? DAPENG_ID : s.districtCode;
    const plan = plans.find((p) => p.id === planId);
    if (!plan) throw new Error(`street ${s.code9} belongs to unknown district ${planId}`);
    plan.streets.push(s);
  }

  const included = plans.filter((p) => options.districts.includes(p.id));
  if (included.length !== options.districts.length) throw new Error('unknown district requested');
  const communitiesOf = new Map<string, CommunityRef[]>();
  for (const c of ref.communities) {
    const list = communitiesOf.get(c.streetCode9) ?? [];
    list.push(c);
    communitiesOf.set(c.streetCode9, list);
  }

  // Pass 1: districts, streets, communities, and how many enterprises each community gets.
  interface CommunityPlan {
    node: JurisdictionNode;
    streetNode: JurisdictionNode;
    districtNode: JurisdictionNode;
    enterprises: number;
    grids: number;
  }
  const communityPlans: CommunityPlan[] = [];
  const districtTotals = apportion(
    options.enterprises,
    included.map((p) => ENTERPRISE_WEIGHT[p.id]!),
  );

  plans.forEach((plan, districtIndex) => {
    const k = included.indexOf(plan);
    if (k < 0) return;
    const districtNode = node(
      {
        id: plan.id,
        level: 'district',
        parentId: CITY_ID,
        name: plan.name,
        officialCode: plan.id === DAPENG_ID ? null : plan.id,
        isFunctional: plan.id === DAPENG_ID,
        boundary: plan.shape,
        // Real outline coordinates (大鹏新区: the detached part of 龙岗's outline, see above).
        boundarySynthetic: false,
        sortOrder: districtIndex + 1,
      },
      plan.anchor,
    );
    nodes.push(districtNode);

    const streetPieces = partition(plan.shape, plan.streets.length, random);
    const districtCommunities: CommunityPlan[] = [];
    plan.streets.forEach((street, si) => {
      const piece = streetPieces[si]!;
      const streetNode = node(
        {
          id: street.code9,
          level: 'street',
          parentId: plan.id,
          name: street.name,
          officialCode: street.code9,
          isFunctional: false,
          boundary: piece.shape,
          boundarySynthetic: true,
          sortOrder: si + 1,
        },
        piece.seed,
      );
      nodes.push(streetNode);

      const communities = communitiesOf.get(street.code9) ?? [];
      if (communities.length === 0) throw new Error(`street ${street.code9} has no communities`);
      const communityPieces = partition(piece.shape, communities.length, random);
      communities.forEach((c, ci) => {
        const cp = communityPieces[ci]!;
        const communityNode = node(
          {
            id: c.code12,
            level: 'community',
            parentId: street.code9,
            name: communityDisplayName(c),
            officialCode: c.code12,
            isFunctional: false,
            boundary: cp.shape,
            boundarySynthetic: true,
            sortOrder: ci + 1,
          },
          cp.seed,
        );
        nodes.push(communityNode);
        districtCommunities.push({ node: communityNode, streetNode, districtNode, enterprises: 0, grids: 1 });
      });
    });
    // Communities differ a lot in how much industry they hold: a log-normal spread.
    const counts = apportion(
      districtTotals[k]!,
      districtCommunities.map(() => random.logNormal(0.6)),
    );
    districtCommunities.forEach((c, i) => (c.enterprises = counts[i]!));
    communityPlans.push(...districtCommunities);
  });

  // Pass 2: one grid per community, the extra grids to the communities with most enterprises.
  const extra = options.grids - communityPlans.length;
  if (extra < 0 || extra > communityPlans.length) {
    throw new Error(
      `${options.grids} grids cannot cover ${communityPlans.length} communities with 1–2 grids each`,
    );
  }
  [...communityPlans]
    .sort((a, b) => b.enterprises - a.enterprises || a.node.id.localeCompare(b.node.id))
    .slice(0, extra)
    .forEach((c) => (c.grids = 2));

  const grids: GridSite[] = [];
  for (const c of communityPlans) {
    const pieces = partition(c.node.boundary, c.grids, random);
    const counts = apportion(
      c.enterprises,
      pieces.map((p) => Math.max(multiPolygonArea(p.shape), 1e-12)),
    );
    pieces.forEach((piece, gi) => {
      const gridNode = node(
        {
          id: `G${c.node.id}-${gi + 1}`,
          level: 'grid',
          parentId: c.node.id,
          name: `${c.streetNode.name}${c.node.name}第${gi + 1}网格`,
          officialCode: null,
          isFunctional: false,
          boundary: piece.shape,
          boundarySynthetic: true,
          sortOrder: gi + 1,
        },
        piece.seed,
      );
      nodes.push(gridNode);
      grids.push({
        node: gridNode,
        bbox: bboxOf(piece.shape),
        anchor: [gridNode.centerLon, gridNode.centerLat],
        communityId: c.node.id,
        streetId: c.streetNode.id,
        districtId: c.districtNode.id,
        districtName: c.districtNode.name,
        streetName: c.streetNode.name,
        communityName: c.node.name,
        enterpriseCount: counts[gi]!,
      });
    });
  }
  return { nodes, grids };
}
