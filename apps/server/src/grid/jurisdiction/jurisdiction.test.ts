import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridDetail, JurisdictionTree, MapEnterprises, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { injectAs, signedInAs, testActor } from '../../../test/sessions';
import { seedMiniCity } from '../../../test/mini-city';
import type { Database } from '../../platform/db/database';
import { createMapService } from '../map/map.service';
import { createMapRepository } from '../map/map.repository';
import { createJurisdictionRepository } from './jurisdiction.repository';

let app: App;
let asAdmin: ReturnType<typeof injectAs>;
let db: Database['db'];
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await openTestDatabase('jurisdiction');
  cleanup = t.cleanup;
  db = t.database.db;
  await seedMiniCity(t.database.db);
  app = await buildApp({ config: testConfig(), database: t.database, logger: false });
  asAdmin = injectAs(app, await signedInAs(t.database.db, 'city_admin'));
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

describe('jurisdiction tree and grids', () => {
  it('returns the tree with enterprise counts summed up every level', async () => {
    const { nodes } = (await asAdmin({ url: '/api/jurisdictions/tree' })).json<JurisdictionTree>();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('440300')!.enterpriseCount).toBe(4);
    expect(byId.get('440306')!.enterpriseCount).toBe(3);
    expect(byId.get('DP-440307')).toMatchObject({
      isFunctional: true,
      officialCode: null,
      enterpriseCount: 1,
    });
    expect(byId.get('440307009')!.parentId).toBe('DP-440307');
    expect(byId.get('G440306001001-2')).toMatchObject({
      level: 'grid',
      boundarySynthetic: true,
      enterpriseCount: 1,
    });
    // Parents come before children, so a client can build the tree in one pass.
    const seen = new Set<string>();
    for (const n of nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
  });

  it('answers who was responsible for a grid on a given day', async () => {
    const names = async (day: string) =>
      (await asAdmin({ url: `/api/grids/G440306001001-1?day=${day}` }))
        .json<GridDetail>()
        .inspectors.map((i) => i.name)
        .sort();
    expect(await names('2025-03-01')).toEqual(['张伟', '李娜'].sort());
    expect(await names('2026-07-01')).toEqual(['李娜', '王强'].sort());
    expect(await names('2023-12-31')).toEqual([]);
  });

  it('returns a grid with its path, boundary and enterprises', async () => {
    const grid = (await asAdmin({ url: '/api/grids/G440306001001-1' })).json<GridDetail>();
    expect(grid.path.map((n) => [n.level, n.enterpriseCount])).toEqual([
      ['city', 4],
      ['district', 3],
      ['street', 3],
      ['community', 3],
      ['grid', 2],
    ]);
    expect(grid.enterpriseTotal).toBe(2);
    expect(grid.enterprises.map((e) => e.gridId)).toEqual(['G440306001001-1', 'G440306001001-1']);
    expect(grid.boundary).toMatchObject({ type: 'Polygon' });
  });

  it('answers 404 for an unknown grid and for a node that is not a grid', async () => {
    for (const id of ['G-none', '440306']) {
      const res = await asAdmin({ url: `/api/grids/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json<Problem>().code).toBe('resource.not_found');
    }
  });
});

describe('map layers', () => {
  it('serves boundaries of a level as GeoJSON, marking synthetic shapes', async () => {
    const res = await asAdmin({ url: '/api/map/boundaries?level=grid' });
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json<{ features: { properties: { id: string; synthetic: boolean } }[] }>();
    expect(fc.features.map((f) => f.properties.id).sort()).toEqual([
      'G440306001001-1',
      'G440306001001-2',
      'G440307009001-1',
    ]);
    expect(fc.features.every((f) => f.properties.synthetic)).toBe(true);
    const bad = await asAdmin({ url: '/api/map/boundaries?level=planet' });
    expect(bad.statusCode).toBe(400);
  });

  it('returns points in a small viewport and only those inside it', async () => {
    const res = await asAdmin({ url: '/api/map/enterprises?bbox=114.0,22.5,114.1,22.6&zoom=14' });
    const body = res.json<MapEnterprises>();
    expect(body.mode).toBe('points');
    expect(body.total).toBe(3);
    expect(body.points.every((p) => p.lon <= 114.1)).toBe(true);
  });

  it('rejects an inverted or malformed bbox', async () => {
    for (const bbox of ['114.1,22.5,114.0,22.6', 'a,b,c,d', '1,2,3']) {
      const res = await asAdmin({ url: `/api/map/enterprises?bbox=${bbox}&zoom=10` });
      expect(res.statusCode).toBe(400);
    }
  });

  it('clusters when more enterprises are in view than the point limit, at city and street zoom', async () => {
    const service = createMapService({
      map: createMapRepository(db),
      jurisdictions: createJurisdictionRepository(db),
      pointLimit: 2,
    });
    for (const zoom of [9, 15]) {
      const body = await service.enterprises(testActor('city_admin'), '113.9,22.4,114.6,22.7', zoom);
      expect(body.mode).toBe('clusters');
      expect(body.clusters.reduce((n, c) => n + c.count, 0)).toBe(4);
      expect(body.total).toBe(4);
    }
    const few = await service.enterprises(testActor('city_admin'), '114.4,22.5,114.5,22.6', 9);
    expect(few).toMatchObject({ mode: 'points', total: 1 });
  });
});
