import { describe, expect, it } from 'vitest';
import type { Action } from '@safegrid/contracts/values';
import { MENU, firstMenuRoute, requiredAction, selectedMenuKey, visibleMenu, type MenuEntry } from './menu';

const keys = (entries: readonly MenuEntry[]): string[] =>
  entries.flatMap((e) => [e.key, ...(e.children ? keys(e.children) : [])]);
const canOnly =
  (...allowed: Action[]) =>
  (action: Action) =>
    allowed.includes(action);

describe('selectedMenuKey', () => {
  it('highlights the section of nested routes', () => {
    expect(selectedMenuKey('/enterprises/123')).toBe('/enterprises');
    expect(selectedMenuKey('/grids')).toBe('/grids');
    expect(selectedMenuKey('/mapx')).toBeUndefined();
    expect(selectedMenuKey('/admin/users')).toBe('/admin/users');
    expect(selectedMenuKey('/account/2fa')).toBe('/account');
  });
});

describe('visibleMenu', () => {
  it('shows everything to a session allowed everything', () => {
    expect(keys(visibleMenu(MENU, () => true))).toEqual(keys(MENU));
  });

  it('hides import without enterprise.import and the system group without its actions', () => {
    const visible = keys(visibleMenu(MENU, canOnly('enterprise.read', 'jurisdiction.read')));
    expect(visible).toContain('/map');
    expect(visible).toContain('/enterprises');
    expect(visible).not.toContain('/import');
    expect(visible).not.toContain('system');
    expect(visible).not.toContain('/admin/users');
  });

  it('gives an auditor only the audit trail', () => {
    const visible = visibleMenu(MENU, canOnly('audit.read', 'audit.export'));
    expect(keys(visible)).toEqual(['system', '/audit']);
    expect(firstMenuRoute(visible)).toBe('/audit');
  });

  it('shows users and registrations by their own actions', () => {
    expect(keys(visibleMenu(MENU, canOnly('user.read')))).toEqual(['system', '/admin/users']);
    expect(keys(visibleMenu(MENU, canOnly('registration.review')))).toEqual(['system', '/registrations']);
    expect(visibleMenu(MENU, canOnly())).toEqual([]);
    expect(firstMenuRoute([])).toBeUndefined();
  });
});

describe('confined-space section', () => {
  it('shows its entries by their own actions', () => {
    expect(keys(visibleMenu(MENU, canOnly('confined.read', 'alarm.read')))).toEqual([
      'confined',
      '/confined',
      '/confined/alarms',
      '/confined/spaces',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('alarm.read')))).toEqual(['confined', '/confined/alarms']);
  });

  it('guards the permit pages with confined.read and highlights the deepest entry', () => {
    expect(requiredAction('/confined/permits/12')).toBe('confined.read');
    expect(requiredAction('/confined/alarms')).toBe('alarm.read');
    expect(selectedMenuKey('/confined/spaces/5')).toBe('/confined/spaces');
    expect(selectedMenuKey('/confined/permits/new')).toBe('/confined');
  });
});

describe('enforcement section', () => {
  it('shows the regulation library and the clause matcher with regulation.read', () => {
    const visible = visibleMenu(MENU, canOnly('regulation.read'));
    expect(keys(visible)).toEqual(['/enforcement', '/enforcement/regulations', '/enforcement/matcher']);
    expect(firstMenuRoute(visible)).toBe('/enforcement/regulations');
  });

  it('shows 签发文书 only with document.issue', () => {
    expect(keys(visibleMenu(MENU, canOnly('regulation.read', 'document.issue')))).toEqual([
      '/enforcement',
      '/enforcement/regulations',
      '/enforcement/matcher',
      '/enforcement/documents/new',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('document.issue')))).toEqual([
      '/enforcement',
      '/enforcement/documents/new',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('regulation.read', 'document.read')))).not.toContain(
      '/enforcement/documents/new',
    );
  });

  it('shows 现场检查 with inspection.read, between the matcher and 签发文书', () => {
    expect(keys(visibleMenu(MENU, canOnly('inspection.read')))).toEqual([
      '/enforcement',
      '/enforcement/inspections',
    ]);
    expect(keys(visibleMenu(MENU, () => true))).toEqual(
      expect.arrayContaining([
        '/enforcement/matcher',
        '/enforcement/inspections',
        '/enforcement/documents/new',
      ]),
    );
    const all = keys(visibleMenu(MENU, () => true));
    expect(all.indexOf('/enforcement/inspections')).toBe(all.indexOf('/enforcement/matcher') + 1);
    expect(keys(visibleMenu(MENU, canOnly('regulation.read', 'document.issue')))).not.toContain(
      '/enforcement/inspections',
    );
  });

  it('guards the inspection pages with inspection.read and highlights 现场检查', () => {
    expect(requiredAction('/enforcement/inspections')).toBe('inspection.read');
    expect(requiredAction('/enforcement/inspections/new')).toBe('inspection.read');
    expect(requiredAction('/enforcement/inspections/42')).toBe('inspection.read');
    expect(requiredAction('/enforcement/inspectionsx')).toBe('enterprise.read');
    expect(selectedMenuKey('/enforcement/inspections/42')).toBe('/enforcement/inspections');
    expect(selectedMenuKey('/enforcement/inspections/new')).toBe('/enforcement/inspections');
  });

  it('guards the issuing page with document.issue and highlights its entry', () => {
    expect(requiredAction('/enforcement/documents/new')).toBe('document.issue');
    expect(selectedMenuKey('/enforcement/documents/new')).toBe('/enforcement/documents/new');
    // Other document pages do not exist yet: the section's "not built yet" page.
    expect(requiredAction('/enforcement/documents')).toBe('enterprise.read');
    expect(requiredAction('/enforcement/documents/newx')).toBe('enterprise.read');
  });

  it('hides the whole group without regulation.read, inspection.read and document.issue', () => {
    const visible = keys(visibleMenu(MENU, canOnly('enterprise.read', 'audit.read')));
    expect(visible).not.toContain('/enforcement');
    expect(visible).not.toContain('/enforcement/regulations');
    expect(visible).not.toContain('/enforcement/matcher');
    expect(visible).not.toContain('/enforcement/documents/new');
    expect(visible).not.toContain('/enforcement/inspections');
  });

  it('guards regulation and article pages with regulation.read and the rest with the placeholder action', () => {
    expect(requiredAction('/enforcement/regulations')).toBe('regulation.read');
    expect(requiredAction('/enforcement/regulations/work-safety-law-2021/articles/99')).toBe(
      'regulation.read',
    );
    expect(requiredAction('/enforcement/matcher')).toBe('regulation.read');
    expect(requiredAction('/enforcement')).toBe('enterprise.read');
    expect(requiredAction('/enforcement/not-built')).toBe('enterprise.read');
    expect(requiredAction('/enforcement/plans/3')).toBe('enforcement_plan.read');
    expect(requiredAction('/enforcement/tasks')).toBe('inspection.conduct');
    expect(requiredAction('/enforcement/regulationsx')).toBe('enterprise.read');
  });

  it('highlights the library for its regulation and article pages', () => {
    expect(selectedMenuKey('/enforcement/regulations/work-safety-law-2021')).toBe('/enforcement/regulations');
    expect(selectedMenuKey('/enforcement/regulations/x/articles/3')).toBe('/enforcement/regulations');
    expect(selectedMenuKey('/enforcement/matcher')).toBe('/enforcement/matcher');
    expect(selectedMenuKey('/enforcement/not-built')).toBe('/enforcement');
    expect(selectedMenuKey('/enforcement/plans/3')).toBe('/enforcement/plans');
  });
});

describe('grid patrols and hazards', () => {
  it('shows my patrols to inspectors, the task list with patrol.read and hazards with hazard.read', () => {
    expect(keys(visibleMenu(MENU, canOnly('patrol.conduct', 'patrol.read', 'hazard.read')))).toEqual([
      'grid',
      '/grid/patrols',
      '/grid/patrols/tasks',
      '/grid/hazards',
    ]);
    // An enterprise account follows its hazards only.
    expect(keys(visibleMenu(MENU, canOnly('hazard.read', 'hazard.rectify')))).toEqual([
      'grid',
      '/grid/hazards',
    ]);
    // A street officer plans and reads tasks but does not patrol.
    expect(keys(visibleMenu(MENU, canOnly('patrol.read', 'patrol.plan', 'hazard.read')))).toEqual([
      'grid',
      '/grid/patrols/tasks',
      '/grid/hazards',
    ]);
  });

  it('guards the pages by the deepest route', () => {
    expect(requiredAction('/grid/patrols')).toBe('patrol.conduct');
    expect(requiredAction('/grid/patrols/tasks')).toBe('patrol.read');
    expect(requiredAction('/grid/patrols/tasks/12')).toBe('patrol.read');
    expect(requiredAction('/grid/hazards')).toBe('hazard.read');
    expect(requiredAction('/grid/hazards/5')).toBe('hazard.read');
    expect(selectedMenuKey('/grid/patrols/tasks/12')).toBe('/grid/patrols/tasks');
    expect(selectedMenuKey('/grid/hazards/5')).toBe('/grid/hazards');
    // The old placeholder path only redirects.
    expect(requiredAction('/patrols')).toBeUndefined();
  });
});

describe('dispatch events', () => {
  it('shows 事件分拨 with dispatch.read, after hazards', () => {
    expect(keys(visibleMenu(MENU, canOnly('dispatch.read')))).toEqual(['grid', '/grid/dispatch']);
    const all = keys(visibleMenu(MENU, () => true));
    expect(all.indexOf('/grid/dispatch')).toBe(all.indexOf('/grid/hazards') + 1);
  });

  it('guards the list, an event and the new-event page with dispatch.read', () => {
    expect(requiredAction('/grid/dispatch')).toBe('dispatch.read');
    expect(requiredAction('/grid/dispatch/abc')).toBe('dispatch.read');
    expect(requiredAction('/grid/dispatch/new')).toBe('dispatch.read');
    expect(selectedMenuKey('/grid/dispatch/abc')).toBe('/grid/dispatch');
    // The public tip pages sit outside the guard and the menu.
    expect(requiredAction('/tips/new')).toBeUndefined();
  });
});

describe('enterprise profile and risk grading', () => {
  it('shows 风险分级 with profile.read and 分级模型 only with grading.manage', () => {
    expect(keys(visibleMenu(MENU, canOnly('profile.read')))).toEqual([
      '/profile',
      '/profile/grades',
      '/profile/services',
      '/profile/objections',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('profile.read', 'grading.manage')))).toEqual([
      '/profile',
      '/profile/grades',
      '/profile/models',
      '/profile/services',
      '/profile/objections',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('enterprise.read')))).not.toContain('/profile');
  });

  it('guards an enterprise profile with profile.read and the models with grading.manage', () => {
    expect(requiredAction('/profile/enterprises/42')).toBe('profile.read');
    expect(requiredAction('/profile')).toBe('profile.read');
    expect(requiredAction('/profile/grades')).toBe('profile.read');
    expect(requiredAction('/profile/models')).toBe('grading.manage');
    expect(selectedMenuKey('/profile/grades')).toBe('/profile/grades');
    expect(selectedMenuKey('/profile/enterprises/42')).toBe('/profile');
  });

  it('shows 安全服务包 with profile.read, and highlights it for a package', () => {
    // An enterprise account (profile.read, service.acknowledge) reads its own packages there.
    expect(keys(visibleMenu(MENU, canOnly('profile.read', 'service.acknowledge')))).toContain(
      '/profile/services',
    );
    expect(keys(visibleMenu(MENU, canOnly('service.manage')))).not.toContain('/profile/services');
    expect(requiredAction('/profile/services')).toBe('profile.read');
    expect(requiredAction('/profile/services/12')).toBe('profile.read');
    expect(selectedMenuKey('/profile/services/12')).toBe('/profile/services');
  });

  it('shows 评分异议 with profile.read (enterprise and officers alike), after the service packages', () => {
    expect(keys(visibleMenu(MENU, canOnly('profile.read', 'profile.object')))).toContain(
      '/profile/objections',
    );
    expect(keys(visibleMenu(MENU, canOnly('profile.review')))).not.toContain('/profile/objections');
    const all = keys(visibleMenu(MENU, () => true));
    expect(all.indexOf('/profile/objections')).toBe(all.indexOf('/profile/services') + 1);
    expect(requiredAction('/profile/objections')).toBe('profile.read');
    expect(selectedMenuKey('/profile/objections')).toBe('/profile/objections');
  });
});

describe('government-duty scoring', () => {
  it('shows 政府履职评分 under 企业画像 with assessment.read, and guards its page with it', () => {
    expect(keys(visibleMenu(MENU, canOnly('assessment.read')))).toEqual([
      'grid',
      '/grid/assessment',
      '/grid/statistics',
      '/profile',
      '/profile/duty',
    ]);
    expect(keys(visibleMenu(MENU, canOnly('profile.read')))).not.toContain('/profile/duty');
    expect(requiredAction('/profile/duty')).toBe('assessment.read');
    expect(selectedMenuKey('/profile/duty')).toBe('/profile/duty');
  });
});

describe('profile record imports', () => {
  it('shows 记录导入 under 企业画像 with profile.record only, and guards its page with it', () => {
    expect(keys(visibleMenu(MENU, canOnly('profile.record')))).toEqual(['/profile', '/profile/imports']);
    expect(keys(visibleMenu(MENU, canOnly('profile.read', 'profile.declare')))).not.toContain(
      '/profile/imports',
    );
    expect(requiredAction('/profile/imports')).toBe('profile.record');
    expect(selectedMenuKey('/profile/imports')).toBe('/profile/imports');
  });
});

describe('requiredAction', () => {
  it('maps routes to the action they need', () => {
    expect(requiredAction('/import')).toBe('enterprise.import');
    expect(requiredAction('/enterprises/91440300X')).toBe('enterprise.read');
    expect(requiredAction('/audit')).toBe('audit.read');
    expect(requiredAction('/account')).toBeUndefined();
    expect(requiredAction('/nowhere')).toBeUndefined();
  });
});
