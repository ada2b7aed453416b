import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Space, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import type { CaseViolation, FineSuggestions } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { formatYuan } from '../regulations/fineModel';
import { fetchFineSuggestions } from './casesApi';
import { CIRCUMSTANCES, fineError, type Circumstance, type FineDraft } from './caseModel';

/**
 * The fine of each violation to be fined: circumstances, the platform's suggestion (its own
 * discretion rules, not an official 裁量基准), and the officer's fine checked against the legal
 * range before anything is sent.
 */
export function FineEditor({
  caseId,
  violations,
  drafts,
  onChange,
  showErrors,
}: {
  caseId: string;
  violations: readonly CaseViolation[];
  drafts: FineDraft[];
  onChange(drafts: FineDraft[]): void;
  /** After a first submit attempt: show each row's problem. */
  showErrors: boolean;
}) {
  const { t, locale } = useI18n();
  const [suggestions, setSuggestions] = useState<FineSuggestions | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<unknown>(null);
  const bySeq = new Map(violations.map((v) => [v.seq, v]));
  const uiLocale = locale === 'en' ? 'en' : 'zh-CN';

  const update = (seq: number, patch: Partial<FineDraft>) =>
    onChange(drafts.map((d) => (d.seq === seq ? { ...d, ...patch } : d)));

  const suggest = async () => {
    setSuggesting(true);
    setSuggestError(null);
    try {
      const result = await fetchFineSuggestions(caseId, {
        violations: drafts.map((d) => ({ seq: d.seq, circumstances: d.circumstances })),
      });
      setSuggestions(result);
      onChange(
        drafts.map((d) => {
          const s = result.items.find((i) => i.seq === d.seq);
          return s && s.suggestedYuan !== null ? { ...d, fine: String(s.suggestedYuan) } : d;
        }),
      );
    } catch (error) {
      setSuggestError(error);
    } finally {
      setSuggesting(false);
    }
  };

  return (
    <div data-testid="case-fines">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {drafts.map((d) => {
          const v = bySeq.get(d.seq);
          const range = v?.fineRange ?? { minYuan: null, maxYuan: null };
          const error = fineError(d.fine, range);
          const suggestion = suggestions?.items.find((i) => i.seq === d.seq);
          return (
            <Card
              key={d.seq}
              size="small"
              data-testid="case-fine-row"
              data-seq={d.seq}
              data-min={range.minYuan ?? ''}
              data-max={range.maxYuan ?? ''}
              title={t('case.violationN', { n: d.seq })}
            >
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v?.finding}</Typography.Paragraph>
              <div>
                <Typography.Text type="secondary">{t('case.fineRange')}：</Typography.Text>
                {range.minYuan !== null && range.maxYuan !== null
                  ? t('case.fineRangeValue', {
                      min: formatYuan(range.minYuan, uiLocale),
                      max: formatYuan(range.maxYuan, uiLocale),
                    })
                  : t('case.fineRangeUnknown')}
                {v?.penalty && <Typography.Text type="secondary"> （{v.penalty.label}）</Typography.Text>}
              </div>
              <Checkbox.Group<Circumstance>
                value={d.circumstances}
                onChange={(values) => update(d.seq, { circumstances: values })}
                options={CIRCUMSTANCES.map((c) => ({ value: c, label: t(`case.circumstance.${c}`) }))}
                style={{ margin: '8px 0' }}
              />
              <Input
                inputMode="decimal"
                suffix={t('case.yuan')}
                value={d.fine}
                onChange={(e) => update(d.seq, { fine: e.target.value })}
                status={showErrors && error ? 'error' : undefined}
                data-testid={`case-fine-input-${d.seq}`}
                placeholder={t('case.finePlaceholder')}
              />
              {suggestion && (
                <Typography.Text type="secondary" data-testid={`case-fine-suggestion-${d.seq}`}>
                  {suggestion.suggestedYuan === null
                    ? t('case.suggestionNone')
                    : t('case.suggestion', { amount: formatYuan(suggestion.suggestedYuan, uiLocale) })}
                </Typography.Text>
              )}
              {showErrors && error && (
                <div>
                  <Typography.Text type="danger" data-testid={`case-fine-error-${d.seq}`}>
                    {t(error.key, error.params)}
                  </Typography.Text>
                </div>
              )}
            </Card>
          );
        })}
        <Button
          icon={<BulbOutlined />}
          loading={suggesting}
          onClick={() => void suggest()}
          data-testid="case-fine-suggest"
        >
          {t('case.suggest')}
        </Button>
        {suggestions && (
          <Alert
            type="info"
            showIcon
            title={suggestions.rules.label}
            description={suggestions.rules.notice}
          />
        )}
        {suggestError !== null && <ErrorAlert error={suggestError} />}
      </Space>
    </div>
  );
}
