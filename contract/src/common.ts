import { type Static, type TSchema, Type } from 'typebox';

/** Opaque identifier; clients must not parse it. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** ISO-8601 time in UTC, e.g. `2026-11-25T19:30:00.000Z`. */
export const Timestamp = Type.String({ format: 'date-time' });

export const PageQuery = Type.Object(
  {
    /** Opaque cursor from a previous page's `nextCursor`. */
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** Every list answers `{ items, nextCursor }`; `nextCursor` is null on the last page. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });

export const EmptyQuery = Type.Object({}, { additionalProperties: false });

export const OkResponse = Type.Object({ ok: Type.Literal(true) });
export type OkResponse = Static<typeof OkResponse>;
