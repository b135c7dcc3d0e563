import { InputError } from '@backstage/errors';
import {
  describeValidationProblems,
  ValidationProblem,
} from '@internal/plugin-social-media-common';

/**
 * A 400 that lists the offending fields. Whichever layer refuses a request (the OpenAPI
 * validation, the shared zod rules or a domain rule), the client gets Backstage's error body
 * with `error.name` `InputError`, a message a person can act on, and `error.fields`: one
 * `{ field, message }` per problem, `field` being the dotted path in the body or the name of
 * the query parameter ('' for the input as a whole).
 */
export class InvalidInputError extends InputError {
  readonly fields: ValidationProblem[];

  constructor(message: string, fields: ValidationProblem[]) {
    super(message);
    this.fields = fields;
  }

  /** "Invalid <what>: field: message; field: message", listing every problem. */
  static of(what: string, problems: ValidationProblem[]): InvalidInputError {
    return new InvalidInputError(
      `Invalid ${what}: ${describeValidationProblems(problems)}`,
      problems,
    );
  }
}
