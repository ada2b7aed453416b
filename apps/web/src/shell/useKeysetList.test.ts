import { describe, expect, it } from 'vitest';
import { draftToCommit, initialKeysetState, keysetReducer, type KeysetAction } from './useKeysetList';

type Row = { id: string };
const row = (id: string): Row => ({ id });
const run = (...actions: KeysetAction<Row>[]) =>
  actions.reduce(keysetReducer<Row>, initialKeysetState<Row>());

describe('keyset list state', () => {
  it('starts empty and idle', () => {
    expect(initialKeysetState()).toEqual({ items: [], nextCursor: null, loading: null, error: null });
  });

  it('loads the first page: "first" while on its way, then its rows and cursor', () => {
    const started = run({ type: 'start', cursor: null });
    expect(started.loading).toBe('first');
    const loaded = run(
      { type: 'start', cursor: null },
      { type: 'page', cursor: null, page: { items: [row('1'), row('2')], nextCursor: 'c2' } },
      { type: 'settle' },
    );
    expect(loaded).toEqual({ items: [row('1'), row('2')], nextCursor: 'c2', loading: null, error: null });
  });

  it('appends a further page and stops offering more at the end', () => {
    const state = run(
      { type: 'page', cursor: null, page: { items: [row('1')], nextCursor: 'c2' } },
      { type: 'start', cursor: 'c2' },
    );
    expect(state.loading).toBe('more');
    const next = keysetReducer(state, {
      type: 'page',
      cursor: 'c2',
      page: { items: [row('2')], nextCursor: null },
    });
    expect(next.items).toEqual([row('1'), row('2')]);
    expect(next.nextCursor).toBeNull();
  });

  it('keeps the rows shown until a reload replaces them', () => {
    const state = run(
      { type: 'page', cursor: null, page: { items: [row('1'), row('2')], nextCursor: 'c2' } },
      { type: 'start', cursor: null },
    );
    expect(state.items).toEqual([row('1'), row('2')]);
    const replaced = keysetReducer(state, {
      type: 'page',
      cursor: null,
      page: { items: [row('9')], nextCursor: null },
    });
    expect(replaced.items).toEqual([row('9')]);
  });

  it('keeps a failure until the next request starts', () => {
    const failed = run({ type: 'start', cursor: null }, { type: 'fail', error: 'boom' }, { type: 'settle' });
    expect(failed).toMatchObject({ error: 'boom', loading: null });
    expect(keysetReducer(failed, { type: 'start', cursor: null })).toMatchObject({
      error: null,
      loading: 'first',
    });
  });

  it('edits rows in place without touching the cursor', () => {
    const state = run(
      { type: 'page', cursor: null, page: { items: [row('1'), row('2')], nextCursor: 'c2' } },
      { type: 'edit', edit: (items) => items.filter((r) => r.id !== '1') },
    );
    expect(state).toMatchObject({ items: [row('2')], nextCursor: 'c2' });
  });
});

describe('search box draft', () => {
  it('commits the trimmed text when it differs from the filter', () => {
    expect(draftToCommit('  五金 ', '')).toBe('五金');
    expect(draftToCommit('', 'abc')).toBe('');
  });

  it('commits nothing when the trimmed text is the filter already', () => {
    expect(draftToCommit(' abc ', 'abc')).toBeNull();
    expect(draftToCommit('   ', '')).toBeNull();
  });
});
