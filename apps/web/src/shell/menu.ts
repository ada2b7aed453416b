/** Menu keys are the routes they open; the longest matching prefix is highlighted. */
export const ROUTE_KEYS = [
  '/dashboard',
  '/map',
  '/enterprises',
  '/grids',
  '/import',
  '/patrols',
  '/profile',
  '/enforcement',
  '/confined',
] as const;

export function selectedMenuKey(pathname: string): string | undefined {
  return ROUTE_KEYS.filter((k) => pathname === k || pathname.startsWith(`${k}/`)).sort(
    (a, b) => b.length - a.length,
  )[0];
}
