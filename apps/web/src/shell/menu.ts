import type { Action } from '@safegrid/contracts/values';

/** Menu keys are the routes they open; the longest matching prefix is highlighted. */
export const ROUTE_KEYS = [
  '/dashboard',
  '/map',
  '/enterprises',
  '/grids',
  '/import',
  '/grid/patrols',
  '/grid/patrols/tasks',
  '/grid/hazards',
  '/grid/dispatch',
  '/grid/assessment',
  '/grid/statistics',
  '/grid/rechecks',
  '/profile',
  '/profile/grades',
  '/profile/models',
  '/profile/services',
  '/profile/objections',
  '/profile/duty',
  '/profile/imports',
  '/enforcement',
  '/enforcement/regulations',
  '/enforcement/matcher',
  '/enforcement/inspections',
  '/enforcement/documents/new',
  '/enforcement/cases',
  '/enforcement/approvals',
  '/enforcement/plans',
  '/enforcement/tasks',
  '/enforcement/statistics',
  '/enforcement/holiday-calendar',
  '/confined',
  '/confined/alarms',
  '/confined/spaces',
  '/admin/users',
  '/registrations',
  '/audit',
  '/account',
] as const;

export type RouteKey = (typeof ROUTE_KEYS)[number];

export function selectedMenuKey(pathname: string): string | undefined {
  return ROUTE_KEYS.filter((k) => pathname === k || pathname.startsWith(`${k}/`)).sort(
    (a, b) => b.length - a.length,
  )[0];
}

/** What a session must be allowed to do to see a section (in the menu) and open it. */
export const ROUTE_ACTIONS: Readonly<Partial<Record<RouteKey, Action>>> = {
  '/dashboard': 'enterprise.read',
  '/map': 'enterprise.read',
  '/enterprises': 'enterprise.read',
  '/grids': 'enterprise.read',
  '/import': 'enterprise.import',
  // The inspector's own tasks (phone app); a task page and the month's task list need patrol.read.
  '/grid/patrols': 'patrol.conduct',
  '/grid/patrols/tasks': 'patrol.read',
  // Hazards: the list and a hazard (every role that follows hazards, enterprises included).
  '/grid/hazards': 'hazard.read',
  // Dispatch events (分拨): the list and an event; reporting one (`/grid/dispatch/new`) also needs
  // dispatch.report, checked by the page (the same roles today).
  '/grid/dispatch': 'dispatch.read',
  // Assessment and statistics are the supervisors' view; re-checks the drawn inspector's work.
  '/grid/assessment': 'assessment.read',
  '/grid/statistics': 'assessment.read',
  '/grid/rechecks': 'assessment.recheck',
  // The enterprise profile (`/profile/enterprises/:id`: regulators in scope, an enterprise its own)
  // and the grade distribution; publishing grading-model versions is the city admin's.
  '/profile': 'profile.read',
  '/profile/grades': 'profile.read',
  '/profile/models': 'grading.manage',
  // Safety service packages: officers generate them and read their effect (the page checks
  // service.manage); every profile reader sees the packages in scope, an enterprise its own.
  '/profile/services': 'profile.read',
  // Government-duty scoring of streets and grids: the supervisors' view, as assessment is.
  '/profile/duty': 'assessment.read',
  // Objections to grade inputs: an enterprise follows its own, officers decide those of their street
  // (the page checks profile.review and profile.object).
  '/profile/objections': 'profile.read',
  // Importing records other systems hold (accidents, credit, penalties, drills): the officers who
  // record them.
  '/profile/imports': 'profile.record',
  // The rest of /enforcement is the "not built yet" page.
  '/enforcement': 'enterprise.read',
  // The regulation library (and its regulation and article pages) and the clause matcher.
  '/enforcement/regulations': 'regulation.read',
  '/enforcement/matcher': 'regulation.read',
  // On-site inspections: the list, an inspection, and starting one (the page itself also needs
  // inspection.conduct, as do recording findings, photos and completing).
  '/enforcement/inspections': 'inspection.read',
  // Issuing a 责令限期整改指令书 (enforcement officers only).
  '/enforcement/documents/new': 'document.issue',
  // Enforcement cases (a case page needs case.read too); the approvers' inbox of 立案 and decisions.
  '/enforcement/cases': 'case.read',
  '/enforcement/approvals': 'case.approve',
  // Enforcement plans and the 双随机 draw (the page checks manage/publish); the officer's own tasks.
  '/enforcement/plans': 'enforcement_plan.read',
  '/enforcement/tasks': 'inspection.conduct',
  // Inspections, hazards, penalties and fines by district, street, industry or month.
  '/enforcement/statistics': 'enforcement_statistics.read',
  // The holiday calendar working-day deadlines use: every reader sees it, the city admin edits it
  // (the page checks holiday_calendar.manage).
  '/enforcement/holiday-calendar': 'holiday_calendar.read',
  // The live view, the permit pages below /confined/permits and the ledger.
  '/confined': 'confined.read',
  '/confined/alarms': 'alarm.read',
  '/confined/spaces': 'confined.read',
  '/admin/users': 'user.read',
  '/registrations': 'registration.review',
  '/audit': 'audit.read',
};

/** The action a path needs, or undefined when any signed-in session may open it (e.g. /account). */
export function requiredAction(pathname: string): Action | undefined {
  const key = selectedMenuKey(pathname) as RouteKey | undefined;
  return key ? ROUTE_ACTIONS[key] : undefined;
}

export interface MenuEntry {
  /** A route (leaf) or a group id. */
  key: string;
  /** Message key of the label (`nav.*`). */
  label: string;
  children?: MenuEntry[];
}

/** The side menu in order; groups have children, leaves are routes. */
export const MENU: readonly MenuEntry[] = [
  { key: '/dashboard', label: 'nav.dashboard' },
  {
    key: 'grid',
    label: 'nav.grid',
    children: [
      { key: '/map', label: 'nav.map' },
      { key: '/enterprises', label: 'nav.enterprises' },
      { key: '/grids', label: 'nav.grids' },
      { key: '/import', label: 'nav.import' },
      { key: '/grid/patrols', label: 'nav.myPatrols' },
      { key: '/grid/patrols/tasks', label: 'nav.patrolTasks' },
      { key: '/grid/hazards', label: 'nav.hazards' },
      { key: '/grid/dispatch', label: 'nav.dispatch' },
      { key: '/grid/rechecks', label: 'nav.rechecks' },
      { key: '/grid/assessment', label: 'nav.assessment' },
      { key: '/grid/statistics', label: 'nav.statistics' },
    ],
  },
  {
    // A group whose id is the section's path, so the shell's icon for /profile stays on it.
    key: '/profile',
    label: 'nav.profile',
    children: [
      { key: '/profile/grades', label: 'nav.grading' },
      { key: '/profile/models', label: 'nav.gradingModels' },
      { key: '/profile/services', label: 'nav.services' },
      { key: '/profile/objections', label: 'nav.objections' },
      { key: '/profile/duty', label: 'nav.duty' },
      { key: '/profile/imports', label: 'nav.profileImports' },
    ],
  },
  {
    // A group whose id is the section's path, so the shell's icon for /enforcement stays on it.
    key: '/enforcement',
    label: 'nav.enforcement',
    children: [
      { key: '/enforcement/regulations', label: 'nav.regulations' },
      { key: '/enforcement/matcher', label: 'nav.matcher' },
      { key: '/enforcement/inspections', label: 'nav.inspections' },
      { key: '/enforcement/documents/new', label: 'nav.documentNew' },
      { key: '/enforcement/cases', label: 'nav.cases' },
      { key: '/enforcement/approvals', label: 'nav.approvals' },
      { key: '/enforcement/plans', label: 'nav.enforcementPlans' },
      { key: '/enforcement/tasks', label: 'nav.enforcementTasks' },
      { key: '/enforcement/statistics', label: 'nav.enforcementStatistics' },
      { key: '/enforcement/holiday-calendar', label: 'nav.holidayCalendar' },
    ],
  },
  {
    key: 'confined',
    label: 'nav.confined',
    children: [
      { key: '/confined', label: 'nav.confinedLive' },
      { key: '/confined/alarms', label: 'nav.confinedAlarms' },
      { key: '/confined/spaces', label: 'nav.confinedSpaces' },
    ],
  },
  {
    key: 'system',
    label: 'nav.system',
    children: [
      { key: '/admin/users', label: 'nav.users' },
      { key: '/registrations', label: 'nav.registrations' },
      { key: '/audit', label: 'nav.audit' },
    ],
  },
];

/** The menu without what the session may not open; groups left empty disappear. */
export function visibleMenu(entries: readonly MenuEntry[], can: (action: Action) => boolean): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const entry of entries) {
    if (entry.children) {
      const children = visibleMenu(entry.children, can);
      if (children.length > 0) out.push({ ...entry, children });
      continue;
    }
    const action = ROUTE_ACTIONS[entry.key as RouteKey];
    if (!action || can(action)) out.push(entry);
  }
  return out;
}

/** The first route of a (filtered) menu, depth first. */
export function firstMenuRoute(entries: readonly MenuEntry[]): string | undefined {
  for (const entry of entries) {
    if (!entry.children) return entry.key;
    const inner = firstMenuRoute(entry.children);
    if (inner) return inner;
  }
  return undefined;
}
