import { toValidationProblems } from '@internal/plugin-social-media-common';
import { z } from 'zod';
import { InvalidInputError } from '../domain/InvalidInputError';

/**
 * Checks a request body with one of the shared schemas; a body that does not fit becomes a 400
 * naming every field and what to change.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  body: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw InvalidInputError.of(what, toValidationProblems(result.error));
  }
  return result.data;
}
