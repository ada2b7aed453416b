import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import L from 'leaflet';
import type { PermitSummary } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { createBaseMap, popupBox, popupLink, SHENZHEN_CENTER, watchSize } from '../../grid/common/mapBase';
import { loadBoundaries } from '../../grid/map/mapData';
import { PERMIT_MARKER_COLORS } from '../labels';

interface Props {
  permits: readonly PermitSummary[];
  /** Draw the district outlines (needs jurisdiction.read). */
  boundaries: boolean;
}

/**
 * The live permits on a tile-less map (no external tiles): district outlines from our own
 * GeoJSON when the session may read them, one circle per permit coloured by status, larger
 * while it has open alarms.
 */
export function LiveMap({ permits, boundaries }: Props) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const labelsRef = useRef({ t, navigate, formatDateTime });
  const fittedRef = useRef(false);

  useEffect(() => {
    labelsRef.current = { t, navigate, formatDateTime };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createBaseMap(container, { zoomAnimation: false });
    map.setView(SHENZHEN_CENTER, window.innerWidth < 576 ? 9 : 10);
    const layer = L.layerGroup().addTo(map);
    mapRef.current = map;
    layerRef.current = layer;
    const unwatch = watchSize(map, container);
    let live = true;
    if (boundaries) {
      loadBoundaries('district').then(
        (collection) => {
          if (!live) return;
          L.geoJSON(collection as GeoJSON.FeatureCollection, {
            style: { color: '#5b7a99', weight: 1.5, fillColor: '#ffffff', fillOpacity: 0.6 },
            interactive: false,
          })
            .addTo(map)
            .bringToBack();
        },
        () => undefined, // The outlines are decoration; the markers matter.
      );
    }
    return () => {
      live = false;
      unwatch();
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, [boundaries]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    layer.clearLayers();
    const placed = permits.filter((p) => p.lon !== null && p.lat !== null);
    for (const p of placed) {
      const marker = L.circleMarker([p.lat!, p.lon!], {
        radius: p.openAlarms > 0 ? 10 : 7,
        color: p.openAlarms > 0 ? '#820014' : '#ffffff',
        weight: 2,
        fillColor: PERMIT_MARKER_COLORS[p.status],
        fillOpacity: 0.9,
      });
      marker.bindPopup(() => {
        const { t: tr, navigate: nav, formatDateTime: fmt } = labelsRef.current;
        const title = document.createElement('strong');
        title.textContent = `${p.enterpriseName} · ${p.spaceName}`;
        return popupBox(
          title,
          tr(`permitStatus.${p.status}`),
          tr('live.window', { start: fmt(p.windowStart), end: fmt(p.windowEnd) }),
          ...(p.openAlarms > 0 ? [tr('live.alarmsInPopup', { count: p.openAlarms })] : []),
          popupLink(
            tr('live.openPermit'),
            `/confined/permits/${encodeURIComponent(p.id)}`,
            nav,
            'live-map-permit-link',
          ),
        );
      });
      layer.addLayer(marker);
    }
    // Fit once to the first permits; later refreshes keep the user's view.
    if (!fittedRef.current && placed.length > 0) {
      fittedRef.current = true;
      const bounds = L.latLngBounds(placed.map((p) => [p.lat!, p.lon!] as [number, number]));
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), 14);
      else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  }, [permits]);

  return (
    <div
      ref={containerRef}
      className="sg-minimap"
      style={{ height: 480 }}
      data-testid="confined-live-map"
      data-count={permits.length}
      role="region"
      aria-label={t('live.mapLabel')}
    />
  );
}
