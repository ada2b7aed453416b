import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Result, Typography } from 'antd';
import {
  AimOutlined,
  CameraOutlined,
  CopyOutlined,
  DeleteOutlined,
  NotificationOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import type { TipReceipt } from '@safegrid/contracts';
import { ApiError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { preparePhoto } from '../../enforcement/inspections/photo';
import { getDevicePosition, PositionError, type PositionFailure } from '../patrols/geolocation';
import { PointMap } from './PointMap';
import { TIPS_PATH, submitTip, tipStatusPath } from './tipsApi';
import {
  TIP_DESCRIPTION_MAX,
  TIP_PHOTO_MAX,
  groupTrackingCode,
  newClientId,
  roundCoordinate,
  tipProblems,
  tipRefusal,
  tipRequest,
  type TipPoint,
  type TipProblem,
  type TipRefusal,
} from './tipModel';
import './tips.css';

interface TipPhoto {
  key: string;
  blob: Blob;
  fileName: string;
}

type Locate =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'done'; accuracy: number }
  | { status: 'failed'; reason: PositionFailure };

type Failure = { error: unknown; refusal: TipRefusal };

/**
 * 群众举报 (`/tips/new`, public, no sign-in, phone first): what is wrong, where (a tap on the map
 * or the device's position), an optional phone number and up to three photos compressed on the
 * device. The form's `clientId` is made once, so sending again after a lost answer returns the
 * same tracking code; the code is what the reporter keeps to follow the tip.
 */
export default function TipNewPage() {
  const { t } = useI18n();
  useDocumentTitle(t('tip.newTitle'));
  const { message } = App.useApp();
  const [clientId, setClientId] = useState(() => newClientId());
  const [description, setDescription] = useState('');
  const [point, setPoint] = useState<TipPoint | null>(null);
  const [focus, setFocus] = useState(0);
  const [contactPhone, setContactPhone] = useState('');
  const [photos, setPhotos] = useState<TipPhoto[]>([]);
  const [compressing, setCompressing] = useState(false);
  const [unreadable, setUnreadable] = useState(0);
  const [locate, setLocate] = useState<Locate>({ status: 'idle' });
  const [tried, setTried] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [receipt, setReceipt] = useState<TipReceipt | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const draft = { description, point, contactPhone, photoCount: photos.length };
  const problems = tipProblems(draft);
  const shown = (p: TipProblem) => tried && problems.includes(p);

  const thumbs = useMemo(
    () => photos.map((p) => ({ key: p.key, url: URL.createObjectURL(p.blob) })),
    [photos],
  );
  useEffect(() => () => thumbs.forEach((u) => URL.revokeObjectURL(u.url)), [thumbs]);

  const addPhotos = async (files: File[]) => {
    setCompressing(true);
    setUnreadable(0);
    const next = [...photos];
    let failed = 0;
    for (const file of files) {
      if (next.length >= TIP_PHOTO_MAX) break;
      const prepared = await preparePhoto(file);
      if (prepared) next.push({ key: newClientId(), blob: prepared.blob, fileName: prepared.fileName });
      else failed += 1;
    }
    setPhotos(next);
    setUnreadable(failed);
    setCompressing(false);
  };

  const locateMe = () => {
    setLocate({ status: 'locating' });
    getDevicePosition({ timeoutMs: 15_000 }).then(
      (p) => {
        setPoint({ lat: roundCoordinate(p.lat), lon: roundCoordinate(p.lon) });
        setFocus((f) => f + 1);
        setLocate({ status: 'done', accuracy: Math.round(p.accuracy) });
      },
      (e: unknown) =>
        setLocate({ status: 'failed', reason: e instanceof PositionError ? e.reason : 'unavailable' }),
    );
  };

  const submit = () => {
    setTried(true);
    if (problems.length > 0 || submitting || compressing) return;
    setSubmitting(true);
    setFailure(null);
    submitTip(tipRequest(draft, clientId), photos).then(
      (r) => {
        setReceipt(r);
        setSubmitting(false);
        window.scrollTo?.(0, 0);
      },
      (error: unknown) => {
        const refusal =
          error instanceof ApiError
            ? tipRefusal(error.status, error.code, error.problem.params)
            : tipRefusal(0, 'client.unexpected', undefined);
        if (refusal.renewClientId) setClientId(newClientId());
        setFailure({ error, refusal });
        setSubmitting(false);
      },
    );
  };

  const startOver = () => {
    setReceipt(null);
    setClientId(newClientId());
    setDescription('');
    setPoint(null);
    setContactPhone('');
    setPhotos([]);
    setTried(false);
    setFailure(null);
    setLocate({ status: 'idle' });
  };

  if (receipt) {
    const copy = () =>
      navigator.clipboard
        .writeText(receipt.trackingCode)
        .then(() => message.success(t('common.copied')))
        .catch(() => message.error(t('common.copyFailed')));
    return (
      <Card className="sg-auth-card sg-auth-card-wide" data-testid="tip-done">
        <Result
          status="success"
          title={t('tip.doneTitle')}
          subTitle={t('tip.doneHint')}
          style={{ padding: '8px 0 16px' }}
        />
        <div className="sg-tip-code-box">
          <Typography.Text type="secondary">{t('tip.trackingCode')}</Typography.Text>
          <div
            className="sg-tip-code"
            data-testid="tip-tracking-code"
            data-code={receipt.trackingCode}
            aria-label={receipt.trackingCode}
          >
            {groupTrackingCode(receipt.trackingCode)}
          </div>
          <div className="sg-tip-code-actions">
            <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="tip-copy-code">
              {t('common.copy')}
            </Button>
            <Link to={tipStatusPath(receipt.trackingCode)} data-testid="tip-status-link">
              <Button type="primary" icon={<SearchOutlined />}>
                {t('tip.viewStatus')}
              </Button>
            </Link>
          </div>
          <Typography.Paragraph type="secondary" className="sg-tip-small">
            {t('tip.keepCode')}
          </Typography.Paragraph>
        </div>
        <Button block onClick={startOver} data-testid="tip-another">
          {t('tip.another')}
        </Button>
      </Card>
    );
  }

  return (
    <Card className="sg-auth-card sg-auth-card-wide sg-tip-card" data-testid="tip-new-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <NotificationOutlined /> {t('tip.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tip.intro')}</Typography.Paragraph>
      <Alert type="warning" showIcon className="sg-tip-emergency" title={t('tip.emergency')} />
      <Form layout="vertical" component="div" data-testid="tip-form" data-client-id={clientId} requiredMark>
        <Form.Item
          label={t('tip.description')}
          required
          validateStatus={shown('descriptionRequired') || shown('descriptionTooLong') ? 'error' : undefined}
          help={
            shown('descriptionRequired')
              ? t('tip.problem.descriptionRequired')
              : shown('descriptionTooLong')
                ? t('tip.problem.descriptionTooLong', { max: TIP_DESCRIPTION_MAX })
                : undefined
          }
        >
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoSize={{ minRows: 4, maxRows: 10 }}
            maxLength={TIP_DESCRIPTION_MAX}
            showCount
            placeholder={t('tip.descriptionPlaceholder')}
            data-testid="tip-description"
          />
        </Form.Item>

        <Form.Item
          label={t('tip.location')}
          required
          validateStatus={shown('locationRequired') || shown('locationOutside') ? 'error' : undefined}
          help={
            shown('locationRequired')
              ? t('tip.problem.locationRequired')
              : shown('locationOutside')
                ? t('tip.problem.locationOutside')
                : undefined
          }
          extra={
            point
              ? t('tip.locationChosen', { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })
              : t('tip.mapHint')
          }
        >
          <div className="sg-tip-map-wrap">
            <PointMap
              point={point}
              onPick={(p) => {
                setPoint({ lat: roundCoordinate(p.lat), lon: roundCoordinate(p.lon) });
                setLocate({ status: 'idle' });
              }}
              focus={focus}
              testId="tip-map"
            />
            <Button
              icon={<AimOutlined />}
              loading={locate.status === 'locating'}
              onClick={locateMe}
              data-testid="tip-locate"
              data-state={locate.status}
            >
              {t('tip.useMyLocation')}
            </Button>
            {locate.status === 'done' && (
              <Typography.Text type="secondary" className="sg-tip-small" data-testid="tip-locate-result">
                {t('tip.located', { accuracy: locate.accuracy })}
              </Typography.Text>
            )}
            {locate.status === 'failed' && (
              <Alert
                type="warning"
                showIcon
                title={t(`tip.locateFailed.${locate.reason}`)}
                data-testid="tip-locate-error"
                data-reason={locate.reason}
              />
            )}
          </div>
        </Form.Item>

        <Form.Item label={t('tip.photos', { max: TIP_PHOTO_MAX })} extra={t('tip.photosHint')}>
          <div
            className="sg-tip-photos"
            data-testid="tip-photos"
            data-count={photos.length}
            data-busy={String(compressing)}
          >
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              multiple
              // antd's form styles show file inputs (display: block) even when `hidden`.
              style={{ display: 'none' }}
              data-testid="tip-photo-input"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length > 0) void addPhotos(files);
              }}
            />
            <Button
              icon={<CameraOutlined />}
              loading={compressing}
              disabled={photos.length >= TIP_PHOTO_MAX}
              onClick={() => fileInput.current?.click()}
            >
              {t('tip.addPhoto')}
            </Button>
            {compressing && <Typography.Text type="secondary">{t('tip.compressing')}</Typography.Text>}
            {thumbs.length > 0 && (
              <div className="sg-tip-thumbs">
                {thumbs.map((u, index) => (
                  <div key={u.key} className="sg-tip-thumb" data-testid="tip-photo">
                    <img src={u.url} alt={t('tip.photoN', { n: index + 1 })} />
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('tip.removePhoto')}
                      onClick={() => setPhotos(photos.filter((p) => p.key !== u.key))}
                    />
                  </div>
                ))}
              </div>
            )}
            {unreadable > 0 && (
              <Alert type="error" showIcon title={t('tip.photoUnreadable')} data-testid="tip-photo-error" />
            )}
          </div>
        </Form.Item>

        <Form.Item
          label={t('tip.contactPhone')}
          extra={t('tip.contactPhoneHint')}
          validateStatus={shown('phoneInvalid') ? 'error' : undefined}
          help={shown('phoneInvalid') ? t('tip.problem.phoneInvalid') : undefined}
        >
          <Input
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={contactPhone}
            onChange={(e) => setContactPhone(e.target.value)}
            maxLength={20}
            data-testid="tip-phone"
          />
        </Form.Item>

        {failure && <TipFailure failure={failure} />}

        <Button
          type="primary"
          size="large"
          block
          loading={submitting}
          disabled={compressing}
          onClick={submit}
          data-testid="tip-submit"
        >
          {t(failure?.refusal.retryable ? 'tip.submitAgain' : 'tip.submit')}
        </Button>
        <Typography.Paragraph type="secondary" className="sg-tip-small sg-tip-privacy">
          {t('tip.privacy')}
        </Typography.Paragraph>
      </Form>
      <Typography.Paragraph className="sg-auth-footer">
        {t('tip.haveCode')}{' '}
        <Link to={TIPS_PATH} data-testid="tip-lookup-link">
          {t('tip.lookup')}
        </Link>
      </Typography.Paragraph>
    </Card>
  );
}

/** The refusal above the button: our sentence for the cases a reporter can act on, else the problem's. */
function TipFailure({ failure }: { failure: Failure }) {
  const { t, describeError } = useI18n();
  const { refusal, error } = failure;
  if (!refusal.key) return <ErrorAlert error={error} testId="tip-error" />;
  const code = describeError(error).code;
  return (
    <Alert
      type="error"
      showIcon
      className="sg-tip-error"
      data-testid="tip-error"
      data-error-code={code}
      title={t(refusal.key, { minutes: refusal.minutes ?? 0 })}
    />
  );
}
