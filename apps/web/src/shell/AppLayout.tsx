import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Grid, Layout, Menu, Spin, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  DashboardOutlined,
  GlobalOutlined,
  EnvironmentOutlined,
  IdcardOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyOutlined,
  ShopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useI18n } from './i18n/I18nProvider';
import { selectedMenuKey } from './menu';

export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `screens` is empty; treat unknown as desktop only when wide.
  const narrow = screens.lg === undefined ? window.innerWidth < 992 : !screens.lg;
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 992);
  const location = useLocation();
  const navigate = useNavigate();

  const items: MenuProps['items'] = [
    { key: '/dashboard', icon: <DashboardOutlined />, label: t('nav.dashboard') },
    {
      key: 'grid',
      icon: <ApartmentOutlined />,
      label: t('nav.grid'),
      children: [
        { key: '/map', icon: <EnvironmentOutlined />, label: t('nav.map') },
        { key: '/enterprises', icon: <ShopOutlined />, label: t('nav.enterprises') },
        { key: '/grids', icon: <BorderOuterOutlined />, label: t('nav.grids') },
        { key: '/import', icon: <UploadOutlined />, label: t('nav.import') },
        { key: '/patrols', icon: <SafetyOutlined />, label: t('nav.patrols') },
      ],
    },
    { key: '/profile', icon: <IdcardOutlined />, label: t('nav.profile') },
    { key: '/enforcement', icon: <AuditOutlined />, label: t('nav.enforcement') },
    { key: '/confined', icon: <AlertOutlined />, label: t('nav.confined') },
  ];
  const selected = selectedMenuKey(location.pathname);

  return (
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
          defaultOpenKeys={['grid']}
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
          <Button
            data-testid="language-switch"
            size="small"
            icon={<GlobalOutlined />}
            lang={locale === 'en' ? 'zh-CN' : 'en'}
            onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          >
            {locale === 'en' ? t('lang.zh') : t('lang.en')}
          </Button>
        </Layout.Header>
        <Layout.Content className="sg-content">
          <Suspense
            fallback={
              <div className="sg-center">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
