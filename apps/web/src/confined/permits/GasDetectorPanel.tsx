import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, Col, Grid, Row, Spin, Statistic, Typography } from 'antd';
import type { SpaceDevice, TelemetrySeries } from '@safegrid/contracts';
import { apiGet, isAbortError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { telemetryUrl } from '../confinedApi';
import { breaches, buildGasChartOption, GAS_LIMITS, GASES, gasSeries, latestValues } from '../gasModel';

const GasChart = lazy(() => import('./GasChart'));

export const TELEMETRY_MINUTES = 60;
export const REFRESH_MS = 5000;

/**
 * One gas detector's last hour: the newest readings as big numbers (red when beyond a limit)
 * and the four-panel chart, fetched again every 5 s while `live`.
 */
export function GasDetectorPanel({ device, live }: { device: SpaceDevice; live: boolean }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const screens = Grid.useBreakpoint();
  const [series, setSeries] = useState<TelemetrySeries | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const tick = () => {
      controller = new AbortController();
      apiGet<TelemetrySeries>(telemetryUrl(device.id, TELEMETRY_MINUTES), { signal: controller.signal })
        .then((data) => {
          if (stopped) return;
          setSeries(data);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!stopped && !isAbortError(e)) setError(e);
        })
        .finally(() => {
          // The next request only after this one is over: a slow server is never piled on.
          if (!stopped && live) timer = setTimeout(tick, REFRESH_MS);
        });
    };
    tick();
    return () => {
      stopped = true;
      controller?.abort();
      if (timer) clearTimeout(timer);
    };
  }, [device.id, live]);

  const labels = useMemo(
    () => ({
      gas: { o2: t('gas.o2'), h2s: t('gas.h2s'), co: t('gas.co'), lel: t('gas.lel') },
      limit: t('permit.limit'),
      noData: t('permit.noData'),
    }),
    [t],
  );
  const points = series?.points;
  const option = useMemo(
    () => (points ? buildGasChartOption(gasSeries(points), labels) : null),
    [points, labels],
  );
  const latest = useMemo(() => (points ? latestValues(points) : null), [points]);

  return (
    <div data-device-id={device.id} data-testid="permit-gas-detector" data-points={points?.length ?? 0}>
      <Typography.Text strong>
        {device.label || device.id}{' '}
        <Typography.Text type={device.online ? 'success' : 'secondary'}>
          ({t(device.online ? 'space.deviceOnline' : 'space.deviceOffline')})
        </Typography.Text>
      </Typography.Text>
      {error !== null && (
        <Alert type="warning" showIcon style={{ margin: '8px 0' }} title={t('permit.noData')} />
      )}
      {latest && (
        <>
          <Row gutter={[8, 8]} style={{ margin: '8px 0' }} data-testid="permit-gas-latest">
            {GASES.map((gas) => {
              const value = latest[gas];
              const bad = breaches(gas, value);
              return (
                <Col xs={12} sm={6} key={gas}>
                  <Statistic
                    title={t(`gas.${gas}`)}
                    value={value === null ? '—' : formatNumber(value)}
                    suffix={value === null ? undefined : GAS_LIMITS[gas].unit}
                    styles={{ content: { color: bad ? '#cf1322' : undefined, fontSize: 20 } }}
                    data-testid={`permit-gas-value-${gas}`}
                    data-breach={String(bad)}
                  />
                </Col>
              );
            })}
          </Row>
          {latest.at && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('permit.gasLatest', { time: formatDateTime(latest.at) })}
            </Typography.Text>
          )}
        </>
      )}
      {option ? (
        <Suspense
          fallback={
            <div className="sg-center">
              <Spin />
            </div>
          }
        >
          <GasChart option={option} height={screens.sm === false ? 360 : 420} />
        </Suspense>
      ) : (
        error === null && (
          <div className="sg-center">
            <Spin />
          </div>
        )
      )}
    </div>
  );
}
