import { useState } from 'react';
import { Button, Descriptions, Form, Modal, Select, Typography } from 'antd';
import type { IssuedUnlockToken, PermitDetail } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { unlockTokensUrl } from '../confinedApi';

interface Props {
  permit: PermitDetail;
  open: boolean;
  onClose(): void;
}

/**
 * Ask for an unlock token for one of the space's smart locks, then show it to be handed to the
 * lock over Bluetooth (the lock checks its signature offline).
 */
export function UnlockTokenModal({ permit, open, onClose }: Props) {
  const { t, formatDateTime } = useI18n();
  const locks = permit.devices.filter((d) => d.kind === 'smart_lock');
  const [lockId, setLockId] = useState<string | undefined>(locks[0]?.id);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<IssuedUnlockToken | null>(null);

  const issue = async () => {
    if (!lockId) return;
    setSaving(true);
    setError(null);
    try {
      setIssued(
        await apiFetch<IssuedUnlockToken>(unlockTokensUrl(permit.id), { method: 'POST', json: { lockId } }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(issued ? 'unlock.issuedTitle' : 'unlock.title')}
      onCancel={onClose}
      afterClose={() => {
        setIssued(null);
        setError(null);
      }}
      destroyOnHidden
      footer={
        issued
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.confirm')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="issue"
                type="primary"
                loading={saving}
                disabled={!lockId}
                onClick={() => void issue()}
                data-testid="unlock-issue"
              >
                {t('unlock.issue')}
              </Button>,
            ]
      }
    >
      {error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} testId="form-error" />
        </div>
      )}
      {issued ? (
        <div data-testid="unlock-token-result">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'id',
                label: t('unlock.tokenId'),
                children: <span data-testid="unlock-token-id">{issued.tokenId}</span>,
              },
              { key: 'lock', label: t('unlock.lockId'), children: issued.lockId },
              {
                key: 'validity',
                label: t('unlock.validity'),
                children: t('unlock.validityValue', {
                  from: formatDateTime(issued.notBefore),
                  to: formatDateTime(issued.notAfter),
                }),
              },
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('unlock.handOver')}</Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: issued.token, tooltips: [t('common.copy'), t('common.copied')] }}
            className="sg-json"
            style={{ fontFamily: 'monospace' }}
            data-testid="unlock-token"
          >
            {issued.token}
          </Typography.Paragraph>
        </div>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('unlock.lock')} required>
            <Select
              data-testid="unlock-lock"
              value={lockId}
              onChange={setLockId}
              options={locks.map((d) => ({ value: d.id, label: `${d.label || d.id} (${d.id})` }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
