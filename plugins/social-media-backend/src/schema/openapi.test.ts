import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { spec } from './openapi.generated';

describe('OpenAPI spec', () => {
  it('is what the router validates against (run `yarn generate` after editing openapi.yaml)', () => {
    const yaml = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});

type Parameter = {
  name: string;
  in: string;
  allowReserved?: boolean;
  schema?: {
    type?: string;
    enum?: unknown[];
    pattern?: string;
    items?: unknown;
  };
};

/** Every query parameter of every operation, references resolved. */
function queryParameters(): Array<{ where: string; parameter: Parameter }> {
  const components = spec.components.parameters as Record<string, Parameter>;
  const resolve = (p: Parameter | { $ref: string }): Parameter =>
    '$ref' in p ? components[p.$ref.split('/').pop()!] : p;
  const found: Array<{ where: string; parameter: Parameter }> = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    const shared = ((item as any).parameters ?? []) as Parameter[];
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = (item as any)[method];
      if (!operation) continue;
      for (const p of [...shared, ...(operation.parameters ?? [])]) {
        const parameter = resolve(p);
        if (parameter.in === 'query') {
          found.push({ where: `${method} ${route}`, parameter });
        }
      }
    }
  }
  return found;
}

/** A string whose value is free (not one of a list nor a pattern's), or a list of such strings. */
function takesFreeText(schema: Parameter['schema']): boolean {
  if (!schema) return false;
  const item = (
    schema.type === 'array' ? schema.items : schema
  ) as Parameter['schema'];
  if ('$ref' in (item ?? {})) return false;
  return item?.type === 'string' && !item.enum && !item.pattern;
}

describe('query parameters', () => {
  it('take entity refs, times and handles as a person types them (":", "/", "@" unencoded)', () => {
    // RFC 3986 allows these characters in a query; without allowReserved the validator refused
    // `?actor=user:default/x` or `?from=2026-01-01T09:00:00Z` typed into curl or a script.
    const parameters = queryParameters();
    expect(parameters.length).toBeGreaterThan(20);
    const refused = parameters
      .filter(
        ({ parameter }) =>
          takesFreeText(parameter.schema) && parameter.allowReserved !== true,
      )
      .map(({ where, parameter }) => `${where} ?${parameter.name}`);
    expect(refused).toEqual([]);
  });
});
