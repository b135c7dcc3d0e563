import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { hideInternalErrors } from './databaseErrors';

/** What the handler passes on for `error`: the error the Backstage error handler then answers. */
function handled(error: unknown) {
  const logger = mockServices.logger.mock();
  const next = jest.fn();
  hideInternalErrors(logger)(
    error,
    { method: 'GET', originalUrl: '/api/social-media/services' } as any,
    {} as any,
    next,
  );
  expect(next).toHaveBeenCalledTimes(1);
  return { passed: next.mock.calls[0][0], logger };
}

/** The error another plugin's client throws for its answer, as @backstage/errors builds it. */
async function responseError(status: number, body: unknown) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      statusText:
        status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      headers: { 'Content-Type': 'application/json' },
    }) as any,
  );
}

/** The permission backend's answer when sign-in's user info could not reach PostgreSQL. */
const permissionBackendDown = {
  error: {
    name: 'ResponseError',
    message: 'Request failed with 500 Internal Server Error',
    cause: {
      name: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      code: 'ECONNREFUSED',
    },
  },
  request: { method: 'POST', url: '/authorize' },
  response: { statusCode: 500 },
};

describe('hideInternalErrors', () => {
  it('answers 503 when the permission backend failed because the database is down', async () => {
    const error = await responseError(500, permissionBackendDown);
    const { passed, logger } = handled(error);
    expect(passed.name).toBe('ServiceUnavailableError');
    expect(passed.message).toMatch(
      /^A service the social media catalogue depends on \(the catalog, permissions or sign-in\) is not available; try again shortly \(reference [0-9a-f]{8}\)$/,
    );
    expect(passed.message).not.toMatch(/ECONNREFUSED|5432/);
    // The whole error stays in the log, under the reference.
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^GET \/api\/social-media\/services failed \(reference [0-9a-f]{8}\)$/,
      ),
      error,
    );
  });

  it('answers 503 when another plugin answered 503 itself', async () => {
    const error = await responseError(503, {
      error: { name: 'ServiceUnavailableError', message: 'Not ready' },
    });
    expect(handled(error).passed.name).toBe('ServiceUnavailableError');
  });

  it('answers 503 when the catalog hides its own failure behind a plain 500', async () => {
    // What Backstage's catalog answers in production while its database restarts.
    const error = await responseError(500, {
      error: {
        name: 'Error',
        message: 'An internal error occurred logId=93291b050e3890c9dd8e',
      },
      request: { method: 'POST', url: '/entities/by-refs' },
      response: { statusCode: 500 },
    });
    expect(handled(error).passed.name).toBe('ServiceUnavailableError');
  });

  it('keeps a plain 500 for its own failures, and passes another plugin’s refusal on', async () => {
    const { passed } = handled(new TypeError('x is not a function'));
    expect(passed.name).toBe('Error');
    expect(passed.message).toMatch(
      /^The social media catalogue could not complete the request; an administrator finds the details in the backend log under reference [0-9a-f]{8}$/,
    );
    const refused = await responseError(400, {
      error: { name: 'InputError', message: 'Bad filter' },
    });
    expect(handled(refused).passed).toBe(refused);
  });

  it('answers 503 for its own database out of reach, and passes errors meant for people on', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(handled(refused).passed.message).toMatch(
      /^The social media catalogue's database is not reachable; try again shortly/,
    );
    // node-postgres's own words for a connection PostgreSQL closed while it restarts, no code.
    for (const message of [
      'ROLLBACK - Connection terminated unexpectedly',
      'ROLLBACK - Client has encountered a connection error and is not queryable',
    ]) {
      expect(handled(new Error(message)).passed.name).toBe(
        'ServiceUnavailableError',
      );
    }
    const conflict = Object.assign(new Error('Service x changed'), {
      name: 'ConflictError',
    });
    expect(handled(conflict).passed).toBe(conflict);
  });
});
