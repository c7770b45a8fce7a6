import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const shared = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;

// Bodies are JSON and must arrive with the right types; query strings and params are text and are coerced.
const bodyValidator = addFormats(new Ajv({ ...shared, coerceTypes: false }));
const textValidator = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyValidator : textValidator).compile(schema as object);
