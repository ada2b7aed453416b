/** Small, pure geometry helpers (WGS84 lon/lat as in GeoJSON). */

type Ring = readonly (readonly number[])[];

/** Ray casting; points exactly on an edge may fall either way, which is fine for picking. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function pointInPolygonRings(lon: number, lat: number, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(lon, lat, outer)) return false;
  return !holes.some((hole) => pointInRing(lon, lat, hole));
}

/** Whether a GeoJSON Polygon or MultiPolygon contains the point; other geometry types never do. */
export function pointInGeometry(
  lon: number,
  lat: number,
  geometry: GeoJSON.Geometry | null | undefined,
): boolean {
  if (!geometry) return false;
  if (geometry.type === 'Polygon') return pointInPolygonRings(lon, lat, geometry.coordinates);
  if (geometry.type === 'MultiPolygon')
    return geometry.coordinates.some((p) => pointInPolygonRings(lon, lat, p));
  if (geometry.type === 'GeometryCollection')
    return geometry.geometries.some((g) => pointInGeometry(lon, lat, g));
  return false;
}

/** A geometry-like value from the API (typed unknown in the contract) narrowed to GeoJSON. */
export function asGeometry(value: unknown): GeoJSON.Geometry | null {
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  if (type === 'Feature') return asGeometry((value as { geometry?: unknown }).geometry);
  const known = [
    'Point',
    'MultiPoint',
    'LineString',
    'MultiLineString',
    'Polygon',
    'MultiPolygon',
    'GeometryCollection',
  ];
  return typeof type === 'string' && known.includes(type) ? (value as GeoJSON.Geometry) : null;
}
