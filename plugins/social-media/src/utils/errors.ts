import { ResponseError } from '@backstage/errors';

/** What a person sees when their change is based on an old version. */
export const CONFLICT_MESSAGE =
  'This service changed since you opened it. Reload to see the latest version.';

/**
 * The message of an error in words a person can act on: for an answer from
 * the backend, the backend's own message rather than "Request failed with…".
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.body?.error?.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/**
 * The fields the backend named when it refused an input (`error.fields` of its 400 answer), for
 * showing each message beside its field. None for other errors.
 */
export function fieldProblemsOf(
  error: unknown,
): Array<{ field: string; message: string }> {
  if (!ResponseError.is(error) || error.statusCode !== 400) return [];
  const fields = (error.body?.error as { fields?: unknown } | undefined)
    ?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is { field: string; message: string } =>
      typeof f?.field === 'string' && typeof f?.message === 'string',
  );
}

/** The HTTP status of a failed backend call, if it was one. */
export function errorStatus(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/** True when the backend refused a change because the version was stale. */
export function isVersionConflict(error: unknown): boolean {
  return errorStatus(error) === 409;
}

/**
 * A sentence for an error reading something, naming the permission or the
 * sign-in when that is what went wrong.
 */
export function describeLoadError(error: unknown, what: string): string {
  const status = errorStatus(error);
  if (status === 403) {
    return `You do not have permission to read ${what}. Ask a portal administrator to grant you the social-media.service.read permission.`;
  }
  if (status === 401) {
    return `You are not signed in. Sign in again to read ${what}.`;
  }
  if (status === 404) {
    return `${capitalize(what)} was not found: ${errorMessage(error)}`;
  }
  return `Could not load ${what}: ${errorMessage(error)}`;
}

/**
 * A sentence for an error changing something: the backend's message, with
 * the conflict and permission cases spelled out.
 */
export function describeChangeError(error: unknown): string {
  const status = errorStatus(error);
  if (status === 409 && /version/i.test(errorMessage(error))) {
    return CONFLICT_MESSAGE;
  }
  if (status === 403) {
    const message = errorMessage(error);
    // The backend's own refusals already say who may ("You are not allowed to …", "Only the
    // service owner …"); a bare one ("Unauthorized") gets the sentence around it.
    return /^(you are not allowed|only )/i.test(message)
      ? message
      : `You are not allowed to make this change: ${message}`;
  }
  const fields = fieldProblemsOf(error);
  if (fields.length) {
    // The shared rules name the field in their words ("Owner group … is not in the catalog");
    // the API's own checks do not, so their field's name goes first.
    return fields
      .map(f =>
        /^[A-Z]/.test(f.message) || !f.field
          ? f.message
          : `${f.field}: ${f.message}`,
      )
      .join('. ');
  }
  return errorMessage(error);
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
