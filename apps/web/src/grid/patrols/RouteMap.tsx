import { useEffect, useRef } from 'react';
import L from 'leaflet';
import type { PatrolTask } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { createBaseMap, SHENZHEN_CENTER, watchSize } from '../common/mapBase';
import type { Position } from './patrolModel';

/** A small tile-less map of the day's route: numbered stops in visiting order, a line between them. */
export function RouteMap({ tasks, start }: { tasks: readonly PatrolTask[]; start: Position | null }) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createBaseMap(container, { minZoom: 9, scrollWheelZoom: false, zoomAnimation: false });
    map.setView(SHENZHEN_CENTER, 10);
    layerRef.current = L.layerGroup().addTo(map);
    mapRef.current = map;
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
    const points: L.LatLngExpression[] = [];
    if (start) {
      points.push([start.lat, start.lon]);
      layer.addLayer(
        L.circleMarker([start.lat, start.lon], {
          radius: 7,
          color: '#fff',
          weight: 2,
          fillColor: '#1677ff',
          fillOpacity: 1,
        }),
      );
    }
    tasks.forEach((task, index) => {
      const at: L.LatLngExpression = [task.enterprise.lat, task.enterprise.lon];
      points.push(at);
      const icon = L.divIcon({
        className: 'sg-route-stop',
        html: `<span>${index + 1}</span>`,
        iconSize: [24, 24],
        iconAnchor: [12, 12],
      });
      const marker = L.marker(at, { icon, keyboard: false, title: task.enterprise.name });
      layer.addLayer(marker);
    });
    if (points.length > 1) {
      layer.addLayer(L.polyline(points, { color: '#1d5fa8', weight: 3, opacity: 0.8, dashArray: '6 6' }));
    }
    if (points.length === 1) map.setView(points[0] as L.LatLngExpression, 15);
    else if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [20, 20], maxZoom: 16 });
  }, [tasks, start]);

  return (
    <div
      ref={containerRef}
      className="sg-minimap sg-route-map"
      data-testid="patrol-route-map"
      data-stops={tasks.length}
      role="region"
      aria-label={t('patrol.routeMap')}
    />
  );
}
