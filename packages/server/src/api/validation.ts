/**
 * How the /api routes check their schemas. Fastify's default Ajv coerces types (`"rx1Delay":
 * true` became 1, `"name": 123` became "123") and silently removes properties the schema does
 * not list, so a typo lost a setting without a word. Bodies are checked as written: no
 * coercion, unknown fields refused (the schemas say `additionalProperties: false`). Query
 * strings and path params are text by nature and keep fastify's usual coercion.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';

export function strictBodyValidation(api: FastifyInstance): void {
  const bodies = AjvCompiler()(
    {},
    { customOptions: { coerceTypes: false, removeAdditional: false } },
  );
  const others = AjvCompiler()({}, { customOptions: {} });
  const compile: FastifySchemaCompiler<unknown> = (route) => {
    const definition = { ...route, schema: route.schema as object };
    return route.httpPart === 'body' ? bodies(definition) : others(definition);
  };
  api.setValidatorCompiler(compile);
}
