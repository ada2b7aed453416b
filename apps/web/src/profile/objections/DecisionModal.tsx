import { useState } from 'react';
import { Button, Descriptions, Form, Input, Modal, Typography } from 'antd';
import type { GradeObjection } from '@safegrid/contracts';
import { ApiError } from '../../shell/api';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { pickLabel } from '../profileModel';
import { decideObjection } from './objectionsApi';
import { NOTE_MAX, objectionFieldFor, validateDecisionNote } from './objectionsModel';

export type Decision = 'accepted' | 'rejected';

/**
 * 受理并采纳 / 不予采纳 (POST /api/profile/objections/:id/decision): the officer confirms with a
 * note the enterprise will read. Accepting makes the claimed value stand and recomputes the grade
 * at once. Mounted while open.
 */
export function DecisionModal({
  objection,
  decision,
  onClose,
  onDecided,
  onStale,
}: {
  objection: GradeObjection;
  decision: Decision;
  onClose(): void;
  onDecided(updated: GradeObjection): void;
  /** The objection was decided elsewhere meanwhile: the list should be fetched again. */
  onStale(): void;
}) {
  const { t, locale, describeError } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const accept = decision === 'accepted';
  const indicator = pickLabel(locale, objection);

  const submit = async ({ note }: { note: string }) => {
    setFormError(null);
    const local = validateDecisionNote(note ?? '');
    form.setFields([{ name: 'note', errors: local.note ? [t(local.note.key, local.note.params)] : [] }]);
    if (local.note) return;
    setSubmitting(true);
    try {
      onDecided(await decideObjection(objection.id, { decision, note: note.trim() }));
    } catch (error) {
      const described = describeError(error);
      const unassigned: string[] = [];
      for (const f of described.fields) {
        if (objectionFieldFor(f.path) === 'note') form.setFields([{ name: 'note', errors: [f.message] }]);
        else unassigned.push(f.message);
      }
      setFormError({ message: described.message, extra: unassigned });
      if (error instanceof ApiError && error.code === 'objection.already_decided') onStale();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t(accept ? 'objections.decide.acceptTitle' : 'objections.decide.rejectTitle')}
      onCancel={onClose}
      maskClosable={false}
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          danger={!accept}
          loading={submitting}
          onClick={() => form.submit()}
          data-testid="objection-decision-confirm"
        >
          {t(accept ? 'objections.decide.confirmAccept' : 'objections.decide.confirmReject')}
        </Button>,
      ]}
    >
      <div data-testid="objection-decision" data-decision={decision} data-id={objection.id}>
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ marginBottom: 12 }}
          items={[
            { key: 'enterprise', label: t('objections.col.enterprise'), children: objection.enterpriseName },
            { key: 'indicator', label: t('objections.col.indicator'), children: indicator },
            {
              key: 'values',
              label: t('objections.col.values'),
              children: `${objection.recordedValue} → ${objection.claimedValue}`,
            },
            {
              key: 'reason',
              label: t('objections.col.reason'),
              children: <span className="sg-objection-reason">{objection.reason}</span>,
            },
          ]}
        />
        <Typography.Paragraph type={accept ? undefined : 'secondary'}>
          {accept
            ? t('objections.decide.acceptExplain', {
                indicator,
                claimed: objection.claimedValue,
                recorded: objection.recordedValue,
              })
            : t('objections.decide.rejectExplain')}
        </Typography.Paragraph>
        <FormErrorAlert error={formError} />
        <Form<{ note: string }>
          form={form}
          layout="vertical"
          name="decide-objection"
          preserve={false}
          initialValues={{ note: '' }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => {
            if (formError) setFormError(null);
            form.setFields([{ name: 'note', errors: [] }]);
          }}
        >
          <Form.Item
            name="note"
            label={t('objections.decide.note')}
            extra={t('objections.decide.noteHint')}
            required
          >
            <Input.TextArea
              maxLength={NOTE_MAX}
              showCount
              autoSize={{ minRows: 3, maxRows: 8 }}
              data-testid="objection-decision-note"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
