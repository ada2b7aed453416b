import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, Spin, Typography } from 'antd';
import { isAbortError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { searchEnterprises } from './documentsApi';

export interface EnterpriseChoice {
  id: string;
  name: string;
  creditCode: string;
}

/**
 * The inspected unit: type a fragment of the name (or credit code), pick from
 * `GET /api/enterprises?q=` (debounced, the previous request aborted). Used as a Form.Item control.
 */
export function EnterprisePicker({
  id,
  value,
  onChange,
  preset,
  status,
  testIdPrefix = 'document-enterprise',
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** An enterprise known before any search (from `?enterpriseId=`). */
  preset?: EnterpriseChoice | null;
  status?: 'error' | 'warning';
  /** Test ids: `<prefix>-select` on the search input, `<prefix>-option` on each option. */
  testIdPrefix?: string;
}) {
  const { t } = useI18n();
  // The search input carries the test id (antd puts data-* of a Select on its outer element).
  const searchInput = useMemo(
    () => ({ input: <input data-testid={`${testIdPrefix}-select`} /> }),
    [testIdPrefix],
  );
  const [options, setOptions] = useState<EnterpriseChoice[]>([]);
  const [known, setKnown] = useState<Record<string, EnterpriseChoice>>({});
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(
    () => () => {
      controller.current?.abort();
      window.clearTimeout(timer.current);
    },
    [],
  );

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    controller.current?.abort();
    if (q.trim() === '') {
      setOptions([]);
      setLoading(false);
      return;
    }
    setLoading(true);
    timer.current = window.setTimeout(() => {
      const current = new AbortController();
      controller.current = current;
      searchEnterprises(q, current.signal).then(
        (page) => {
          const found = page.items.map((e) => ({ id: e.id, name: e.name, creditCode: e.creditCode }));
          setOptions(found);
          setKnown((k) => ({ ...k, ...Object.fromEntries(found.map((e) => [e.id, e])) }));
          setFailed(false);
          setLoading(false);
        },
        (error: unknown) => {
          if (isAbortError(error)) return;
          setOptions([]);
          setFailed(true);
          setLoading(false);
        },
      );
    }, 300);
  };

  const selected = value ? (value === preset?.id ? preset : known[value]) : undefined;
  const listed = selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options;

  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      status={status}
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      components={searchInput}
      placeholder={t('document.enterprisePlaceholder')}
      notFoundContent={
        loading ? (
          <Spin size="small" />
        ) : failed ? (
          t('document.enterpriseSearchFailed')
        ) : (
          t('document.enterpriseNone')
        )
      }
      options={listed.map((e) => ({
        value: e.id,
        label: `${e.name}（${e.creditCode}）`,
        choice: e,
      }))}
      optionRender={(option) => {
        const e = (option.data as { choice: EnterpriseChoice }).choice;
        return (
          <div className="sg-enterprise-option" data-testid={`${testIdPrefix}-option`} data-id={e.id}>
            <div className="sg-enterprise-option-name">{e.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('document.creditCode', { code: e.creditCode })}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}
