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
