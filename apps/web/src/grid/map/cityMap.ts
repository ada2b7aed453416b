import L from 'leaflet';
import type { MapEnterprises } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import type { I18n } from '../../shell/i18n/I18nProvider';
import { pointInGeometry } from '../common/geo';
import { createBaseMap, popupBox, popupLink, SHENZHEN_CENTER } from '../common/mapBase';
import {
  BOUNDARY_LEVELS,
  BOUNDARY_MIN_ZOOM,
  clusterColor,
  pointColor,
  type PointColouring,
  clusterDiameter,
  debounce,
  fetchMapEnterprises,
  loadBoundaries,
  type BoundaryCollection,
  type BoundaryProps,
  type BoundaryLevel,
  type Debounced,
} from './mapData';

type MapPoint = MapEnterprises['points'][number];

export interface EnterpriseLayerState {
  mode: MapEnterprises['mode'];
  total: number;
  /** Markers on the map right now (clusters or points). */
  drawn: number;
}

export interface CityMapCallbacks {
  navigate(to: string): void;
  /** The current translations (the map outlives language switches). */
  i18n(): I18n;
  onEnterprises(state: EnterpriseLayerState): void;
  onLoading(loading: boolean): void;
  onError(error: unknown): void;
  /** Once: ms since navigation start when boundaries and the first enterprise layer are drawn. */
  onReady(firstRenderMs: number): void;
}

const BOUNDARY_STYLE: Record<BoundaryLevel, L.PathOptions> = {
  district: { color: '#1f4e79', weight: 2, fill: true, fillColor: '#f7f8fa', fillOpacity: 0.85 },
  street: { color: '#4f7cac', weight: 1.2, fill: false, dashArray: '6 3' },
  community: { color: '#7f98b5', weight: 0.8, fill: false, dashArray: '2 3' },
  grid: { color: '#b5544f', weight: 0.8, fill: false, opacity: 0.8 },
};
/** Line colours for the legend. */
export const BOUNDARY_LEGEND_COLORS: Record<BoundaryLevel, string> = {
  district: '#1f4e79',
  street: '#4f7cac',
  community: '#7f98b5',
  grid: '#b5544f',
};
/** Community boundaries start switched off: with streets and grids they clutter the map. */
const DEFAULT_LEVELS: ReadonlySet<BoundaryLevel> = new Set(['district', 'street', 'grid']);
const LINK_LEVEL_ROUTE: Partial<Record<BoundaryLevel, string>> = { grid: '/grids/' };

/**
 * The city map, imperative and outside React: Leaflet owns its DOM. Boundaries come from one
 * cached GeoJSON request per level and are drawn as SVG; enterprises are re-requested for the
 * viewport on every (debounced) moveend, the previous request aborted, and drawn as server-side
 * clusters (DOM markers, a few hundred at most) or as points on a canvas renderer. Points are
 * diffed by id so panning re-uses markers instead of redrawing thousands.
 */
export class CityMap {
  readonly map: L.Map;
  private readonly boundaryRenderer: L.SVG;
  private readonly pointRenderer: L.Canvas;
  private readonly levelGroups = {} as Record<BoundaryLevel, L.LayerGroup>;
  private readonly levelLayers = new Map<BoundaryLevel, L.GeoJSON>();
  private readonly levelData = new Map<BoundaryLevel, BoundaryCollection>();
  private readonly levelLoading = new Set<BoundaryLevel>();
  private readonly enterpriseGroup = L.layerGroup();
  private readonly clusterGroup = L.layerGroup();
  private readonly pointGroup = L.layerGroup();
  private readonly points = new Map<string, { marker: L.CircleMarker; point: MapPoint }>();
  private layerControl: L.Control.Layers | null = null;
  private layerControlCollapsed = false;
  private request: AbortController | null = null;
  private readonly scheduleEnterprises: Debounced<[]>;
  private destroyed = false;
  private boundariesDrawn = false;
  private enterprisesDrawn = false;
  private readyReported = false;
  private colouring: PointColouring = 'status';

  constructor(
    container: HTMLElement,
    private readonly cb: CityMapCallbacks,
    options: { narrow: boolean },
  ) {
    this.map = createBaseMap(container);
    this.map.createPane('sg-boundaries').style.zIndex = '350';
    this.map.createPane('sg-points').style.zIndex = '450';
    // Boundaries are a few thousand shapes at most and stay SVG (one <path> each, easy to
    // inspect and test); the enterprise points, which can be many thousands, go on canvas.
    this.boundaryRenderer = L.svg({ pane: 'sg-boundaries', padding: 0.3 });
    this.pointRenderer = L.canvas({ pane: 'sg-points', padding: 0.3, tolerance: 4 });
    this.map.setView(SHENZHEN_CENTER, options.narrow ? 9 : 10);

    for (const level of BOUNDARY_LEVELS) {
      this.levelGroups[level] = L.layerGroup();
      if (DEFAULT_LEVELS.has(level)) this.levelGroups[level].addTo(this.map);
    }
    this.enterpriseGroup.addLayer(this.clusterGroup).addLayer(this.pointGroup).addTo(this.map);
    this.buildLayerControl(options.narrow);

    this.scheduleEnterprises = debounce(() => this.loadEnterprises(), 180);
    this.map.on('moveend', () => {
      this.updateBoundaries();
      this.scheduleEnterprises();
    });
    this.map.on('overlayadd', (e: L.LayersControlEvent) => {
      this.updateBoundaries();
      if (e.layer === this.enterpriseGroup) this.loadEnterprises();
    });
    this.map.on('overlayremove', () => this.updateBoundaries());
    this.map.on('click', (e: L.LeafletMouseEvent) => this.openAreaPopup(e.latlng));

    this.updateBoundaries();
    this.loadEnterprises();
  }

  destroy(): void {
    this.destroyed = true;
    this.scheduleEnterprises.cancel();
    this.request?.abort();
    this.map.remove();
  }

  /** Re-creates the texts Leaflet holds (layer control) after a language switch. */
  /** Recolours the drawn dots (and the next ones) by status or by risk grade. */
  setColouring(colouring: PointColouring): void {
    this.colouring = colouring;
    for (const { marker, point } of this.points.values())
      marker.setStyle({ fillColor: pointColor(point, colouring) });
  }

  relabel(): void {
    if (this.destroyed) return;
    this.layerControl?.remove();
    this.buildLayerControl(this.layerControlCollapsed);
    this.map.closePopup();
  }

  private buildLayerControl(collapsed: boolean): void {
    const { t } = this.cb.i18n();
    this.layerControlCollapsed = collapsed;
    const overlays: Record<string, L.Layer> = {
      [t('map.layer.district')]: this.levelGroups.district,
      [t('map.layer.street', { zoom: BOUNDARY_MIN_ZOOM.street })]: this.levelGroups.street,
      [t('map.layer.community', { zoom: BOUNDARY_MIN_ZOOM.community })]: this.levelGroups.community,
      [t('map.layer.grid', { zoom: BOUNDARY_MIN_ZOOM.grid })]: this.levelGroups.grid,
      [t('map.layer.enterprises')]: this.enterpriseGroup,
    };
    this.layerControl = L.control
      .layers(undefined, overlays, { collapsed, position: 'topright' })
      .addTo(this.map);
    this.layerControl.getContainer()?.setAttribute('data-testid', 'map-layers');
  }

  // ---- boundaries -------------------------------------------------------------------------

  private levelWanted(level: BoundaryLevel): boolean {
    return this.map.hasLayer(this.levelGroups[level]) && this.map.getZoom() >= BOUNDARY_MIN_ZOOM[level];
  }

  private updateBoundaries(): void {
    for (const level of BOUNDARY_LEVELS) {
      const group = this.levelGroups[level];
      const layer = this.levelLayers.get(level);
      if (this.levelWanted(level)) {
        if (!layer) this.loadLevel(level);
        else if (!group.hasLayer(layer)) group.addLayer(layer);
      } else if (layer && group.hasLayer(layer)) {
        group.removeLayer(layer);
      }
    }
  }

  private loadLevel(level: BoundaryLevel): void {
    if (this.levelLoading.has(level)) return;
    this.levelLoading.add(level);
    loadBoundaries(level).then(
      (collection) => {
        this.levelLoading.delete(level);
        if (this.destroyed) return;
        this.levelData.set(level, collection);
        this.levelLayers.set(level, this.createBoundaryLayer(level, collection));
        this.updateBoundaries();
        if (level === 'district') {
          this.boundariesDrawn = true;
          this.checkReady();
        }
      },
      (error: unknown) => {
        this.levelLoading.delete(level);
        if (!this.destroyed) this.cb.onError(error);
      },
    );
  }

  private createBoundaryLayer(level: BoundaryLevel, collection: BoundaryCollection): L.GeoJSON {
    return L.geoJSON(
      collection as GeoJSON.FeatureCollection,
      {
        style: () => BOUNDARY_STYLE[level],
        interactive: false,
        renderer: this.boundaryRenderer,
        onEachFeature:
          level === 'district'
            ? (feature: GeoJSON.Feature, layer: L.Layer) => {
                const name = (feature.properties as BoundaryProps | null)?.name;
                if (name) {
                  layer.bindTooltip(name, {
                    permanent: true,
                    direction: 'center',
                    className: 'sg-district-label',
                    interactive: false,
                  });
                }
              }
            : undefined,
      } as L.GeoJSONOptions,
    );
  }

  /** Click on the map (not on a point): say which area it is, with a link for grids. */
  private openAreaPopup(latlng: L.LatLng): void {
    const { t } = this.cb.i18n();
    for (const level of [...BOUNDARY_LEVELS].reverse()) {
      if (!this.levelWanted(level)) continue;
      const feature = this.levelData
        .get(level)
        ?.features.find((f) => pointInGeometry(latlng.lng, latlng.lat, f.geometry));
      if (!feature) continue;
      const props = feature.properties;
      const lines: (Node | string)[] = [];
      const title = document.createElement('strong');
      title.textContent = props.name;
      lines.push(title, t(`level.${level}`));
      if (props.synthetic) lines.push(t('map.syntheticBoundary'));
      const route = LINK_LEVEL_ROUTE[level];
      if (route)
        lines.push(
          popupLink(
            t('map.openGrid'),
            `${route}${encodeURIComponent(props.id)}`,
            this.cb.navigate,
            'map-grid-link',
          ),
        );
      L.popup()
        .setLatLng(latlng)
        .setContent(popupBox(...lines))
        .openOn(this.map);
      return;
    }
  }

  // ---- enterprises ------------------------------------------------------------------------

  private loadEnterprises(): void {
    if (this.destroyed || !this.map.hasLayer(this.enterpriseGroup)) return;
    this.request?.abort();
    const controller = new AbortController();
    this.request = controller;
    const b = this.map.getBounds().pad(0.1);
    this.cb.onLoading(true);
    fetchMapEnterprises(
      { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() },
      this.map.getZoom(),
      controller.signal,
    )
      .then((data) => {
        if (this.destroyed || controller.signal.aborted) return;
        this.drawEnterprises(data);
        this.cb.onError(null);
        if (!this.enterprisesDrawn) {
          this.enterprisesDrawn = true;
          this.checkReady();
        }
      })
      .catch((error: unknown) => {
        if (!this.destroyed && !isAbortError(error)) this.cb.onError(error);
      })
      .finally(() => {
        if (this.request === controller) {
          this.request = null;
          if (!this.destroyed) this.cb.onLoading(false);
        }
      });
  }

  private drawEnterprises(data: MapEnterprises): void {
    if (data.mode === 'clusters') {
      this.clearPoints();
      this.drawClusters(data.clusters);
      this.cb.onEnterprises({ mode: data.mode, total: data.total, drawn: data.clusters.length });
    } else {
      this.clusterGroup.clearLayers();
      this.drawPoints(data.points);
      this.cb.onEnterprises({ mode: data.mode, total: data.total, drawn: this.points.size });
    }
  }

  private drawClusters(clusters: MapEnterprises['clusters']): void {
    const { t, locale } = this.cb.i18n();
    const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    const full = new Intl.NumberFormat(locale);
    this.clusterGroup.clearLayers();
    for (const c of clusters) {
      const d = clusterDiameter(c.count);
      const html =
        `<div class="sg-cluster" data-testid="map-cluster" data-count="${c.count}" ` +
        `style="width:${d}px;height:${d}px;background:${clusterColor(c.count)}">${compact.format(c.count)}</div>`;
      const marker = L.marker([c.lat, c.lon], {
        icon: L.divIcon({ className: 'sg-cluster-icon', html, iconSize: [d, d] }),
        title: t('map.clusterTitle', { count: full.format(c.count) }),
        keyboard: false,
        bubblingMouseEvents: false,
      });
      marker.on('click', () => {
        this.map.setView([c.lat, c.lon], Math.min(this.map.getZoom() + 2, this.map.getMaxZoom()));
      });
      this.clusterGroup.addLayer(marker);
    }
  }

  private drawPoints(points: MapEnterprises['points']): void {
    const keep = new Set<string>();
    for (const point of points) {
      keep.add(point.id);
      const existing = this.points.get(point.id);
      if (existing) {
        if (existing.point.status !== point.status || existing.point.grade !== point.grade)
          existing.marker.setStyle({ fillColor: pointColor(point, this.colouring) });
        existing.point = point;
        continue;
      }
      const marker = L.circleMarker([point.lat, point.lon], {
        renderer: this.pointRenderer,
        radius: 5,
        color: '#ffffff',
        weight: 1,
        fillColor: pointColor(point, this.colouring),
        fillOpacity: 0.9,
        bubblingMouseEvents: false,
      });
      const entry = { marker, point };
      marker.bindPopup(() => this.pointPopup(entry.point));
      this.pointGroup.addLayer(marker);
      this.points.set(point.id, entry);
    }
    for (const [id, entry] of this.points) {
      if (!keep.has(id)) {
        this.pointGroup.removeLayer(entry.marker);
        this.points.delete(id);
      }
    }
  }

  private clearPoints(): void {
    if (this.points.size === 0) return;
    this.pointGroup.clearLayers();
    this.points.clear();
  }

  private pointPopup(point: MapPoint): HTMLElement {
    const { t } = this.cb.i18n();
    const title = document.createElement('strong');
    title.textContent = point.name;
    return popupBox(
      title,
      `${t(`status.${point.status}`)} · ${t(`category.${point.gongmaoCategory}`)}`,
      popupLink(
        t('map.openEnterprise'),
        `/enterprises/${encodeURIComponent(point.id)}`,
        this.cb.navigate,
        'map-enterprise-link',
      ),
    );
  }

  private checkReady(): void {
    if (this.readyReported || !this.boundariesDrawn || !this.enterprisesDrawn) return;
    this.readyReported = true;
    // Leaflet paints canvas layers on the next animation frame: measure after that paint.
    requestAnimationFrame(() => {
      if (!this.destroyed) this.cb.onReady(Math.round(performance.now()));
    });
  }
}
