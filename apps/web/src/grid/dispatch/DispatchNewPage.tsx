import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Segmented, Select, TreeSelect, Typography } from 'antd';
import { AimOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import type { JurisdictionNode } from '@safegrid/contracts';
import { DISPATCH_LIMITS, DISPATCH_URGENCIES, type DispatchUrgencyValue } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { Forbidden } from '../../shell/Forbidden';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useJurisdictionTree } from '../jurisdiction/useJurisdictionTree';
import { toSelectTree } from '../jurisdiction/tree';
import { getDevicePosition, PositionError, type PositionFailure } from '../patrols/geolocation';
import { PointMap } from '../tips/PointMap';
import { roundCoordinate, type TipPoint } from '../tips/tipModel';
import { DISPATCH_PATH, dispatchEventPath, reportDispatchEvent } from './dispatchApi';
import {
  onlyGrid,
  reportProblems,
  reportSources,
  toReportRequest,
  treeInScope,
  type ReportSource,
} from './dispatchModel';
import '../tips/tips.css';
import './dispatch.css';

const GRID_ONLY = new Set(['grid'] as const);

/**
 * 上报事件 (`/grid/dispatch/new`, `dispatch.report`): an inspector's finding on patrol, or a
 * superior's instruction passed down (city, district and street officers): the grid, what,
 * how urgent, optionally where. The new event opens on success.
 */
export default function DispatchNewPage() {
  const { t } = useI18n();
  useDocumentTitle(t('dispatch.newTitle'));
  const { session, can } = useSession();
  const navigate = useNavigate();
  const jurisdictions = useJurisdictionTree();
  const sources = reportSources(session?.user.role ?? '');
  const [source, setSource] = useState<ReportSource>('patrol');
  const [gridId, setGridId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [urgency, setUrgency] = useState<DispatchUrgencyValue>('normal');
  const [point, setPoint] = useState<TipPoint | null>(null);
  const [focus, setFocus] = useState(0);
  const [locateFailure, setLocateFailure] = useState<PositionFailure | null>(null);
  const [locating, setLocating] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const scopedRoots = useMemo(
    () =>
      jurisdictions.data
        ? treeInScope(jurisdictions.data.roots, new Set((session?.user.scopes ?? []).map((n) => n.id)))
        : [],
    [jurisdictions.data, session],
  );
  const gridTree = useMemo(
    () => toSelectTree(scopedRoots, (n: JurisdictionNode) => n.name, GRID_ONLY),
    [scopedRoots],
  );
  // An inspector of one grid reports in it: preselected.
  const single = onlyGrid(scopedRoots);
  useEffect(() => {
    if (single) setGridId((current) => current ?? single);
  }, [single]);

  if (!can('dispatch.report')) return <Forbidden home={DISPATCH_PATH} />;

  const draft = { source, gridId, description, urgency, point };
  const problems = reportProblems(draft);
  const shown = tried ? problems : [];

  const locate = () => {
    setLocating(true);
    setLocateFailure(null);
    getDevicePosition().then(
      (p) => {
        setPoint({ lat: roundCoordinate(p.lat), lon: roundCoordinate(p.lon) });
        setFocus((f) => f + 1);
        setLocating(false);
      },
      (e: unknown) => {
        setLocateFailure(e instanceof PositionError ? e.reason : 'unavailable');
        setLocating(false);
      },
    );
  };

  const submit = () => {
    setTried(true);
    if (problems.length > 0 || busy) return;
    setBusy(true);
    setError(null);
    reportDispatchEvent(toReportRequest(draft)).then(
      (created) => navigate(dispatchEventPath(created.id)),
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };

  return (
    <div className="sg-dispatch" data-testid="dispatch-new-page">
      <div className="sg-toolbar">
        <Link to={DISPATCH_PATH}>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
        </Link>
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('dispatch.newTitle')}
        </Typography.Title>
      </div>
      <Card size="small" className="sg-dispatch-card">
        <Form layout="vertical" component="div" data-testid="dispatch-new-form">
          {sources.length > 1 && (
            <Form.Item label={t('dispatch.sourceLabel')}>
              <Segmented<ReportSource>
                value={source}
                onChange={setSource}
                options={sources.map((s) => ({ value: s, label: t(`dispatch.source.${s}`) }))}
                data-testid="dispatch-new-source"
              />
            </Form.Item>
          )}
          <Form.Item
            label={t('dispatch.grid')}
            required
            validateStatus={shown.includes('gridRequired') ? 'error' : undefined}
            help={shown.includes('gridRequired') ? t('dispatch.problem.gridRequired') : undefined}
          >
            <TreeSelect
              value={gridId ?? undefined}
              onChange={(v: string) => setGridId(v ?? null)}
              treeData={gridTree}
              loading={jurisdictions.loading}
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder={t('dispatch.gridPlaceholder')}
              popupMatchSelectWidth={false}
              data-testid="dispatch-new-grid"
            />
          </Form.Item>
          {jurisdictions.error !== null && <ErrorAlert error={jurisdictions.error} />}
          <Form.Item
            label={t('dispatch.description')}
            required
            validateStatus={
              shown.includes('descriptionRequired') || shown.includes('descriptionTooLong')
                ? 'error'
                : undefined
            }
            help={
              shown.includes('descriptionRequired')
                ? t('dispatch.problem.descriptionRequired')
                : shown.includes('descriptionTooLong')
                  ? t('dispatch.problem.descriptionTooLong', { max: DISPATCH_LIMITS.description })
                  : undefined
            }
          >
            <Input.TextArea
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={DISPATCH_LIMITS.description}
              showCount
              data-testid="dispatch-new-description"
            />
          </Form.Item>
          <Form.Item label={t('dispatch.urgencyLabel')}>
            <Select
              value={urgency}
              onChange={setUrgency}
              options={DISPATCH_URGENCIES.map((u) => ({ value: u, label: t(`dispatch.urgency.${u}`) }))}
              data-testid="dispatch-new-urgency"
              style={{ maxWidth: 200 }}
            />
          </Form.Item>
          <Form.Item
            label={t('dispatch.locationOptional')}
            extra={
              point
                ? t('tip.locationChosen', { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })
                : t('tip.mapHint')
            }
          >
            <div className="sg-tip-map-wrap">
              <PointMap
                point={point}
                onPick={(p) => setPoint({ lat: roundCoordinate(p.lat), lon: roundCoordinate(p.lon) })}
                focus={focus}
                testId="dispatch-new-map"
                height={240}
              />
              <Space2>
                <Button
                  icon={<AimOutlined />}
                  loading={locating}
                  onClick={locate}
                  data-testid="dispatch-new-locate"
                >
                  {t('tip.useMyLocation')}
                </Button>
                {point && (
                  <Button
                    type="link"
                    onClick={() => setPoint(null)}
                    data-testid="dispatch-new-clear-location"
                  >
                    {t('dispatch.clearLocation')}
                  </Button>
                )}
              </Space2>
              {locateFailure && (
                <Alert type="warning" showIcon title={t(`tip.locateFailed.${locateFailure}`)} />
              )}
            </div>
          </Form.Item>
          {error !== null && <ErrorAlert error={error} testId="dispatch-new-error" />}
          <Button type="primary" loading={busy} onClick={submit} data-testid="dispatch-new-submit">
            {t('dispatch.newSubmit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

function Space2({ children }: { children: ReactNode }) {
  return <div className="sg-dispatch-inline">{children}</div>;
}
