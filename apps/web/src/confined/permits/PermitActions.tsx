import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  ExperimentOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import type { PermitCommandBody, PermitDetail } from '@safegrid/contracts';
import { ApiError, apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSession } from '../../identity/SessionProvider';
import { permitCommandUrl, type PermitCommand } from '../confinedApi';
import { latestGasTest, permitActions, type PermitAction } from '../permitModel';
import { GasTestModal } from './GasTestModal';
import { UnlockTokenModal } from './UnlockTokenModal';

const ICONS: Record<PermitAction, ReactNode> = {
  submit: <SendOutlined />,
  return: <RollbackOutlined />,
  approve: <CheckOutlined />,
  cancel: <StopOutlined />,
  resume: <PlayCircleOutlined />,
  complete: <CloseOutlined />,
  gasTest: <ExperimentOutlined />,
  unlock: <UnlockOutlined />,
};
const PRIMARY: ReadonlySet<PermitAction> = new Set<PermitAction>(['submit', 'approve', 'resume', 'complete']);

type Dialog = { kind: 'reason'; command: 'return' | 'cancel' } | { kind: 'complete' } | { kind: 'approve' };

interface Props {
  permit: PermitDetail;
  checklistIds: readonly string[];
  onChanged(permit: PermitDetail): void;
  /** The permit changed under us (409 permit.version_stale): reload it. */
  onStale(): void;
}

/**
 * The permit's buttons: what its status accepts and the session may do. A greyed-out button
 * says why (the refusal the server would give); commands carry the version the user saw.
 */
export function PermitActions({ permit, checklistIds, onChanged, onStale }: Props) {
  const { t, lookup, describeError } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [running, setRunning] = useState<PermitAction | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [gasOpen, setGasOpen] = useState(false);
  const [unlockOpen, setUnlockOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string; entrantsOut: boolean }>();
  // Gas tests go stale and windows end while the page is open: re-check every half minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const views = permitActions(permit, { can, now, checklistIds });
  const reasonText = (code: string) => lookup(`error.${code}`) ?? code;

  const run = async (command: PermitCommand, extra: Omit<PermitCommandBody, 'version'> = {}) => {
    setRunning(command);
    setDialogError(null);
    try {
      const next = await apiFetch<PermitDetail>(permitCommandUrl(permit.id, command), {
        method: 'POST',
        json: { version: permit.version, ...extra } satisfies PermitCommandBody,
      });
      setDialog(null);
      onChanged(next);
      message.success(t('permit.done'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'permit.version_stale') {
        setDialog(null);
        message.warning(t('permit.staleReloaded'));
        onStale();
      } else if (dialog) {
        setDialogError(error);
      } else {
        message.error(describeError(error).message);
      }
    } finally {
      setRunning(null);
    }
  };

  const click = (action: PermitAction) => {
    setDialogError(null);
    if (action === 'gasTest') setGasOpen(true);
    else if (action === 'unlock') setUnlockOpen(true);
    else if (action === 'return' || action === 'cancel') setDialog({ kind: 'reason', command: action });
    else if (action === 'complete') setDialog({ kind: 'complete' });
    else if (action === 'approve') setDialog({ kind: 'approve' });
    else void run(action);
  };

  const confirmDialog = async () => {
    if (!dialog) return;
    if (dialog.kind === 'approve') return run('approve');
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (dialog.kind === 'reason') return run(dialog.command, { reason: values.reason.trim() });
    return run('complete', { entrantsOut: true });
  };

  if (views.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="permit-actions" data-count={0}>
        {t('permit.noActions')}
      </Typography.Text>
    );
  }

  return (
    <>
      <Space wrap data-testid="permit-actions" data-count={views.length}>
        {views.map(({ action, blockedBy }) => {
          const button = (
            <Button
              key={action}
              type={PRIMARY.has(action) ? 'primary' : 'default'}
              danger={action === 'cancel'}
              icon={ICONS[action]}
              disabled={blockedBy !== null}
              loading={running === action && dialog === null}
              onClick={() => click(action)}
              data-testid={`permit-action-${action}`}
              data-blocked-by={blockedBy ?? undefined}
            >
              {t(`permitCommand.${action}`)}
            </Button>
          );
          return blockedBy ? (
            <Tooltip key={action} title={t('permit.blocked', { reason: reasonText(blockedBy) })}>
              <span data-testid="permit-action-blocked" data-action={action}>
                {button}
              </span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Space>
      {views.some((v) => v.blockedBy) && (
        <ul className="sg-error-list" style={{ marginTop: 8, fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
          {views
            .filter((v) => v.blockedBy)
            .map((v) => (
              <li key={v.action} data-testid="permit-action-reason" data-action={v.action}>
                {t(`permitCommand.${v.action}`)}：{reasonText(v.blockedBy!)}
              </li>
            ))}
        </ul>
      )}

      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'reason'
            ? t(dialog.command === 'return' ? 'permit.returnTitle' : 'permit.cancelTitle')
            : dialog?.kind === 'complete'
              ? t('permit.completeTitle')
              : t('permit.approveTitle')
        }
        onCancel={() => setDialog(null)}
        destroyOnHidden
        okText={t('common.confirm')}
        okButtonProps={{ 'data-testid': 'permit-command-confirm', danger: dialog?.kind === 'reason' }}
        cancelText={t('common.cancel')}
        confirmLoading={running !== null}
        onOk={() => void confirmDialog()}
      >
        <div data-testid="permit-command-dialog" data-kind={dialog?.kind}>
          {dialogError !== null && (
            <div style={{ marginBottom: 12 }}>
              <ErrorAlert error={dialogError} testId="form-error" />
            </div>
          )}
          {dialog?.kind === 'approve' && (
            <Typography.Paragraph>{t('permit.approveBody')}</Typography.Paragraph>
          )}
          {dialog?.kind === 'approve' && latestGasTest(permit.gasTests) === null && (
            <Typography.Paragraph type="danger">{reasonText('permit.gas_test_missing')}</Typography.Paragraph>
          )}
          {dialog && dialog.kind !== 'approve' && (
            <Form form={form} layout="vertical" preserve={false}>
              {dialog.kind === 'reason' ? (
                <Form.Item
                  name="reason"
                  label={t('permit.reason')}
                  rules={[{ required: true, whitespace: true, message: t('permit.reasonRequired') }]}
                >
                  <Input.TextArea
                    maxLength={500}
                    showCount
                    autoSize={{ minRows: 3, maxRows: 6 }}
                    data-testid="permit-reason"
                  />
                </Form.Item>
              ) : (
                <>
                  <Typography.Paragraph>{t('permit.completeBody')}</Typography.Paragraph>
                  <Form.Item
                    name="entrantsOut"
                    valuePropName="checked"
                    rules={[
                      {
                        validator: (_, value) =>
                          value === true
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('permit.entrantsOutRequired'))),
                      },
                    ]}
                  >
                    <Checkbox data-testid="permit-entrants-out">
                      {t('permit.entrantsOut', { names: permit.entrants.join('、') })}
                    </Checkbox>
                  </Form.Item>
                </>
              )}
            </Form>
          )}
        </div>
      </Modal>

      <GasTestModal
        permit={permit}
        open={gasOpen}
        onClose={() => setGasOpen(false)}
        onRecorded={(next) => {
          setGasOpen(false);
          onChanged(next);
          const latest = latestGasTest(next.gasTests);
          if (latest?.passed) message.success(t('gasTest.passed'));
          else message.warning(t('gasTest.failed'));
        }}
      />
      <UnlockTokenModal permit={permit} open={unlockOpen} onClose={() => setUnlockOpen(false)} />
    </>
  );
}
