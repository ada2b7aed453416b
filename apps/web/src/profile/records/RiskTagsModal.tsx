import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Modal, Space, Typography } from 'antd';
import type { EnterpriseProfile, RiskTagsState } from '@safegrid/contracts';
import { RISK_TAGS } from '@safegrid/contracts/values';
import { apiFetch } from '../../shell/api';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { SourceTag } from '../GradeBadge';
import type { ProfileSourceValue } from '../profileModel';
import { riskTagsFormFrom, riskTagsUrl, toRiskTagsBody } from './recordsModel';

interface Props {
  open: boolean;
  enterpriseId: string;
  recorded: EnterpriseProfile['riskTags'];
  onClose(): void;
  onSaved(state: RiskTagsState): void;
}

/**
 * 更新固有风险 (PUT /api/profile/enterprises/:id/risk-tags): the enterprise ticks its inherent risks.
 * Tags another source recorded are shown ticked with their source and cannot be withdrawn here.
 */
export function RiskTagsModal({ open, enterpriseId, recorded, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const form = riskTagsFormFrom(recorded);
  const [chosen, setChosen] = useState<string[]>(form.declared);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const locked = new Map<string, ProfileSourceValue>(form.locked.map((l) => [l.tag, l.source]));

  // Each opening starts from what is recorded then; a reload while open keeps the ticks.
  useEffect(() => {
    if (!open) return;
    setChosen(riskTagsFormFrom(recorded).declared);
    setFormError(null);
  }, [open]);

  const submit = async () => {
    setSubmitting(true);
    setFormError(null);
    try {
      const saved = await apiFetch<RiskTagsState>(riskTagsUrl(enterpriseId), {
        method: 'PUT',
        json: toRiskTagsBody(chosen.filter((tag) => !locked.has(tag))),
      });
      message.success(t('records.risks.saved'));
      if (saved.kept.length > 0) {
        message.info(
          t('records.risks.kept', { tags: saved.kept.map((tag) => t(`profile.riskTag.${tag}`)).join('、') }),
        );
      }
      onSaved(saved);
    } catch (error) {
      const described = describeError(error);
      setFormError({ message: described.message, extra: described.fields.map((f) => f.message) });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('records.risks.title')}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => void submit()}
          data-testid="risks-submit"
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <div data-testid="risks-form">
        <Typography.Paragraph type="secondary">{t('records.risks.intro')}</Typography.Paragraph>
        <FormErrorAlert error={formError} />
        <Checkbox.Group
          value={[...chosen, ...locked.keys()]}
          onChange={(values) => {
            setChosen(values.map(String).filter((tag) => !locked.has(tag)));
            setFormError(null);
          }}
        >
          <Space orientation="vertical">
            {RISK_TAGS.map((tag) => (
              <Checkbox
                key={tag}
                value={tag}
                disabled={locked.has(tag)}
                data-testid="risks-tag"
                data-tag={tag}
              >
                <Space size={4}>
                  {t(`profile.riskTag.${tag}`)}
                  {locked.has(tag) && <SourceTag source={locked.get(tag)!} />}
                </Space>
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
        {form.locked.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('records.risks.lockedHint')}
          </Typography.Paragraph>
        )}
      </div>
    </Modal>
  );
}
