import { InvalidParamsError } from '../errors/mcp-error.js';

/** Opaque pagination cursors for the list methods: clients must not build or interpret them. */

const prefix = 'mcp-sg:';

/** Encodes a list offset as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${prefix}${offset}`, 'utf8').toString('base64url');
}

/** Decodes a cursor we issued; anything else is -32602. */
export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined) return 0;
  if (typeof cursor !== 'string' || cursor.length > 64) throw new InvalidParamsError('Invalid cursor');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^mcp-sg:(\d{1,9})$/.exec(text);
  if (!match?.[1]) throw new InvalidParamsError('Invalid cursor');
  return Number(match[1]);
}

/** One page of items plus the cursor for the next page, if any. */
export function paginate<T>(
  items: readonly T[],
  cursor: unknown,
  pageSize: number,
): { page: T[]; nextCursor?: string } {
  const offset = decodeCursor(cursor);
  if (offset > items.length) throw new InvalidParamsError('Invalid cursor');
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < items.length ? { page, nextCursor: encodeCursor(next) } : { page };
}
