import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { createBaseMap, SHENZHEN_CENTER, watchSize } from '../common/mapBase';
import type { TipPoint } from './tipModel';

/** District outlines (70 kB, the repository's own data) load with the map, in their own chunk. */
let districts: Promise<GeoJSON.GeoJsonObject | null> | null = null;
function loadDistricts(): Promise<GeoJSON.GeoJsonObject | null> {
  districts ??= import('../../../../../data/geo/shenzhen-districts.wgs84.geojson?raw').then(
    (m) => JSON.parse(m.default) as GeoJSON.GeoJsonObject,
    () => null,
  );
  return districts;
}

interface Props {
  point: TipPoint | null;
  /** A tap on the map puts the point there; without it the map only shows the point. */
  onPick?: (point: TipPoint) => void;
  /** Changing this number centres the map on the point, zoomed in (after "use my location"). */
  focus?: number;
  testId: string;
  height?: number;
}

/**
 * A small tile-less map (district outlines on grey) where the reporter taps the spot; the point
 * is a marker, its coordinates are on the container (`data-lat`, `data-lon`).
 */
export function PointMap({ point, onPick, focus = 0, testId, height }: Props) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.CircleMarker | null>(null);
  const pickRef = useRef(onPick);
  const pointRef = useRef(point);

  useEffect(() => {
    pickRef.current = onPick;
    pointRef.current = point;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createBaseMap(container, { minZoom: 9, scrollWheelZoom: false, zoomAnimation: false });
    const start = pointRef.current;
    if (start) map.setView([start.lat, start.lon], 15);
    else map.setView(SHENZHEN_CENTER, 10);
    map.on('click', (event: L.LeafletMouseEvent) => {
      pickRef.current?.({ lat: event.latlng.lat, lon: event.latlng.lng });
    });
    mapRef.current = map;
    let live = true;
    void loadDistricts().then((outline) => {
      if (!live || !outline) return;
      L.geoJSON(outline, {
        style: { color: '#7a8aa0', weight: 1, fillColor: '#ffffff', fillOpacity: 0.6 },
        interactive: false,
      })
        .addTo(map)
        .bringToBack();
    });
    const unwatch = watchSize(map, container);
    return () => {
      live = false;
      unwatch();
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!point) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const at = L.latLng(point.lat, point.lon);
    if (markerRef.current) markerRef.current.setLatLng(at);
    else {
      markerRef.current = L.circleMarker(at, {
        radius: 9,
        color: '#ffffff',
        weight: 3,
        fillColor: '#d4380d',
        fillOpacity: 1,
        interactive: false,
      }).addTo(map);
    }
    if (!onPick && !map.getBounds().contains(at)) map.setView(at, Math.max(map.getZoom(), 15));
  }, [point, onPick]);

  useEffect(() => {
    const map = mapRef.current;
    const at = pointRef.current;
    if (focus > 0 && map && at) map.setView([at.lat, at.lon], Math.max(map.getZoom(), 16));
  }, [focus]);

  return (
    <div
      ref={containerRef}
      className="sg-minimap sg-tip-map"
      data-testid={testId}
      data-lat={point ? String(point.lat) : undefined}
      data-lon={point ? String(point.lon) : undefined}
      style={height ? { height } : undefined}
      role="region"
      aria-label={t(onPick ? 'tip.mapLabel' : 'map.miniMapLabel')}
    />
  );
}
