import { checkCreditCode, normaliseCreditCode } from '@safegrid/contracts';
import type { FieldProblem } from '../../errors';
import type { GongmaoCategory } from '../../platform/db/schema';
import type { GridChain } from '../jurisdiction/jurisdiction.repository';

/**
 * Field rules shared by the API (one enterprise) and the import (thousands): the same input must
 * get the same verdict whichever door it comes through.
 */
export interface ReferenceLookup {
  industry(code: string): Promise<{ gongmao_category: GongmaoCategory | null; level: number } | undefined>;
  grid(id: string): Promise<GridChain | undefined>;
}

/** Shenzhen's extent with a margin; a point outside is a typo (swapped or mistyped coordinates). */
export const CITY_BOUNDS = { minLon: 113.7, maxLon: 114.7, minLat: 22.35, maxLat: 22.9 } as const;

// Tab and line breaks are kept out too: names and addresses are printed on official documents.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function cleanText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function checkText(
  pointer: string,
  value: string,
  min: number,
  max: number,
): FieldProblem | undefined {
  if (CONTROL.test(value)) return { pointer, code: 'text.control_characters' };
  const length = [...cleanText(value)].length;
  if (length < min || length > max) return { pointer, code: 'text.length', params: { min, max } };
  return undefined;
}

export function checkCreditCodeField(pointer: string, raw: string): FieldProblem | undefined {
  const value = normaliseCreditCode(raw);
  const reason = checkCreditCode(value);
  return reason
    ? { pointer, code: 'enterprise.credit_code_invalid', params: { value: raw, reason } }
    : undefined;
}

export async function checkIndustry(
  lookup: ReferenceLookup,
  pointer: string,
  code: string,
): Promise<{ problem?: FieldProblem; category?: GongmaoCategory }> {
  const industry = await lookup.industry(code.trim().toUpperCase());
  if (!industry || industry.level !== 4 || !industry.gongmao_category) {
    return { problem: { pointer, code: 'enterprise.industry_unknown', params: { value: code } } };
  }
  return { category: industry.gongmao_category };
}

export async function checkGrid(
  lookup: ReferenceLookup,
  pointer: string,
  gridId: string,
): Promise<{ problem?: FieldProblem; chain?: GridChain }> {
  const chain = await lookup.grid(gridId.trim());
  return chain
    ? { chain }
    : { problem: { pointer, code: 'enterprise.grid_unknown', params: { value: gridId } } };
}

export function checkLocation(pointer: string, [lon, lat]: [number, number]): FieldProblem | undefined {
  const inside =
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    lon >= CITY_BOUNDS.minLon &&
    lon <= CITY_BOUNDS.maxLon &&
    lat >= CITY_BOUNDS.minLat &&
    lat <= CITY_BOUNDS.maxLat;
  return inside ? undefined : { pointer, code: 'enterprise.location_outside_city' };
}
