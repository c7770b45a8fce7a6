import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * How a string field's text is checked. `line`: names, titles, labels — one line, no control,
 * bidirectional-override or invisible characters. `multiline`: Markdown bodies and messages —
 * line breaks and tabs, nothing else below U+0020. `raw`: secrets taken exactly as typed
 * (passwords), never rewritten. A contract schema may say so with `'x-text'`; otherwise a string
 * that may be longer than {@link SINGLE_LINE_MAX_LENGTH} characters is multi-line text.
 */
export type TextKind = 'line' | 'multiline' | 'raw';
export const TEXT_KEYWORD = 'x-text';
export const SINGLE_LINE_MAX_LENGTH = 300;

// C0 and C1 controls and DEL; a NUL in particular is refused by PostgreSQL's text type.
// In a `u` pattern a surrogate pair is one code point, so only a lone surrogate is in `Cs`.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LF_TAB = /(?![\n\t])\p{Cc}/u;
// Bidirectional embeddings, overrides, isolates and marks; zero-width spaces, word joiners and the
// BOM; line and paragraph separators. ZWJ and ZWNJ (U+200C, U+200D) stay: emoji sequences and
// Persian and Indic scripts need them.
const INVISIBLE_OR_BIDI = /[\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** Why a (normalised) text of this kind is refused, or undefined when it is acceptable. */
export function textProblem(text: string, kind: TextKind): string | undefined {
  if (kind === 'raw') return undefined;
  if (LONE_SURROGATE.test(text)) return 'contains an invalid character (a lone surrogate)';
  if (kind === 'multiline') {
    return CONTROL_BUT_LF_TAB.test(text)
      ? 'contains a control character (only line breaks and tabs are allowed)'
      : undefined;
  }
  if (CONTROL.test(text)) return 'must be one line without control characters';
  if (INVISIBLE_OR_BIDI.test(text)) return 'contains an invisible or text-direction character';
  return undefined;
}

/** The stored form of a text: NFC, and Windows line breaks as `\n`. */
export const normaliseText = (text: string, kind: TextKind): string =>
  kind === 'raw' ? text : text.replace(/\r\n/g, '\n').normalize('NFC');

type SchemaNode = Record<string, unknown>;
const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null;

/**
 * A copy of the schema in which every string says its text kind, so the one keyword below checks
 * and normalises every string of every route's input. The contract's schemas stay untouched (they
 * also feed the OpenAPI document and the web client).
 */
export function withTextKinds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withTextKinds);
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(schema)) {
    // `const`, `enum` and `default` hold data, not schemas.
    copy[key] =
      key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? value : withTextKinds(value);
  }
  if (copy.type === 'string' && copy[TEXT_KEYWORD] === undefined) {
    const maxLength = typeof copy.maxLength === 'number' ? copy.maxLength : Number.POSITIVE_INFINITY;
    copy[TEXT_KEYWORD] = maxLength > SINGLE_LINE_MAX_LENGTH ? 'multiline' : 'line';
  }
  return copy;
}

function addTextKeyword(ajv: Ajv): Ajv {
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    modifying: true,
    errors: true,
    schemaType: 'string',
    compile(kind: TextKind) {
      const validate = (data: string, cxt?: { parentData: unknown; parentDataProperty: string | number }): boolean => {
        const normalised = normaliseText(data, kind);
        const problem = textProblem(normalised, kind);
        if (problem) {
          validate.errors = [{ keyword: TEXT_KEYWORD, message: problem, params: {} }] as Partial<ErrorObject>[];
          return false;
        }
        if (normalised !== data && cxt?.parentData !== undefined) {
          (cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = normalised;
        }
        return true;
      };
      validate.errors = undefined as Partial<ErrorObject>[] | undefined;
      return validate;
    },
  });
  return ajv;
}

const shared = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;

// Bodies are JSON and must arrive with the right types; query strings and params are text and are coerced.
const bodyValidator = addTextKeyword(addFormats(new Ajv({ ...shared, coerceTypes: false })));
const textValidator = addTextKeyword(addFormats(new Ajv({ ...shared, coerceTypes: 'array' })));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyValidator : textValidator).compile(withTextKinds(schema) as object);
