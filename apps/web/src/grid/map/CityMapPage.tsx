import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { GRADES } from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { ENTERPRISE_STATUSES, STATUS_COLORS } from '../common/labels';
import { watchSize } from '../common/mapBase';
import { BOUNDARY_LEGEND_COLORS, CityMap, type EnterpriseLayerState } from './cityMap';
import {
  BOUNDARY_LEVELS,
  BOUNDARY_MIN_ZOOM,
  POINT_COLOURINGS,
  UNGRADED_COLOR,
  type PointColouring,
} from './mapData';
import { GRADE_STYLES } from '../../profile/profileModel';

declare global {
  interface Window {
    /** Read by the e2e suite: ms from navigation start to the first complete map render. */
    __safegridMapReady?: { firstRenderMs: number };
  }
}

export default function CityMapPage() {
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  useDocumentTitle(t('nav.map'));
  const navigate = useNavigate();
  const containerRef = useRef<HTMLDivElement>(null);
  const cityMapRef = useRef<CityMap | null>(null);
  const i18nRef = useRef(i18n);
  const navigateRef = useRef(navigate);
  const [layer, setLayer] = useState<EnterpriseLayerState | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [ready, setReady] = useState(false);
  const [legendOpen, setLegendOpen] = useState(() => window.innerWidth >= 768);
  const [colouring, setColouring] = useState<PointColouring>('status');

  useEffect(() => {
    i18nRef.current = i18n;
    navigateRef.current = navigate;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const cityMap = new CityMap(
      container,
      {
        navigate: (to) => navigateRef.current(to),
        i18n: () => i18nRef.current,
        onEnterprises: setLayer,
        onLoading: setLoading,
        onError: setError,
        onReady: (firstRenderMs) => {
          window.__safegridMapReady ??= { firstRenderMs };
          setReady(true);
        },
      },
      { narrow: window.innerWidth < 768 },
    );
    cityMapRef.current = cityMap;
    const unwatch = watchSize(cityMap.map, container);
    return () => {
      unwatch();
      cityMap.destroy();
      cityMapRef.current = null;
    };
  }, []);

  useEffect(() => {
    cityMapRef.current?.relabel();
  }, [i18n.locale]);

  useEffect(() => {
    cityMapRef.current?.setColouring(colouring);
  }, [colouring]);

  return (
    <div data-testid="city-map-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0 }}>
          {t('map.title')}
        </Typography.Title>
        <Space
          size="small"
          wrap
          data-testid="map-status"
          data-mode={layer?.mode ?? ''}
          data-total={layer?.total ?? ''}
          data-drawn={layer?.drawn ?? ''}
        >
          {layer && (
            <Typography.Text type="secondary">
              {t(layer.mode === 'clusters' ? 'map.statusClusters' : 'map.statusPoints', {
                total: formatNumber(layer.total),
                drawn: formatNumber(layer.drawn),
              })}
            </Typography.Text>
          )}
          {loading && <Spin size="small" />}
          <Segmented<PointColouring>
            size="small"
            value={colouring}
            onChange={setColouring}
            options={POINT_COLOURINGS.map((c) => ({ value: c, label: t(`map.colourBy.${c}`) }))}
            data-testid="map-colouring"
          />
        </Space>
      </div>
      {error !== null && (
        <div style={{ marginBottom: 8 }}>
          <ErrorAlert error={error} testId="map-error" />
        </div>
      )}
      <div className="sg-map-wrap">
        <div
          ref={containerRef}
          className="sg-map"
          data-testid="map"
          data-ready={ready ? 'true' : 'false'}
          role="region"
          aria-label={t('map.title')}
        />
        <div className="sg-map-legend" data-testid="map-legend">
          <Button
            size="small"
            type="link"
            style={{ padding: 0, height: 'auto' }}
            onClick={() => setLegendOpen((o) => !o)}
            data-testid="map-legend-toggle"
          >
            {t(legendOpen ? 'map.legendHide' : 'map.legendShow')}
          </Button>
          {legendOpen && (
            <>
              {colouring === 'status'
                ? ENTERPRISE_STATUSES.map((status) => (
                    <div className="sg-legend-row" key={status}>
                      <span className="sg-swatch" style={{ background: STATUS_COLORS[status] }} />
                      {t(`status.${status}`)}
                    </div>
                  ))
                : [...GRADES, null].map((grade) => (
                    <div className="sg-legend-row" key={grade ?? 'ungraded'} data-testid="map-legend-grade">
                      <span
                        className="sg-swatch"
                        style={{
                          background: grade === null ? UNGRADED_COLOR : GRADE_STYLES[grade].background,
                        }}
                      />
                      {grade === null ? t('profile.grades.ungraded') : t(`profile.grade.${grade}`)}
                    </div>
                  ))}
              <div className="sg-legend-row">
                <span className="sg-swatch" style={{ background: '#d9822b', width: 14, height: 14 }} />
                {t('map.legendCluster')}
              </div>
              {BOUNDARY_LEVELS.map((level) => (
                <div className="sg-legend-row" key={level}>
                  <span className="sg-line" style={{ borderTopColor: BOUNDARY_LEGEND_COLORS[level] }} />
                  {t(`level.${level}`)}
                  {BOUNDARY_MIN_ZOOM[level] > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {t('map.fromZoom', { zoom: BOUNDARY_MIN_ZOOM[level] })}
                    </Typography.Text>
                  )}
                </div>
              ))}
            </>
          )}
          <div style={{ marginTop: 4 }} data-testid="map-synthetic-note">
            <Tag color="warning" style={{ marginInlineEnd: 4 }}>
              {t('common.synthetic')}
            </Tag>
            {t('map.syntheticNote')}
          </div>
        </div>
      </div>
    </div>
  );
}
