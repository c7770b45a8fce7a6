import { AppError } from './errors.js';

/** Position after the last item of a page: newest-first lists order by (createdAt, id). */
export type Position = { createdAt: string; id: string };

export const encodeCursor = (position: Position): string =>
  Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'That page cursor is not valid; start from the first page.', {
    details: [{ path: 'querystring:/cursor', message: 'is not a cursor this list handed out' }],
  });
}

/** Lists fetch one row more than asked; its presence says whether another page exists. */
export function toPage<Row extends Position, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

type CursorPart = 'string' | 'number';
type CursorValues<Shape extends readonly CursorPart[]> = {
  [K in keyof Shape]: Shape[K] extends 'number' ? number : string;
};

/** A cursor over several sort keys, e.g. (pinned, lastActivityAt, id). */
export const encodeKeyCursor = (values: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

/** Reads a cursor written by `encodeKeyCursor` with the given shape, or answers validation_failed. */
export function decodeKeyCursor<const Shape extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: Shape,
): CursorValues<Shape> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === shape.length &&
      value.every((part, index) => typeof part === shape[index])
    )
      return value as CursorValues<Shape>;
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'That page cursor is not valid; start from the first page.', {
    details: [{ path: 'querystring:/cursor', message: 'is not a cursor this list handed out' }],
  });
}
