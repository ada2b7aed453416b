import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { csvRecords } from '../../apps/server/src/grid/industries/csv-records';
import type { MultiPolygonCoords } from './geometry';

/** The real part of the demo city: the project's copy of the public reference data. */
const DATA_DIR = new URL('../../data/geo/', import.meta.url);
const path = (name: string) => fileURLToPath(new URL(name, DATA_DIR));

export interface DistrictRef {
  adcode: string;
  name: string;
  /** Outline as published (converted to WGS84); see data/SOURCES.md. */
  polygons: MultiPolygonCoords;
  centroid: [number, number];
}

export interface StreetRef {
  code9: string;
  name: string;
  districtCode: string;
  /** '大鹏新区' for 葵涌, 大鹏 and 南澳; otherwise the statistical district's name. */
  functionalDistrict: string;
  isSpecialArea: boolean;
}

export interface CommunityRef {
  code12: string;
  name: string;
  shortName: string;
  streetCode9: string;
}

export interface ShenzhenReference {
  districts: DistrictRef[];
  streets: StreetRef[];
  communities: CommunityRef[];
}

interface DistrictFeature {
  properties: { adcode: number; name: string; centroid: [number, number] };
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
}

let cached: ShenzhenReference | undefined;

export function loadShenzhenReference(): ShenzhenReference {
  if (cached) return cached;
  const geo = JSON.parse(readFileSync(path('shenzhen-districts.wgs84.geojson'), 'utf8')) as {
    features: DistrictFeature[];
  };
  const districts = geo.features.map((f) => ({
    adcode: String(f.properties.adcode),
    name: f.properties.name,
    polygons:
      f.geometry.type === 'MultiPolygon'
        ? (f.geometry.coordinates as MultiPolygonCoords)
        : [f.geometry.coordinates as MultiPolygonCoords[number]],
    centroid: f.properties.centroid,
  }));
  const streets = csvRecords(readFileSync(path('shenzhen-streets-2022.csv'), 'utf8')).map((r) => ({
    code9: r.code9!,
    name: r.name!,
    districtCode: r.district_code!,
    functionalDistrict: r.functional_district!,
    isSpecialArea: r.is_special_area === '1',
  }));
  const communities = csvRecords(readFileSync(path('shenzhen-communities-2021.csv'), 'utf8')).map((r) => ({
    code12: r.code12!,
    name: r.name!,
    shortName: r.short_name!,
    streetCode9: r.street_code9!,
  }));
  cached = { districts, streets, communities };
  return cached;
}
