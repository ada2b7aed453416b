import { Result } from 'antd';
import { useI18n, type MessageKey } from './i18n/I18nProvider';
import { useDocumentTitle } from './useDocumentTitle';

export type UnbuiltSection = 'profile' | 'enforcement' | 'patrols';

const TITLES: Record<UnbuiltSection, MessageKey> = {
  profile: 'nav.profile',
  enforcement: 'nav.enforcement',
  patrols: 'nav.patrols',
};
const PLANS: Record<UnbuiltSection, MessageKey> = {
  profile: 'notBuilt.profile',
  enforcement: 'notBuilt.enforcement',
  patrols: 'notBuilt.patrols',
};

/** Placeholder for a section of the platform that is planned but not built yet. */
export function NotBuilt({ section }: { section: UnbuiltSection }) {
  const { t } = useI18n();
  const name = t(TITLES[section]);
  useDocumentTitle(name);
  return (
    <Result
      status="info"
      data-testid="not-built"
      data-section={section}
      title={t('notBuilt.title', { section: name })}
      subTitle={t(PLANS[section])}
    />
  );
}
