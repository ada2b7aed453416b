import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import type { Recheck, RecheckList } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useApiGet } from '../common/useApi';
import { MY_RECHECKS_URL, recheckUrl } from './assessmentModel';

/**
 * 抽查复核 (`/grid/rechecks`): the closed hazards drawn for this inspector to re-check. The result
 * counts for the inspector who closed the hazard, so a refutation asks for a note.
 */
export default function RechecksPage() {
  const { t } = useI18n();
  useDocumentTitle(t('recheck.title'));
  const list = useApiGet<RecheckList>(MY_RECHECKS_URL);
  return (
    <div>
      <Typography.Title level={4} className="sg-page-title">
        {t('recheck.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('recheck.explain')}</Typography.Paragraph>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && <Spin />}
      {list.data && (
        <Space
          direction="vertical"
          style={{ width: '100%' }}
          data-testid="recheck-list"
          data-count={list.data.items.length}
        >
          {list.data.items.length === 0 && <Empty description={t('recheck.empty')} />}
          {list.data.items.map((r) => (
            <RecheckCard key={r.id} recheck={r} onDone={list.reload} />
          ))}
        </Space>
      )}
    </div>
  );
}

function RecheckCard({ recheck, onDone }: { recheck: Recheck; onDone(): void }) {
  const { t, formatDateTime, describeError } = useI18n();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const record = async (result: 'confirmed' | 'refuted') => {
    if (result === 'refuted' && note.trim() === '') {
      message.warning(t('recheck.noteRequired'));
      return;
    }
    setBusy(true);
    try {
      await apiFetch<Recheck>(recheckUrl(recheck.id), {
        method: 'POST',
        json: { result, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      message.success(t('recheck.recorded'));
      onDone();
    } catch (error) {
      message.error(describeError(error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" data-testid="recheck" data-id={recheck.id} data-result={recheck.result ?? 'open'}>
      <Link to={`/grid/hazards/${recheck.hazardId}`}>{recheck.enterpriseName}</Link>
      <Typography.Paragraph style={{ margin: '4px 0' }}>{recheck.description}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('recheck.selection', {
          ...recheck.selection,
          month: recheck.month,
          percent: Math.round(recheck.selection.share * 100),
        })}
      </Typography.Text>
      {recheck.result ? (
        <div>
          <Tag color={recheck.result === 'confirmed' ? 'green' : 'red'}>
            {t(`recheck.result.${recheck.result}`)}
          </Tag>
          {formatDateTime(recheck.checkedAt)} {recheck.note}
        </div>
      ) : (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('recheck.notePlaceholder')}
            data-testid="recheck-note"
          />
          <Space>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void record('confirmed')}
              data-testid="recheck-confirm"
            >
              {t('recheck.confirm')}
            </Button>
            <Button danger loading={busy} onClick={() => void record('refuted')} data-testid="recheck-refute">
              {t('recheck.refute')}
            </Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
