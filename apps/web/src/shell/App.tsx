import { lazy } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n/I18nProvider';
import { AppLayout } from './AppLayout';
import { NotBuilt } from './NotBuilt';
import { SessionGuard, SessionProvider } from '../identity/SessionProvider';
import { AuthLayout } from '../identity/AuthLayout';

const AssessmentPage = lazy(() => import('../grid/assessment/AssessmentPage'));
const StatisticsPage = lazy(() => import('../grid/assessment/StatisticsPage'));
const RechecksPage = lazy(() => import('../grid/assessment/RechecksPage'));
const CityMapPage = lazy(() => import('../grid/map/CityMapPage'));
const EnterpriseListPage = lazy(() => import('../grid/enterprises/EnterpriseListPage'));
const EnterpriseDetailPage = lazy(() => import('../grid/enterprises/EnterpriseDetailPage'));
const GridIndexPage = lazy(() => import('../grid/grids/GridIndexPage'));
const GridPage = lazy(() => import('../grid/grids/GridPage'));
const ImportPage = lazy(() => import('../grid/import/ImportPage'));
const DashboardPage = lazy(() => import('../dashboard/DashboardPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));
const SignInPage = lazy(() => import('../identity/SignInPage'));
const MfaChallengePage = lazy(() => import('../identity/MfaChallengePage'));
const MfaEnrolPage = lazy(() => import('../identity/MfaEnrolPage'));
const RegisterPage = lazy(() => import('../identity/RegisterPage'));
const AccountPage = lazy(() => import('../identity/AccountPage'));
const UsersPage = lazy(() => import('../identity/UsersPage'));
const RegistrationsPage = lazy(() => import('../identity/RegistrationsPage'));
const AuditPage = lazy(() => import('../identity/AuditPage'));
const LiveMonitorPage = lazy(() => import('../confined/live/LiveMonitorPage'));
const AlarmBoardPage = lazy(() => import('../confined/alarms/AlarmBoardPage'));
const SpaceListPage = lazy(() => import('../confined/spaces/SpaceListPage'));
const SpaceDetailPage = lazy(() => import('../confined/spaces/SpaceDetailPage'));
const PermitNewPage = lazy(() => import('../confined/permits/PermitNewPage'));
const PermitDetailPage = lazy(() => import('../confined/permits/PermitDetailPage'));
const RegulationLibraryPage = lazy(() => import('../enforcement/regulations/RegulationLibraryPage'));
const RegulationPage = lazy(() => import('../enforcement/regulations/RegulationPage'));
const ArticlePage = lazy(() => import('../enforcement/regulations/ArticlePage'));
const MatcherPage = lazy(() => import('../enforcement/matcher/MatcherPage'));
const DocumentNewPage = lazy(() => import('../enforcement/documents/DocumentNewPage'));
const InspectionListPage = lazy(() => import('../enforcement/inspections/InspectionListPage'));
const InspectionNewPage = lazy(() => import('../enforcement/inspections/InspectionNewPage'));
const InspectionPage = lazy(() => import('../enforcement/inspections/InspectionPage'));
const CaseListPage = lazy(() => import('../enforcement/cases/CaseListPage'));
const CasePage = lazy(() => import('../enforcement/cases/CasePage'));
const ApprovalInboxPage = lazy(() => import('../enforcement/approvals/ApprovalInboxPage'));
const MyTasksPage = lazy(() => import('../grid/patrols/MyTasksPage'));
const TaskListPage = lazy(() => import('../grid/patrols/TaskListPage'));
const TaskPage = lazy(() => import('../grid/patrols/TaskPage'));
const HazardListPage = lazy(() => import('../grid/hazards/HazardListPage'));
const HazardDetailPage = lazy(() => import('../grid/hazards/HazardDetailPage'));
const VerifyDocumentPage = lazy(() => import('../enforcement/documents/VerifyDocumentPage'));
const PlanListPage = lazy(() => import('../enforcement/plans/PlanListPage'));
const PlanPage = lazy(() => import('../enforcement/plans/PlanPage'));
const EnforcementTasksPage = lazy(() => import('../enforcement/plans/EnforcementTasksPage'));
const PublicPlanPage = lazy(() => import('../enforcement/plans/PublicPlanPage'));
const EnforcementStatisticsPage = lazy(() => import('../enforcement/statistics/EnforcementStatisticsPage'));
const HolidayCalendarPage = lazy(() => import('../enforcement/calendar/HolidayCalendarPage'));
const TipNewPage = lazy(() => import('../grid/tips/TipNewPage'));
const TipStatusPage = lazy(() => import('../grid/tips/TipStatusPage'));
const DispatchListPage = lazy(() => import('../grid/dispatch/DispatchListPage'));
const DispatchNewPage = lazy(() => import('../grid/dispatch/DispatchNewPage'));
const DispatchDetailPage = lazy(() => import('../grid/dispatch/DispatchDetailPage'));
const ProfilePage = lazy(() => import('../profile/ProfilePage'));
const GradesPage = lazy(() => import('../profile/GradesPage'));
const GradingModelsPage = lazy(() => import('../profile/GradingModelsPage'));
const ServicePackagesPage = lazy(() => import('../profile/services/ServicePackagesPage'));
const ServicePackagePage = lazy(() => import('../profile/services/ServicePackagePage'));
const DutyPage = lazy(() => import('../profile/duty/DutyPage'));
const ObjectionsPage = lazy(() => import('../profile/objections/ObjectionsPage'));
const ProfileImportPage = lazy(() => import('../profile/records/ProfileImportPage'));

/** Every other page: the session guard decides who sees them (sign-in pages included). */
function GuardedRoutes() {
  return (
    <Routes>
      <Route element={<AuthLayout />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-in/2fa" element={<MfaChallengePage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="account/2fa" element={<MfaEnrolPage />} />
      </Route>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/map" replace />} />
        <Route path="map" element={<CityMapPage />} />
        <Route path="enterprises" element={<EnterpriseListPage />} />
        <Route path="enterprises/:id" element={<EnterpriseDetailPage />} />
        <Route path="grids" element={<GridIndexPage />} />
        <Route path="grids/:id" element={<GridPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="patrols" element={<Navigate to="/grid/hazards" replace />} />
        <Route path="grid/patrols" element={<MyTasksPage />} />
        <Route path="grid/patrols/tasks" element={<TaskListPage />} />
        <Route path="grid/patrols/tasks/:id" element={<TaskPage />} />
        <Route path="grid/hazards" element={<HazardListPage />} />
        <Route path="grid/hazards/:id" element={<HazardDetailPage />} />
        <Route path="grid/dispatch" element={<DispatchListPage />} />
        <Route path="grid/dispatch/new" element={<DispatchNewPage />} />
        <Route path="grid/dispatch/:id" element={<DispatchDetailPage />} />
        <Route path="grid/assessment" element={<AssessmentPage />} />
        <Route path="grid/statistics" element={<StatisticsPage />} />
        <Route path="grid/rechecks" element={<RechecksPage />} />
        <Route path="profile" element={<Navigate to="/profile/grades" replace />} />
        <Route path="profile/enterprises/:id" element={<ProfilePage />} />
        <Route path="profile/grades" element={<GradesPage />} />
        <Route path="profile/models" element={<GradingModelsPage />} />
        <Route path="profile/services" element={<ServicePackagesPage />} />
        <Route path="profile/services/:id" element={<ServicePackagePage />} />
        <Route path="profile/duty" element={<DutyPage />} />
        <Route path="profile/objections" element={<ObjectionsPage />} />
        <Route path="profile/imports" element={<ProfileImportPage />} />
        <Route path="enforcement/regulations" element={<RegulationLibraryPage />} />
        <Route path="enforcement/regulations/:id" element={<RegulationPage />} />
        <Route path="enforcement/regulations/:id/articles/:number" element={<ArticlePage />} />
        <Route path="enforcement/matcher" element={<MatcherPage />} />
        <Route path="enforcement/documents/new" element={<DocumentNewPage />} />
        <Route path="enforcement/inspections" element={<InspectionListPage />} />
        <Route path="enforcement/inspections/new" element={<InspectionNewPage />} />
        <Route path="enforcement/inspections/:id" element={<InspectionPage />} />
        <Route path="enforcement/cases" element={<CaseListPage />} />
        <Route path="enforcement/cases/:id" element={<CasePage />} />
        <Route path="enforcement/approvals" element={<ApprovalInboxPage />} />
        <Route path="enforcement/statistics" element={<EnforcementStatisticsPage />} />
        <Route path="enforcement/holiday-calendar" element={<HolidayCalendarPage />} />
        <Route path="enforcement/plans" element={<PlanListPage />} />
        <Route path="enforcement/plans/:id" element={<PlanPage />} />
        <Route path="enforcement/tasks" element={<EnforcementTasksPage />} />
        <Route path="enforcement/*" element={<NotBuilt section="enforcement" />} />
        <Route path="confined" element={<LiveMonitorPage />} />
        <Route path="confined/alarms" element={<AlarmBoardPage />} />
        <Route path="confined/spaces" element={<SpaceListPage />} />
        <Route path="confined/spaces/:id" element={<SpaceDetailPage />} />
        <Route path="confined/permits/new" element={<PermitNewPage />} />
        <Route path="confined/permits/:id" element={<PermitDetailPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="registrations" element={<RegistrationsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUSLocale : zhCNLocale}
      theme={{ token: { colorPrimary: '#1d5fa8', borderRadius: 4 } }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              {/* Public: anyone holding a printed document may check it, signed in or not. */}
              <Route element={<AuthLayout />}>
                <Route path="documents/verify" element={<VerifyDocumentPage />} />
                <Route path="documents/verify/:code" element={<VerifyDocumentPage />} />
                {/* Public (一公开): a published enforcement plan's random draw. */}
                <Route path="public/enforcement-plans/:id" element={<PublicPlanPage />} />
                {/* Public: anyone reports a safety problem and follows it by its tracking code. */}
                <Route path="tips" element={<TipStatusPage />} />
                <Route path="tips/new" element={<TipNewPage />} />
                <Route path="tips/:trackingCode" element={<TipStatusPage />} />
              </Route>
              <Route
                path="*"
                element={
                  <SessionGuard>
                    <GuardedRoutes />
                  </SessionGuard>
                }
              />
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
