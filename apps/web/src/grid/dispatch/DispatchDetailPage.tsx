import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Rate,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, ClockCircleOutlined } from '@ant-design/icons';
import type { DispatchEventDetail } from '@safegrid/contracts';
import type { DispatchEventValue } from '@safegrid/contracts/values';
import { ApiError, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { PointMap } from '../tips/PointMap';
import { DISPATCH_PATH, fetchDispatchEvent } from './dispatchApi';
import {
  currentDeadline,
  isStaleStep,
  openSupervision,
  orderedEvents,
  splitMinutes,
  stepSpec,
  timelineNewestFirst,
  type Deadline,
  tipPhotoUrls,
} from './dispatchModel';
import { DispatchStepDialog } from './DispatchStepDialog';
import { DispatchStatusTag, OverdueTag, SourceTag, SupervisionTag, UrgencyTag } from './DispatchTags';
import './dispatch.css';

/**
 * A dispatch event (`/grid/dispatch/:id`): what and where, the current step's deadline, open 督办
 * items, the steps the caller may take now (`allowedEvents`) and the whole timeline.
 */
export default function DispatchDetailPage() {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const [event, setEvent] = useState<DispatchEventDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [step, setStep] = useState<DispatchEventValue | null>(null);
  const [stale, setStale] = useState(false);
  const [now, setNow] = useState(() => new Date());
  useDocumentTitle(t('dispatch.detailTitle'));

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    fetchDispatchEvent(id, controller.signal).then(
      (e) => {
        setEvent(e);
        setNow(new Date());
      },
      (e: unknown) => {
        if (!isAbortError(e)) setError(e);
      },
    );
    return () => controller.abort();
  }, [id, generation]);

  // The deadline's "x left" follows the clock.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  if (error !== null && !event) {
    return <ErrorAlert error={error} onRetry={() => setGeneration((g) => g + 1)} />;
  }
  if (!event || event.id !== id) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const deadline = currentDeadline(event, now);
  const supervision = openSupervision(event.supervision);
  const actions = orderedEvents(event.allowedEvents);

  const onFailed = (e: unknown): boolean => {
    if (e instanceof ApiError && isStaleStep(e.status, e.code)) {
      setStep(null);
      setStale(true);
      setGeneration((g) => g + 1);
      return true;
    }
    return false;
  };

  return (
    <div
      className="sg-dispatch"
      data-testid="dispatch-detail"
      data-id={event.id}
      data-version={event.version}
      data-status={event.status}
    >
      <div className="sg-toolbar">
        <Link to={DISPATCH_PATH}>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
        </Link>
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('dispatch.detailTitle')}
        </Typography.Title>
        <DispatchStatusTag status={event.status} testId="dispatch-status" />
      </div>

      {stale && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setStale(false) }}
          title={t('dispatch.staleReloaded')}
          data-testid="dispatch-stale"
          style={{ marginBottom: 12 }}
        />
      )}
      {error !== null && <ErrorAlert error={error} onRetry={() => setGeneration((g) => g + 1)} />}

      <Card size="small" className="sg-dispatch-card">
        <Typography.Paragraph className="sg-dispatch-description" data-testid="dispatch-description">
          {event.description}
        </Typography.Paragraph>
        <Space wrap size={[8, 8]}>
          <UrgencyTag urgency={event.urgency} />
          <SourceTag source={event.source} />
          {event.overdue && <OverdueTag />}
          {supervision.length > 0 && <SupervisionTag count={supervision.length} />}
          {event.photoCount > 0 && <Tag>{t('dispatch.photoCount', { count: event.photoCount })}</Tag>}
        </Space>
        <DeadlineLine deadline={deadline} />
        {event.photoCount > 0 && (
          <div className="sg-dispatch-photos" data-testid="dispatch-tip-photos" data-count={event.photoCount}>
            {tipPhotoUrls(event.id, event.photoCount).map((url, i) => (
              <a key={url} href={url} target="_blank" rel="noreferrer" data-testid="dispatch-tip-photo">
                <img src={url} alt={t('dispatch.tipPhotoAlt', { n: i + 1 })} height={72} />
              </a>
            ))}
          </div>
        )}
      </Card>

      {actions.length > 0 && (
        <Card size="small" className="sg-dispatch-card" title={t('dispatch.actions')}>
          <div className="sg-dispatch-actions" data-testid="dispatch-actions" data-count={actions.length}>
            {actions.map((a) => (
              <Button
                key={a}
                type={stepSpec(a).danger ? 'default' : 'primary'}
                danger={stepSpec(a).danger}
                onClick={() => setStep(a)}
                data-testid={`dispatch-action-${a}`}
              >
                {t(`dispatch.event.${a}`)}
              </Button>
            ))}
          </div>
        </Card>
      )}

      <Card size="small" className="sg-dispatch-card" title={t('dispatch.facts')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'place',
              label: t('dispatch.place'),
              children: (
                <Link
                  to={`/grids/${encodeURIComponent(event.place.gridId)}`}
                  data-testid="dispatch-grid-link"
                >
                  {event.place.streetName} · {event.place.gridName}
                </Link>
              ),
            },
            {
              key: 'department',
              label: t('dispatch.department'),
              children: event.department ? event.department.name : '—',
            },
            { key: 'finder', label: t('dispatch.finder'), children: event.finder?.displayName ?? '—' },
            { key: 'createdAt', label: t('dispatch.createdAt'), children: formatDateTime(event.createdAt) },
            { key: 'filedAt', label: t('dispatch.filedAt'), children: formatDateTime(event.filedAt) },
            { key: 'slaDueAt', label: t('dispatch.slaDueAt'), children: formatDateTime(event.slaDueAt) },
            { key: 'closedAt', label: t('dispatch.closedAt'), children: formatDateTime(event.closedAt) },
            ...(event.rating !== null
              ? [
                  {
                    key: 'rating',
                    label: t('dispatch.rating'),
                    children: <Rate disabled value={event.rating} />,
                  },
                ]
              : []),
          ]}
        />
        {event.location && (
          <PointMap
            point={{ lon: event.location[0], lat: event.location[1] }}
            testId="dispatch-map"
            height={220}
          />
        )}
      </Card>

      {event.supervision.length > 0 && (
        <Card size="small" className="sg-dispatch-card" title={t('dispatch.supervision')}>
          <ul
            className="sg-dispatch-supervision"
            data-testid="dispatch-supervision"
            data-count={event.supervision.length}
          >
            {event.supervision.map((s) => (
              <li
                key={s.id}
                data-testid="dispatch-supervision-item"
                data-open={String(s.resolvedAt === null)}
              >
                <Tag color={s.resolvedAt === null ? 'volcano' : 'default'}>
                  {t(s.resolvedAt === null ? 'dispatch.supervisionOpen' : 'dispatch.supervisionResolved')}
                </Tag>
                {t('dispatch.supervisionLine', {
                  status: t(`dispatch.status.${s.status}`),
                  dueAt: formatDateTime(s.dueAt),
                  raisedAt: formatDateTime(s.raisedAt),
                })}
                {s.resolvedAt && (
                  <> · {t('dispatch.supervisionResolvedAt', { at: formatDateTime(s.resolvedAt) })}</>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card size="small" className="sg-dispatch-card" title={t('dispatch.timeline')}>
        {event.timeline.length === 0 ? (
          <Empty />
        ) : (
          <Timeline
            data-testid="dispatch-timeline"
            items={timelineNewestFirst(event).map((s) => ({
              key: String(s.seq),
              color: s.toStatus === 'not_filed' || s.event === 'return' ? 'red' : 'blue',
              content: (
                <div data-testid="dispatch-step" data-seq={s.seq} data-event={s.event} data-to={s.toStatus}>
                  <div>
                    <strong>{eventLabel(t, s.event)}</strong> <DispatchStatusTag status={s.toStatus} />
                  </div>
                  <div className="sg-dispatch-small">
                    {formatDateTime(s.at)}
                    {s.actor ? ` · ${s.actor === 'public' ? t('dispatch.actorPublic') : s.actor}` : ''}
                  </div>
                  {s.department && (
                    <div>
                      {t('dispatch.department')}：{s.department.name}
                    </div>
                  )}
                  {s.rating !== null && <Rate disabled value={s.rating} style={{ fontSize: 14 }} />}
                  {s.note && <div className="sg-dispatch-note">{s.note}</div>}
                  {s.dueAt && (
                    <div className="sg-dispatch-small">
                      {t('dispatch.stepDueAt')}：{formatDateTime(s.dueAt)}
                    </div>
                  )}
                </div>
              ),
            }))}
          />
        )}
      </Card>

      {step && (
        <DispatchStepDialog
          event={event}
          step={step}
          onClose={() => setStep(null)}
          onFailed={onFailed}
          onDone={(next) => {
            setEvent(next);
            setNow(new Date());
            setStep(null);
            setStale(false);
            void message.success(t('dispatch.stepDone', { step: t(`dispatch.event.${step}`) }));
          }}
        />
      )}
    </div>
  );
}

/** A timeline step's name: the machine's events, plus `report` (the event's own first step). */
function eventLabel(t: ReturnType<typeof useI18n>['t'], event: string): string {
  const known = [
    'report',
    'file',
    'not_file',
    'dispatch',
    'assign_finder',
    'accept',
    'feedback',
    'verify',
    'return',
    'evaluate',
  ] as const;
  const match = known.find((k) => k === event);
  return match ? t(`dispatch.event.${match}`) : event;
}

function DeadlineLine({ deadline }: { deadline: Deadline }) {
  const { t, formatDateTime } = useI18n();
  if (deadline.kind === 'none') {
    return (
      <div className="sg-dispatch-deadline" data-testid="dispatch-deadline" data-kind="none">
        {t('dispatch.noDeadline')}
      </div>
    );
  }
  const span = splitMinutes(deadline.kind === 'due' ? deadline.minutesLeft : deadline.minutesLate);
  const spanText =
    span.days > 0
      ? t('dispatch.span.days', span)
      : span.hours > 0
        ? t('dispatch.span.hours', span)
        : t('dispatch.span.minutes', span);
  return (
    <div
      className={`sg-dispatch-deadline${deadline.kind === 'overdue' ? ' sg-dispatch-late' : ''}`}
      data-testid="dispatch-deadline"
      data-kind={deadline.kind}
      data-due-at={deadline.dueAt}
    >
      <ClockCircleOutlined />{' '}
      {t(deadline.kind === 'due' ? 'dispatch.deadlineLeft' : 'dispatch.deadlineLate', {
        dueAt: formatDateTime(deadline.dueAt),
        span: spanText,
      })}
    </div>
  );
}
