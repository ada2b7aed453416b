import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Dropdown, Grid, Layout, Menu, Spin, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  BranchesOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  DashboardOutlined,
  DownOutlined,
  FileSearchOutlined,
  EnvironmentOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useI18n, type MessageKey } from './i18n/I18nProvider';
import { MENU, requiredAction, selectedMenuKey, visibleMenu, type MenuEntry } from './menu';
import { Forbidden } from './Forbidden';
import { LanguageSwitch } from './LanguageSwitch';
import { NoticeBell } from '../notices/NoticeBell';
import { useSignedIn, useSession } from '../identity/SessionProvider';
import { ACCOUNT_PATH, homePath } from '../identity/session';
import { OfflineProvider } from '../grid/offline/OfflineProvider';

const ICONS: Record<string, ReactNode> = {
  '/dashboard': <DashboardOutlined />,
  grid: <ApartmentOutlined />,
  '/map': <EnvironmentOutlined />,
  '/enterprises': <ShopOutlined />,
  '/grids': <BorderOuterOutlined />,
  '/import': <UploadOutlined />,
  '/grid/patrols': <SafetyOutlined />,
  '/grid/patrols/tasks': <ScheduleOutlined />,
  '/grid/hazards': <WarningOutlined />,
  '/grid/dispatch': <BranchesOutlined />,
  '/profile': <IdcardOutlined />,
  '/enforcement': <AuditOutlined />,
  confined: <AlertOutlined />,
  '/confined': <DashboardOutlined />,
  '/confined/alarms': <AlertOutlined />,
  '/confined/spaces': <BorderOuterOutlined />,
  system: <SettingOutlined />,
  '/admin/users': <TeamOutlined />,
  '/registrations': <SolutionOutlined />,
  '/audit': <FileSearchOutlined />,
};

export function AppLayout() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `screens` is empty; treat unknown as desktop only when wide.
  const narrow = screens.lg === undefined ? window.innerWidth < 992 : !screens.lg;
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 992);
  // Groups open in the full menu; a collapsed menu shows groups as flyouts, opened only by the
  // user (open groups there would float over the page on a phone and catch its taps).
  const [openGroups, setOpenGroups] = useState<string[]>(['grid', 'confined', 'system']);
  const [flyouts, setFlyouts] = useState<string[]>([]);
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSignedIn();
  const { can, signOut } = useSession();

  const items = useMemo<MenuProps['items']>(() => {
    const toItem = (entry: MenuEntry): NonNullable<MenuProps['items']>[number] => ({
      key: entry.key,
      icon: ICONS[entry.key],
      label: t(entry.label as MessageKey),
      ...(entry.children ? { children: entry.children.map(toItem) } : {}),
    });
    return visibleMenu(MENU, can).map(toItem);
  }, [can, t]);
  const selected = selectedMenuKey(location.pathname);
  const needed = requiredAction(location.pathname);
  const allowed = !needed || can(needed);

  const userMenu: MenuProps['items'] = [
    {
      key: 'account',
      icon: <UserOutlined />,
      label: <span data-testid="my-account">{t('user.account')}</span>,
    },
    { type: 'divider' },
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      label: <span data-testid="sign-out">{t('user.signOut')}</span>,
    },
  ];

  return (
    <OfflineProvider>
      <Layout className="sg-root">
        <Layout.Sider
          className={narrow ? 'sg-sider sg-sider-overlay' : 'sg-sider'}
          data-testid="side-menu"
          width={220}
          collapsible
          collapsed={collapsed}
          collapsedWidth={narrow ? 0 : 64}
          breakpoint="lg"
          onBreakpoint={(broken) => setCollapsed(broken)}
          trigger={null}
        >
          <div className="sg-logo" title={t('app.title')}>
            {collapsed ? 'SG' : t('app.shortTitle')}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={selected ? [selected] : []}
            openKeys={collapsed ? flyouts : openGroups}
            onOpenChange={collapsed ? setFlyouts : setOpenGroups}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
          />
        </Layout.Sider>
        {narrow && !collapsed && (
          <div className="sg-backdrop" onClick={() => setCollapsed(true)} aria-hidden="true" />
        )}
        <Layout>
          <Layout.Header className="sg-header">
            <Button
              type="text"
              data-testid="menu-toggle"
              aria-label={t(collapsed ? 'shell.openMenu' : 'shell.closeMenu')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
            />
            <Typography.Text strong className="sg-title" ellipsis>
              {narrow ? t('app.shortTitle') : t('app.title')}
            </Typography.Text>
            {can('notice.read') && <NoticeBell />}
            <LanguageSwitch />
            <Dropdown
              trigger={['click']}
              menu={{
                items: userMenu,
                onClick: ({ key }) => {
                  if (key === 'account') navigate(ACCOUNT_PATH);
                  else if (key === 'sign-out') void signOut().catch(() => undefined);
                },
              }}
            >
              <Button type="text" data-testid="user-menu" className="sg-user-menu">
                <UserOutlined />
                <span className="sg-user-name" data-testid="user-display-name">
                  {session.user.displayName}
                </span>
                {!narrow && (
                  <Typography.Text type="secondary" className="sg-user-role" data-testid="user-role">
                    {t(`role.${session.user.role}`)}
                  </Typography.Text>
                )}
                <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </Layout.Header>
          <Layout.Content className="sg-content">
            <Suspense
              fallback={
                <div className="sg-center">
                  <Spin />
                </div>
              }
            >
              {allowed ? <Outlet /> : <Forbidden home={homePath(session)} />}
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </OfflineProvider>
  );
}
