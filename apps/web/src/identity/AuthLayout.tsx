import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Button, Spin, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useI18n } from '../shell/i18n/I18nProvider';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { useSession } from './SessionProvider';

/** The frame of the pages around signing in: no menu, a language switch, a centred card. */
export function AuthLayout() {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  return (
    <div className="sg-auth-page">
      <header className="sg-auth-header">
        <Typography.Text strong className="sg-auth-brand">
          {t('app.title')}
        </Typography.Text>
        <LanguageSwitch />
        {session && (
          <Button
            size="small"
            type="text"
            className="sg-auth-signout"
            icon={<LogoutOutlined />}
            data-testid="sign-out"
            onClick={() => void signOut().catch(() => undefined)}
          >
            {t('user.signOut')}
          </Button>
        )}
      </header>
      <main className="sg-auth-main">
        <Suspense
          fallback={
            <div className="sg-center">
              <Spin />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
