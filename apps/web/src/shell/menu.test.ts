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

describe('requiredAction', () => {
  it('maps routes to the action they need', () => {
    expect(requiredAction('/import')).toBe('enterprise.import');
    expect(requiredAction('/enterprises/91440300X')).toBe('enterprise.read');
    expect(requiredAction('/audit')).toBe('audit.read');
    expect(requiredAction('/account')).toBeUndefined();
    expect(requiredAction('/nowhere')).toBeUndefined();
  });
});
