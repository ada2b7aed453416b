import { useState } from 'react';
import { App, Form, Input, Modal, Rate, Select } from 'antd';
import type { ButtonProps } from 'antd';
import type { DispatchEventDetail } from '@safegrid/contracts';
import { DISPATCH_LIMITS, type DispatchEventValue } from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { takeDispatchStep } from './dispatchApi';
import { DISPATCH_DEPARTMENTS, stepBlocker, stepSpec, toStepRequest } from './dispatchModel';

/**
 * One step on a dispatch event with the inputs it needs: the department (dispatch), the reason
 * (不予立案, return), the result (feedback), the rating (evaluate) and an optional note otherwise;
 * 不予立案 and return ask to confirm. The request carries the version the user saw.
 */
export function DispatchStepDialog({
  event,
  step,
  onClose,
  onDone,
  onFailed,
}: {
  event: DispatchEventDetail;
  step: DispatchEventValue;
  onClose(): void;
  onDone(next: DispatchEventDetail): void;
  /** A failure the dialog does not keep (e.g. stale version: the page reloads). Return true if handled. */
  onFailed(error: unknown): boolean;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const spec = stepSpec(step);
  const [note, setNote] = useState('');
  const [department, setDepartment] = useState<string | null>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const values = { note, department, rating };
  const blocker = stepBlocker(step, values);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await takeDispatchStep(event.id, toStepRequest(step, event.version, values)));
    } catch (e) {
      if (!onFailed(e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const ok = () => {
    setTried(true);
    if (blocker) return;
    if (!spec.confirm) {
      void send();
      return;
    }
    modal.confirm({
      title: t(`dispatch.confirm.${step === 'return' ? 'return' : 'not_file'}`),
      content: t(`dispatch.confirmBody.${step === 'return' ? 'return' : 'not_file'}`),
      okText: t(`dispatch.event.${step}`),
      okButtonProps: { danger: true, 'data-testid': 'dispatch-step-confirm' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => send(),
    });
  };

  return (
    <Modal
      open
      title={t(`dispatch.event.${step}`)}
      onCancel={onClose}
      onOk={ok}
      okText={t(`dispatch.event.${step}`)}
      cancelText={t('common.cancel')}
      okButtonProps={
        { loading: busy, danger: spec.danger, 'data-testid': 'dispatch-step-submit' } as ButtonProps
      }
      destroyOnHidden
    >
      <Form layout="vertical" component="div" data-testid="dispatch-step-dialog" data-event={step}>
        <p className="sg-dispatch-small">{t(`dispatch.eventHint.${step}`)}</p>
        {spec.department && (
          <Form.Item
            label={t('dispatch.department')}
            required
            validateStatus={tried && blocker === 'departmentRequired' ? 'error' : undefined}
            help={
              tried && blocker === 'departmentRequired' ? t('dispatch.blocker.departmentRequired') : undefined
            }
          >
            <Select
              value={department ?? undefined}
              onChange={(v) => setDepartment(v)}
              placeholder={t('dispatch.departmentPlaceholder')}
              options={DISPATCH_DEPARTMENTS.map((d) => ({
                value: d.id,
                label: `${d.name}（${t(`dispatch.departmentKind.${d.kind}`)}）`,
              }))}
              data-testid="dispatch-step-department"
            />
          </Form.Item>
        )}
        {spec.rating && (
          <Form.Item
            label={t('dispatch.rating')}
            required
            validateStatus={tried && blocker === 'ratingRequired' ? 'error' : undefined}
            help={tried && blocker === 'ratingRequired' ? t('dispatch.blocker.ratingRequired') : undefined}
          >
            <Rate
              value={rating ?? 0}
              onChange={(v) => setRating(v > 0 ? v : null)}
              data-testid="dispatch-step-rating"
            />
          </Form.Item>
        )}
        <Form.Item
          label={t(spec.noteLabel)}
          required={spec.note === 'required'}
          validateStatus={
            tried && (blocker === 'noteRequired' || blocker === 'noteTooLong') ? 'error' : undefined
          }
          help={
            tried && blocker === 'noteRequired'
              ? t('dispatch.blocker.noteRequired')
              : tried && blocker === 'noteTooLong'
                ? t('dispatch.blocker.noteTooLong', { max: DISPATCH_LIMITS.note })
                : undefined
          }
        >
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={DISPATCH_LIMITS.note}
            showCount
            data-testid="dispatch-step-note"
          />
        </Form.Item>
        {error !== null && <ErrorAlert error={error} testId="dispatch-step-error" />}
      </Form>
    </Modal>
  );
}
