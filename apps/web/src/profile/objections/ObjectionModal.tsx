import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import type { GradeExplanation, GradeObjection } from '@safegrid/contracts';
import { ApiError } from '../../shell/api';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { pickLabel } from '../profileModel';
import { EvidenceUploader, useEvidenceQueue } from './EvidenceUploader';
import { fileObjection } from './objectionsApi';
import {
  CLAIM_MAX,
  objectionFieldFor,
  REASON_MAX,
  toFileObjectionBody,
  validateObjectionForm,
  type FieldProblem,
  type ObjectionFormValues,
} from './objectionsModel';

export type ExplainedIndicator = GradeExplanation['dimensions'][number]['indicators'][number];

interface RawValues {
  claimedValue: number | null;
  reason: string;
}

/**
 * 提出异议 (POST /api/profile/enterprises/:id/objections): the enterprise claims another value
 * for one input of its grade, with a reason, and evidence files that are uploaded one by one
 * once the objection is filed. The obvious rules are checked here; the server judges (the
 * indicator's range among them), and its field errors land on the fields they point at.
 * Mounted while open, so each opening starts afresh.
 */
export function ObjectionModal({
  enterpriseId,
  indicator,
  onClose,
  onChanged,
}: {
  enterpriseId: string;
  indicator: ExplainedIndicator;
  onClose(): void;
  /** The objection was filed (or one turned out to be pending already): show it on the page. */
  onChanged(): void;
}) {
  const { t, locale, describeError } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RawValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [evidenceProblem, setEvidenceProblem] = useState<string | null>(null);
  const [filed, setFiled] = useState<GradeObjection | null>(null);
  const queue = useEvidenceQueue({ objectionId: filed?.id ?? null });
  const label = pickLabel(locale, indicator);
  const problemText = (p: FieldProblem) => t(p.key, p.params);

  const submit = async (raw: RawValues) => {
    const values: ObjectionFormValues = {
      claimedValue: raw.claimedValue ?? null,
      reason: raw.reason ?? '',
      evidenceCount: queue.items.length,
    };
    setFormError(null);
    setEvidenceProblem(null);
    const local = validateObjectionForm(values, indicator.value);
    // Every field shows this check's outcome (the errors of the last one go).
    form.setFields(
      (['claimedValue', 'reason'] as const).map((name) => ({
        name,
        errors: local[name] ? [problemText(local[name])] : [],
      })),
    );
    if (Object.keys(local).length > 0) {
      if (local.evidence) setEvidenceProblem(problemText(local.evidence));
      return;
    }
    setSubmitting(true);
    try {
      const objection = await fileObjection(enterpriseId, toFileObjectionBody(indicator.id, values));
      setFiled(objection);
      onChanged();
      if (queue.items.length === 0) {
        void message.success(t('objections.form.filed'));
        onClose();
      }
    } catch (error) {
      const described = describeError(error);
      const unassigned: string[] = [];
      const byField: { name: keyof RawValues; errors: string[] }[] = [];
      for (const f of described.fields) {
        const name = objectionFieldFor(f.path);
        if (name === 'claimedValue' || name === 'reason') byField.push({ name, errors: [f.message] });
        else if (name === 'evidence') setEvidenceProblem(f.message);
        else unassigned.push(f.message);
      }
      form.setFields(byField);
      setFormError({ message: described.message, extra: unassigned });
      // Someone (another session) filed one meanwhile: the page shows it as pending.
      if (error instanceof ApiError && error.code === 'objection.pending_exists') onChanged();
    } finally {
      setSubmitting(false);
    }
  };

  const busy = queue.summary.busy && filed !== null;
  return (
    <Modal
      open
      title={t('objections.form.title', { indicator: label })}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={false}
      keyboard={!busy}
      width={600}
      footer={
        filed
          ? [
              <Button
                key="done"
                type="primary"
                disabled={busy}
                onClick={onClose}
                data-testid="objection-done"
              >
                {t('objections.form.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                loading={submitting}
                onClick={() => form.submit()}
                data-testid="objection-submit"
              >
                {t('objections.form.submit')}
              </Button>,
            ]
      }
    >
      <div data-testid="objection-form" data-indicator={indicator.id} data-filed={String(filed !== null)}>
        {filed ? (
          <>
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="objection-filed"
              title={t('objections.form.filed')}
              description={t('objections.form.filedUploading')}
            />
            <Descriptions
              size="small"
              bordered
              column={1}
              style={{ marginBottom: 12 }}
              items={[
                { key: 'indicator', label: t('objections.col.indicator'), children: label },
                {
                  key: 'values',
                  label: t('objections.col.values'),
                  children: `${filed.recordedValue} → ${filed.claimedValue}`,
                },
              ]}
            />
            <EvidenceUploader queue={queue} queued={false} />
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('objections.form.intro')}</Typography.Paragraph>
            <FormErrorAlert error={formError} />
            <Form<RawValues>
              form={form}
              layout="vertical"
              name="file-objection"
              preserve={false}
              initialValues={{ claimedValue: null, reason: '' }}
              onFinish={(v) => void submit(v)}
              onValuesChange={(changed: Partial<RawValues>) => {
                if (formError) setFormError(null);
                form.setFields(
                  (Object.keys(changed) as (keyof RawValues)[]).map((name) => ({ name, errors: [] })),
                );
              }}
            >
              <Form.Item label={t('objections.form.recorded')}>
                <InputNumber
                  value={indicator.value}
                  readOnly
                  disabled
                  style={{ width: '100%' }}
                  data-testid="objection-recorded"
                />
              </Form.Item>
              <Form.Item
                name="claimedValue"
                label={t('objections.form.claimed')}
                extra={t('objections.form.claimedHint')}
                required
              >
                <InputNumber
                  min={0}
                  max={CLAIM_MAX}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="objection-claimed"
                />
              </Form.Item>
              <Form.Item name="reason" label={t('objections.form.reason')} required>
                <Input.TextArea
                  maxLength={REASON_MAX}
                  showCount
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  placeholder={t('objections.form.reasonPlaceholder')}
                  data-testid="objection-reason"
                />
              </Form.Item>
              <Form.Item
                label={t('objections.form.evidence')}
                validateStatus={evidenceProblem ? 'error' : undefined}
                help={evidenceProblem ?? undefined}
              >
                <EvidenceUploader queue={queue} queued disabled={submitting} />
              </Form.Item>
            </Form>
          </>
        )}
      </div>
    </Modal>
  );
}
