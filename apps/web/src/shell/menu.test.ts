import { describe, expect, it } from 'vitest';
import { selectedMenuKey } from './menu';

describe('selectedMenuKey', () => {
  it('highlights the section of nested routes', () => {
    expect(selectedMenuKey('/enterprises/123')).toBe('/enterprises');
    expect(selectedMenuKey('/grids')).toBe('/grids');
    expect(selectedMenuKey('/mapx')).toBeUndefined();
  });
});
