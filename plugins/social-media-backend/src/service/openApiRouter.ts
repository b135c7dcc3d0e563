import { ValidationProblem } from '@internal/plugin-social-media-common';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import * as OpenApiValidator from 'express-openapi-validator';
import { InvalidInputError } from '../domain/InvalidInputError';

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
  importServices: 'import',
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
    const [, where, ...segments] = problem.path.split('/');
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
  router.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  return router;
}
