import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import L from 'leaflet';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { createBaseMap, popupBox, popupLink, SHENZHEN_CENTER, watchSize } from './mapBase';
import { STATUS_COLORS, type EnterpriseStatus } from './labels';

export interface MiniMapPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
  status: EnterpriseStatus;
  /** The enterprise the page is about: drawn larger and on top. */
  highlight?: boolean;
}

interface Props {
  boundary: GeoJSON.Geometry | null;
  points: readonly MiniMapPoint[];
  testId: string;
  height?: number;
}

/** A small tile-less map: one boundary (a grid) and a few enterprise points with popups. */
export function MiniMap({ boundary, points, testId, height }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const labelsRef = useRef({ t, navigate });

  useEffect(() => {
    labelsRef.current = { t, navigate };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createBaseMap(container, { minZoom: 9, scrollWheelZoom: false, zoomAnimation: false });
    map.setView(SHENZHEN_CENTER, 10);
    const layer = L.layerGroup().addTo(map);
    mapRef.current = map;
    layerRef.current = layer;
    const unwatch = watchSize(map, container);
    return () => {
      unwatch();
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    layer.clearLayers();
    let bounds: L.LatLngBounds | null = null;
    if (boundary) {
      const shape = L.geoJSON(boundary, {
        style: { color: '#b5544f', weight: 2, fillColor: '#ffffff', fillOpacity: 0.7 },
        interactive: false,
      });
      layer.addLayer(shape);
      const b = shape.getBounds();
      if (b.isValid()) bounds = b;
    }
    const ordered = [...points].sort((a, b) => Number(a.highlight ?? false) - Number(b.highlight ?? false));
    for (const p of ordered) {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: p.highlight ? 8 : 5,
        color: p.highlight ? '#1d1d1d' : '#ffffff',
        weight: p.highlight ? 2 : 1,
        fillColor: STATUS_COLORS[p.status],
        fillOpacity: p.highlight ? 1 : 0.75,
      });
      marker.bindPopup(() => {
        const { t: tr, navigate: nav } = labelsRef.current;
        const title = document.createElement('strong');
        title.textContent = p.name;
        return popupBox(
          title,
          tr(`status.${p.status}`),
          popupLink(
            tr('map.openEnterprise'),
            `/enterprises/${encodeURIComponent(p.id)}`,
            nav,
            'minimap-enterprise-link',
          ),
        );
      });
      layer.addLayer(marker);
      bounds = bounds ? bounds.extend([p.lat, p.lon]) : L.latLngBounds([p.lat, p.lon], [p.lat, p.lon]);
    }
    const focus = points.find((p) => p.highlight);
    if (bounds && bounds.isValid()) {
      const single = bounds.getNorthEast().equals(bounds.getSouthWest());
      if (single) map.setView(bounds.getCenter(), 16);
      else map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else if (focus) {
      map.setView([focus.lat, focus.lon], 16);
    }
  }, [boundary, points]);

  return (
    <div
      ref={containerRef}
      className="sg-minimap"
      data-testid={testId}
      style={height ? { height } : undefined}
      role="region"
      aria-label={t('map.miniMapLabel')}
    />
  );
}
