import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from './i18n/I18nProvider';

/** Switches between Chinese and English; it names (and is marked up in) the other language. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const other = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      data-testid="language-switch"
      size="small"
      icon={<GlobalOutlined />}
      lang={other}
      onClick={() => setLocale(other)}
    >
      {locale === 'en' ? t('lang.zh') : t('lang.en')}
    </Button>
  );
}
