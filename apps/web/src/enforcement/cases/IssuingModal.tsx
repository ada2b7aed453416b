import type { ReactNode } from 'react';
import { Alert, Button, Modal } from 'antd';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';

export interface IssuingModalProps {
  /** Prefix of the test ids: `<testId>-modal`, `-error`, `-confirmation`, `-submit`, `-confirm`. */
  testId: string;
  title: string;
  /** Marks the modal for the step it serves (`data-action`). */
  action?: string;
  /** Set: the form is filled and this confirmation is shown before anything is sent. */
  confirmation: string | null;
  submitting: boolean;
  submitLabel: string;
  error: (FormError & { code: string }) | null;
  onSubmit: () => void;
  onBack: () => void;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A case step's form in two stages: fill, then confirm. A step that issues a numbered document
 * (a number is never reused) is confirmed before it is sent; the form stays mounted but hidden so
 * "back" returns to what was typed.
 */
export function IssuingModal(props: IssuingModalProps) {
  const { t } = useI18n();
  const { testId, confirmation, submitting } = props;
  return (
    <Modal
      open
      title={props.title}
      onCancel={() => !submitting && props.onClose()}
      maskClosable={false}
      width={720}
      footer={
        confirmation
          ? [
              <Button key="back" onClick={props.onBack} disabled={submitting}>
                {t('case.confirm.back')}
              </Button>,
              <Button
                key="confirm"
                type="primary"
                loading={submitting}
                onClick={props.onConfirm}
                data-testid={`${testId}-confirm`}
              >
                {t('case.confirm.issue')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={props.onClose} disabled={submitting}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                loading={submitting}
                onClick={props.onSubmit}
                data-testid={`${testId}-submit`}
              >
                {props.submitLabel}
              </Button>,
            ]
      }
    >
      <div data-testid={`${testId}-modal`} data-action={props.action}>
        {props.error && (
          <div data-testid={`${testId}-error`} data-error-code={props.error.code}>
            <FormErrorAlert error={props.error} />
          </div>
        )}
        {confirmation && (
          <Alert
            type="warning"
            showIcon
            data-testid={`${testId}-confirmation`}
            title={t('case.confirm.title')}
            description={confirmation}
            style={{ marginBottom: 12 }}
          />
        )}
        <div style={{ display: confirmation ? 'none' : undefined }}>{props.children}</div>
      </div>
    </Modal>
  );
}
