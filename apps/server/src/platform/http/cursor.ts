import { AppError } from '../../errors';

/**
 * Keyset cursors are opaque to clients (base64url of the last id) so the ordering key can change
 * later without breaking bookmarked URLs' semantics silently: a bad cursor is a clear 400.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`id:${lastId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^id:(\d{1,18})$/.exec(decoded);
  if (!match) throw new AppError('pagination.cursor_invalid');
  return match[1]!;
}
