import { ValidationProblem } from '@internal/plugin-social-media-common';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import * as OpenApiValidator from 'express-openapi-validator';
import { InvalidInputError } from '../domain/InvalidInputError';
import { unstorableProblem } from '../domain/storableText';

/** A problem as express-openapi-validator reports it, e.g. `{ path: '/body/platform' }`. */
interface ValidatorProblem {
  path: string;
  message: string;
  errorCode?: string;
}

/** What each operation's request body is called in messages, as the shared zod rules call it. */
const BODY_SUBJECTS: Record<string, string> = {
  createService: 'service',
  updateService: 'service',
  transitionService: 'transition',
  replaceServiceAdmins: 'admin list',
  reportServiceIncident: 'incident report',
  submitAccessReview: 'access review',
  signOffRisk: 'sign-off',
  previewServiceRequest: 'request',
  fileServiceRequest: 'request',
  editServiceRequest: 'request',
  submitServiceRequest: 'step',
  withdrawServiceRequest: 'step',
  decideServiceRequest: 'decision',
  fileHandover: 'request',
  decideHandover: 'decision',
  withdrawHandover: 'step',
  importServices: 'import',
  runCmdbExport: 'export',
};

/** Ajv's wording, made to read like the rest of the API's messages. */
function reword(problem: ValidatorProblem): string {
  const { message } = problem;
  const allowed = /^must be equal to one of the allowed values:?\s*(.*)$/.exec(
    message,
  );
  if (allowed) {
    return allowed[1] ? `must be one of ${allowed[1]}` : 'is not allowed';
  }
  const bound = /^must be (>=|<=|>|<) (\S+)$/.exec(message);
  if (bound) {
    const [, op, n] = bound;
    return {
      '>=': `must be ${n} or more`,
      '<=': `must be ${n} or less`,
      '>': `must be more than ${n}`,
      '<': `must be less than ${n}`,
    }[op]!;
  }
  if (/^must have required property/.test(message)) return 'is required';
  const type = /^must be (string|integer|number|boolean|array|object)$/.exec(
    message,
  );
  if (type) {
    return {
      string: 'must be text',
      integer: 'must be a whole number',
      number: 'must be a number',
      boolean: 'must be true or false',
      array: 'must be a list',
      object: 'must be an object',
    }[type[1]]!;
  }
  return message;
}

/**
 * The first field of a JSON value whose text no database stores as it was sent: NUL
 * (PostgreSQL refuses it in text) or a lone surrogate (stored as U+FFFD, so changed). `field`
 * is the dotted path, as the other problems name fields. Field names are left to the rules
 * that refuse unknown fields, which name them. Walks without recursion, so that however deep a
 * body nests it cannot exhaust the stack.
 */
export function findUnstorableText(
  value: unknown,
): ValidationProblem | undefined {
  // Each node knows its key and its parent's place, so that a deep body costs no more than
  // its size; the path is spelt out only for the problem found.
  type Place = { key: string; parent?: Place };
  const pathOf = (place?: Place): string[] => {
    const keys: string[] = [];
    for (let p = place; p; p = p.parent) keys.push(p.key);
    return keys.reverse();
  };
  const stack: Array<[unknown, Place | undefined]> = [[value, undefined]];
  while (stack.length > 0) {
    const [node, place] = stack.pop()!;
    if (typeof node === 'string') {
      const message = unstorableProblem(node);
      if (message) return { field: pathOf(place).join('.'), message };
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push([node[i], { key: String(i), parent: place }]);
      }
    } else if (node && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push([entries[i][1], { key: entries[i][0], parent: place }]);
      }
    }
  }
  return undefined;
}

/**
 * Refuses text no database stores as sent, in the path, the query or the body, with a 400
 * naming where; otherwise PostgreSQL would refuse the statement (a 500) or the text would be
 * stored changed.
 */
const unstorableText: express.RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue; // Express refuses a path it cannot decode.
    }
    const message = unstorableProblem(decoded);
    if (message) {
      const params = (
        req as { openapi?: { pathParams?: Record<string, string> } }
      ).openapi?.pathParams;
      const name = Object.entries(params ?? {}).find(
        ([, v]) => v === segment || v === decoded,
      )?.[0];
      next(InvalidInputError.of('path', [{ field: name ?? '', message }]));
      return;
    }
  }
  const inQuery = findUnstorableText(req.query);
  if (inQuery) {
    next(InvalidInputError.of('query', [inQuery]));
    return;
  }
  const inBody = findUnstorableText(req.body);
  if (inBody) {
    const operationId = (
      req as { openapi?: { schema?: { operationId?: string } } }
    ).openapi?.schema?.operationId;
    next(
      InvalidInputError.of(BODY_SUBJECTS[operationId ?? ''] ?? 'request body', [
        inBody,
      ]),
    );
    return;
  }
  next();
};

/**
 * Turns the validator's problems into the API's own: fields as dotted paths (`controls.mfaEnabled`,
 * or the query parameter's name), and unknown fields gathered per object as the zod rules
 * report them ("Unknown fields: a, b").
 */
export function toFieldProblems(problems: ValidatorProblem[]): {
  location: string;
  problems: ValidationProblem[];
} {
  const location = problems[0]?.path.split('/')[1] ?? 'request';
  const unknown = new Map<string, string[]>();
  const fields: ValidationProblem[] = [];
  for (const problem of problems) {
    const [, where, ...escaped] = problem.path.split('/');
    // The validator's paths are JSON pointers: ~1 is a slash in a name, ~0 a tilde.
    const segments = escaped.map(s =>
      s.replace(/~1/g, '/').replace(/~0/g, '~'),
    );
    const path =
      where === 'query' ? segments.filter(s => !/^\d+$/.test(s)) : segments;
    if (problem.errorCode === 'additionalProperties.openapi.validation') {
      const parent = path.slice(0, -1).join('.');
      unknown.set(parent, [
        ...(unknown.get(parent) ?? []),
        path[path.length - 1],
      ]);
      continue;
    }
    fields.push({ field: path.join('.'), message: reword(problem) });
  }
  for (const [field, keys] of unknown) {
    fields.push({
      field,
      message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
    });
  }
  return { location, problems: fields };
}

/** Maps the validator's 400s to {@link InvalidInputError}; other errors pass on unchanged. */
const validationErrors: ErrorRequestHandler = (error, req, _res, next) => {
  const problems = (error as { errors?: ValidatorProblem[] }).errors;
  if (error?.status !== 400 || !Array.isArray(problems)) {
    next(error);
    return;
  }
  const { location, problems: fields } = toFieldProblems(problems);
  const operationId = (
    req as { openapi?: { schema?: { operationId?: string } } }
  ).openapi?.schema?.operationId;
  const what =
    location === 'body'
      ? BODY_SUBJECTS[operationId ?? ''] ?? 'request body'
      : location;
  next(InvalidInputError.of(what, fields));
};

/**
 * A router whose requests are validated against the OpenAPI spec before they reach a handler,
 * as Backstage's `createValidatedOpenApiRouter` does with the same validator and options, but
 * refusing with the API's own error body, fields listed, so that a client meets one format
 * whichever layer refuses.
 */
export function createValidatedRouter(
  spec: object,
  options: { jsonLimit: string },
): express.Router {
  const router = Router();
  router.use(express.json({ limit: options.jsonLimit }));
  router.use(
    OpenApiValidator.middleware({
      apiSpec: spec as any,
      validateRequests: {
        coerceTypes: false,
        allowUnknownQueryParameters: false,
        // Every problem at once, as the shared zod rules report them.
        allErrors: true,
      },
      validateResponses: false,
      ignoreUndocumented: true,
      useRequestUrl: true,
    }),
  );
  router.use(validationErrors);
  router.use(unstorableText);
  router.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  return router;
}
