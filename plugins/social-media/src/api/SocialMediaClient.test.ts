import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { SocialMediaStatus } from '@internal/plugin-social-media-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SocialMediaClient } from './SocialMediaClient';

const baseUrl = 'http://localhost:7007/api/social-media';

const status: SocialMediaStatus = {
  status: 'ready',
  database: {
    client: 'better-sqlite3',
    latestMigration: '20261101000000_init.js',
  },
  services: {
    total: 3,
    byStage: {
      strategy: 0,
      design: 1,
      transition: 0,
      operation: 2,
      improvement: 0,
      retired: 0,
    },
  },
  connectors: ['servicenow'],
};

describe('SocialMediaClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = mockApis.discovery({
    baseUrl: 'http://localhost:7007',
  });
  const fetchApi = new MockFetchApi({
    injectIdentityAuth: { token: 'user-token' },
  });
  const client = new SocialMediaClient({ discoveryApi, fetchApi });

  it('reads the status from the backend as the signed-in user', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(`${baseUrl}/status`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json(status);
      }),
    );

    await expect(client.getStatus()).resolves.toEqual(status);
    expect(authorization).toBe('Bearer user-token');
  });

  it('throws a ResponseError carrying the status and the server error', async () => {
    server.use(
      http.get(`${baseUrl}/status`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            request: { method: 'GET', url: '/api/social-media/status' },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );

    const error = await client.getStatus().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.message).toBe('Request failed with 403 Forbidden');
  });

  it('throws a ResponseError when the backend fails without a JSON body', async () => {
    server.use(
      http.get(
        `${baseUrl}/status`,
        () =>
          new HttpResponse('upstream unavailable', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );

    const error = await client.getStatus().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
  });
});
