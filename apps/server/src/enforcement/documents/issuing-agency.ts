/**
 * The agency a document is issued in the name of (its number's 简称, the seal line, the agency
 * named in the wording). Since 2018 that is the 应急管理局 of the city or district.
 *
 * - An officer with a city-wide scope issues for the city bureau; any other officer for the
 *   bureau of the district the enterprise belongs to (大鹏新区, a functional district, has its own).
 * - The 简称 is derived, not looked up: no official list of the bureaus' short names was found, so
 *   the platform uses the city's first character plus the district's name without 区/新区
 *   (深宝安, 深大鹏; the city bureau 深). The derivation is unambiguous and stable; a bureau whose
 *   registered 简称 differs gets an entry in SHORT_NAME_OVERRIDES, the one place to change it.
 */

export interface IssuingAgency {
  /** Jurisdiction id of the city or district (the numbering series belongs to it). */
  code: string;
  name: string;
  shortName: string;
}

export interface JurisdictionName {
  id: string;
  name: string;
}

/** Confirmed short names by jurisdiction id (none confirmed yet). */
export const SHORT_NAME_OVERRIDES: Readonly<Record<string, string>> = {};

const stripDistrict = (name: string) => name.replace(/(新区|区)$/u, '');

export function issuingAgency(city: JurisdictionName, district: JurisdictionName | null): IssuingAgency {
  const cityShort = city.name.slice(0, 1);
  if (!district) {
    return {
      code: city.id,
      name: `${city.name}应急管理局`,
      shortName: SHORT_NAME_OVERRIDES[city.id] ?? cityShort,
    };
  }
  return {
    code: district.id,
    name: `${city.name}${district.name}应急管理局`,
    shortName: SHORT_NAME_OVERRIDES[district.id] ?? `${cityShort}${stripDistrict(district.name)}`,
  };
}
