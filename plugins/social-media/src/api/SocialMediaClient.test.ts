import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { ImportReport } from '@internal/plugin-social-media-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  aDashboard,
  aRiskHistory,
  aService,
  aServiceDetails,
  aStatus,
  anAccessReview,
} from '../__testUtils__/fixtures';
import { SocialMediaClient, toSearchParams } from './SocialMediaClient';

const baseUrl = 'http://localhost:7007/api/social-media';

function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/api/social-media' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('toSearchParams', () => {
  it('repeats array filters and leaves out what is not set', () => {
    expect(
      toSearchParams({
        platform: ['x', 'facebook'],
        ownerGroup: ['group:default/marketing'],
        lifecycleStage: ['operation', 'improvement'],
        riskRating: ['high', 'unrated'],
        accessReview: ['due', 'overdue'],
        hasOpenIncidents: false,
        hasLeavers: true,
        compliant: false,
        search: '  brand  ',
        sort: 'riskRating',
        order: 'desc',
        limit: 25,
        offset: 50,
      }).toString(),
    ).toBe(
      'platform=x&platform=facebook&ownerGroup=group%3Adefault%2Fmarketing' +
        '&lifecycleStage=operation&lifecycleStage=improvement' +
        '&riskRating=high&riskRating=unrated&accessReview=due&accessReview=overdue' +
        '&hasOpenIncidents=false&hasLeavers=true&compliant=false' +
        '&search=brand&sort=riskRating&order=desc&limit=25&offset=50',
    );
    expect(toSearchParams({ search: '   ' }).toString()).toBe('');
    expect(toSearchParams({ compliant: true }).toString()).toBe(
      'compliant=true',
    );
    expect(toSearchParams().toString()).toBe('');
  });
});

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
        return HttpResponse.json(aStatus);
      }),
    );

    await expect(client.getStatus()).resolves.toEqual(aStatus);
    expect(authorization).toBe('Bearer user-token');
  });

  it('lists services with repeated query parameters', async () => {
    const list = {
      items: [aService()],
      totalCount: 1,
      limit: 25,
      offset: 0,
    };
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/services`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json(list);
      }),
    );

    await expect(
      client.listServices({
        platform: ['x', 'linkedin'],
        lifecycleStage: ['operation'],
        hasOpenIncidents: true,
        search: 'news & views',
        sort: 'name',
        order: 'asc',
        limit: 25,
        offset: 0,
      }),
    ).resolves.toEqual(list);
    expect(url!.searchParams.getAll('platform')).toEqual(['x', 'linkedin']);
    expect(url!.searchParams.getAll('lifecycleStage')).toEqual(['operation']);
    expect(url!.searchParams.get('hasOpenIncidents')).toBe('true');
    expect(url!.searchParams.get('search')).toBe('news & views');
    // Spaces travel as %20, never as "+", which the backend's validation refuses.
    expect(url!.search).toContain('search=news%20%26%20views');
    expect(url!.searchParams.get('limit')).toBe('25');
    expect(url!.searchParams.get('offset')).toBe('0');

    await client.listServices();
    expect(url!.search).toBe('');
  });

  it('reads one service and its history, escaping the id', async () => {
    const details = aServiceDetails();
    let path = '';
    server.use(
      http.get(`${baseUrl}/services/:id`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(details);
      }),
      http.get(`${baseUrl}/services/:id/history`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );

    await expect(client.getService('corporate x')).resolves.toEqual(details);
    expect(path).toBe('/api/social-media/services/corporate%20x');
    await expect(client.getServiceHistory('corporate-x')).resolves.toEqual({
      items: [],
    });
  });

  it('sends JSON bodies for create, update, transition and admins', async () => {
    const details = aServiceDetails();
    const seen: Array<{ method: string; path: string; body: unknown }> = [];
    const record = async ({ request }: { request: Request }) => {
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname.replace('/api/social-media', ''),
        body: await request.json(),
      });
      expect(request.headers.get('content-type')).toBe('application/json');
      return HttpResponse.json(details);
    };
    server.use(
      http.post(`${baseUrl}/services`, record),
      http.put(`${baseUrl}/services/:id`, record),
      http.post(`${baseUrl}/services/:id/transitions`, record),
      http.put(`${baseUrl}/services/:id/admins`, record),
    );

    const input = {
      name: 'Corporate X account',
      platform: 'x' as const,
      handle: '@acme',
      purpose: 'News',
      businessUnit: 'Comms',
      ownerGroup: 'group:default/comms',
    };
    await client.createService(input);
    await client.updateService('corporate-x', { ...input, version: 4 });
    await client.transitionService('corporate-x', {
      to: 'operation',
      reason: 'Controls in place',
      version: 4,
    });
    await client.replaceAdmins('corporate-x', {
      admins: [{ account: 'acme', role: 'owner' }],
      version: 5,
    });

    expect(seen).toEqual([
      { method: 'POST', path: '/services', body: input },
      {
        method: 'PUT',
        path: '/services/corporate-x',
        body: { ...input, version: 4 },
      },
      {
        method: 'POST',
        path: '/services/corporate-x/transitions',
        body: { to: 'operation', reason: 'Controls in place', version: 4 },
      },
      {
        method: 'PUT',
        path: '/services/corporate-x/admins',
        body: { admins: [{ account: 'acme', role: 'owner' }], version: 5 },
      },
    ]);
  });

  it('deletes with the version in the query and expects no body', async () => {
    let url: URL | undefined;
    server.use(
      http.delete(`${baseUrl}/services/:id`, ({ request }) => {
        url = new URL(request.url);
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(
      client.deleteService('corporate-x', 7),
    ).resolves.toBeUndefined();
    expect(url!.pathname).toBe('/api/social-media/services/corporate-x');
    expect(url!.searchParams.get('version')).toBe('7');
  });

  it('keeps the server message of a conflict', async () => {
    server.use(
      http.put(`${baseUrl}/services/:id`, () =>
        backstageError(
          409,
          'ConflictError',
          'Service corporate-x changed since version 3',
        ),
      ),
    );

    const error = await client
      .updateService('corporate-x', {
        name: 'x',
        platform: 'x',
        handle: '@acme',
        purpose: 'p',
        businessUnit: 'b',
        ownerGroup: 'group:default/comms',
        version: 3,
      })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'Service corporate-x changed since version 3',
    );
  });

  describe('guardianship', () => {
    it('reads the risk history and the access reviews of a service', async () => {
      const paths: string[] = [];
      server.use(
        http.get(`${baseUrl}/services/:id/risk-history`, ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json({ items: aRiskHistory });
        }),
        http.get(`${baseUrl}/services/:id/access-reviews`, ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json({ items: [anAccessReview] });
        }),
      );

      await expect(client.getRiskHistory('corporate x')).resolves.toEqual({
        items: aRiskHistory,
      });
      await expect(client.getAccessReviews('corporate-x')).resolves.toEqual({
        items: [anAccessReview],
      });
      expect(paths).toEqual([
        '/api/social-media/services/corporate%20x/risk-history',
        '/api/social-media/services/corporate-x/access-reviews',
      ]);
    });

    it('submits an access review as JSON and returns the review and the service', async () => {
      const service = aServiceDetails({ version: 5 });
      let body: unknown;
      let method = '';
      server.use(
        http.post(
          `${baseUrl}/services/:id/access-reviews`,
          async ({ request }) => {
            method = request.method;
            expect(request.headers.get('content-type')).toBe(
              'application/json',
            );
            body = await request.json();
            return HttpResponse.json(
              { review: anAccessReview, service },
              { status: 201 },
            );
          },
        ),
      );
      const input = {
        version: 4,
        decisions: [
          { account: 'acme-social', decision: 'keep' as const },
          { account: 'old-intern', decision: 'remove' as const },
        ],
        note: 'Intern left',
      };
      await expect(
        client.submitAccessReview('corporate-x', input),
      ).resolves.toEqual({ review: anAccessReview, service });
      expect(method).toBe('POST');
      expect(body).toEqual(input);
    });

    it('keeps the server message when an access review is refused', async () => {
      server.use(
        http.post(`${baseUrl}/services/:id/access-reviews`, () =>
          backstageError(
            400,
            'InputError',
            'Decisions must cover every admin: old-intern is missing',
          ),
        ),
      );
      const error = await client
        .submitAccessReview('corporate-x', { version: 4, decisions: [] })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.body.error.message).toBe(
        'Decisions must cover every admin: old-intern is missing',
      );
    });

    it('signs off the rating as JSON and returns the service with its sign-off', async () => {
      const signOff = {
        signedBy: 'user:default/service-owner',
        signedAt: '2026-11-26T09:00:00.000Z',
        rating: 'high' as const,
        note: 'Vault migration booked for December',
        stale: false,
      };
      const service = aServiceDetails({ version: 5, signOff });
      let body: unknown;
      let url = '';
      let method = '';
      server.use(
        http.post(`${baseUrl}/services/:id/sign-offs`, async ({ request }) => {
          url = request.url;
          method = request.method;
          expect(request.headers.get('content-type')).toBe('application/json');
          body = await request.json();
          return HttpResponse.json(service, { status: 201 });
        }),
      );
      const input = {
        rating: 'high' as const,
        note: 'Vault migration booked for December',
      };
      await expect(client.signOff('corporate x', input)).resolves.toEqual(
        service,
      );
      expect(method).toBe('POST');
      expect(url).toBe(`${baseUrl}/services/corporate%20x/sign-offs`);
      expect(body).toEqual(input);
    });

    it('keeps the server message when the rating changed before the sign-off', async () => {
      server.use(
        http.post(`${baseUrl}/services/:id/sign-offs`, () =>
          backstageError(
            409,
            'ConflictError',
            'The rating of this service is now critical, not high. Reload it, read the assessment again and sign off the current rating.',
          ),
        ),
      );
      const error = await client
        .signOff('corporate-x', { rating: 'high', note: 'Looks right' })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(409);
      expect(error.body.error.message).toMatch(
        /^The rating of this service is now critical, not high/,
      );
    });

    it('lists due and overdue access reviews with repeated statuses', async () => {
      let url: URL | undefined;
      const answer = { items: aDashboard.overdueReviews, totalCount: 2 };
      server.use(
        http.get(`${baseUrl}/access-reviews`, ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(answer);
        }),
      );
      await expect(
        client.listAccessReviews({
          status: ['due', 'overdue'],
          limit: 20,
          offset: 40,
        }),
      ).resolves.toEqual(answer);
      expect(url!.searchParams.getAll('status')).toEqual(['due', 'overdue']);
      expect(url!.searchParams.get('limit')).toBe('20');
      expect(url!.searchParams.get('offset')).toBe('40');

      await client.listAccessReviews();
      expect(url!.search).toBe('');
    });

    it('reads the dashboard for a number of days', async () => {
      let url: URL | undefined;
      server.use(
        http.get(`${baseUrl}/dashboard`, ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(aDashboard);
        }),
      );
      await expect(client.getDashboard({ days: 30 })).resolves.toEqual(
        aDashboard,
      );
      expect(url!.searchParams.get('days')).toBe('30');
      await client.getDashboard();
      expect(url!.search).toBe('');
    });

    it('runs the guardianship sweep', async () => {
      const result = {
        servicesChecked: 31,
        leaversFlagged: 2,
        leaversCleared: 0,
        ratingsChanged: 3,
        at: '2026-11-20T10:30:00.000Z',
      };
      let method = '';
      server.use(
        http.post(`${baseUrl}/guardianship/sweep`, ({ request }) => {
          method = request.method;
          return HttpResponse.json(result);
        }),
      );
      await expect(client.runGuardianshipSweep()).resolves.toEqual(result);
      expect(method).toBe('POST');
    });

    it('says when the sweep is not allowed', async () => {
      server.use(
        http.post(`${baseUrl}/guardianship/sweep`, () =>
          backstageError(403, 'NotAllowedError', 'Unauthorized'),
        ),
      );
      const error = await client.runGuardianshipSweep().catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(403);
    });
  });

  it('lists the incidents of a service, resolved ones on request', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/services/:id/incidents`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({ items: [] });
      }),
    );
    await expect(client.listIncidents('corporate x')).resolves.toEqual({
      items: [],
    });
    await client.listIncidents('corporate-x', { includeResolved: true });
    expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
      '/api/social-media/services/corporate%20x/incidents',
      '/api/social-media/services/corporate-x/incidents?includeResolved=true',
    ]);
  });

  it('reports an incident as JSON and keeps the reason when it is refused', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${baseUrl}/services/:id/incidents`,
        async ({ request, params }) => {
          bodies.push(await request.json());
          if (params.id === 'unmapped') {
            return backstageError(
              409,
              'ConflictError',
              'Unmapped is not mapped to an ITSM record yet',
            );
          }
          return HttpResponse.json(
            { number: 'INC0010042', connectorId: 'servicenow' },
            { status: 201 },
          );
        },
      ),
    );
    const report = {
      title: 'Suspected account takeover',
      description: 'Password reset nobody asked for.',
      category: 'account-takeover' as const,
    };
    await expect(
      client.reportIncident('corporate-x', report),
    ).resolves.toMatchObject({ number: 'INC0010042' });
    expect(bodies).toEqual([report]);
    const error = await client.reportIncident('unmapped', report).catch(e => e);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'Unmapped is not mapped to an ITSM record yet',
    );
  });

  it('lists the installed ITSM connectors as they describe themselves', async () => {
    const items = [
      {
        id: 'freshservice',
        displayName: 'Freshservice',
        reference: {
          label: 'Service id',
          help: 'The numeric id of the Freshservice service.',
          example: '42',
          pattern: '[0-9]+',
        },
        incidentLinking: "Set the incident's affected service.",
      },
    ];
    server.use(
      http.get(`${baseUrl}/itsm/connectors`, () =>
        HttpResponse.json({ items }),
      ),
    );
    await expect(client.listItsmConnectors()).resolves.toEqual({ items });
  });

  it('reads the ITSM sync status and runs the sync', async () => {
    const calls: string[] = [];
    const status = [
      { connectorId: 'servicenow', incidentsLastRun: 3, mappedServices: 2 },
    ];
    server.use(
      http.get(`${baseUrl}/itsm/status`, () => {
        calls.push('GET status');
        return HttpResponse.json({ items: status });
      }),
      http.post(`${baseUrl}/itsm/sync`, () => {
        calls.push('POST sync');
        return HttpResponse.json({ items: status });
      }),
      http.post(`${baseUrl}/itsm/connectors/:id/sync`, ({ params }) => {
        calls.push(`POST sync of ${params.id}`);
        return HttpResponse.json(status[0]);
      }),
    );
    await expect(client.getItsmStatus()).resolves.toEqual({ items: status });
    await expect(client.runItsmSync()).resolves.toEqual({ items: status });
    await expect(client.runItsmConnectorSync('servicenow')).resolves.toEqual(
      status[0],
    );
    expect(calls).toEqual([
      'GET status',
      'POST sync',
      'POST sync of servicenow',
    ]);
  });

  it('runs a CMDB export through a connector, sending the run as asked', async () => {
    let body: unknown;
    const report = {
      connectorId: 'servicenow',
      dryRun: false,
      creates: [],
      updates: [],
      conflicts: [],
      overwritten: [],
      unmatched: [],
      unchanged: 2,
      mappings: [],
    };
    server.use(
      http.post(
        `${baseUrl}/itsm/connectors/servicenow/cmdb-export`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(report);
        },
      ),
    );
    await expect(
      client.runCmdbExport('servicenow', {
        dryRun: false,
        overwrite: ['corporate-x'],
      }),
    ).resolves.toEqual(report);
    expect(body).toEqual({ dryRun: false, overwrite: ['corporate-x'] });
  });

  it('verifies the audit trail', async () => {
    server.use(
      http.get(`${baseUrl}/audit/verify`, () =>
        HttpResponse.json({ intact: true, entries: 12 }),
      ),
    );
    await expect(client.verifyAuditTrail()).resolves.toEqual({
      intact: true,
      entries: 12,
    });
  });

  describe('importServices', () => {
    const invalid: ImportReport = {
      dryRun: true,
      valid: false,
      rows: 2,
      created: [],
      problems: [{ row: 3, field: 'handle', message: 'Handle is required' }],
      outOfCompliance: [],
    };

    it('returns the report of a valid import', async () => {
      const report: ImportReport = {
        dryRun: false,
        valid: true,
        rows: 1,
        created: ['corporate-x'],
        problems: [],
        outOfCompliance: [
          {
            row: 2,
            id: 'corporate-x',
            stage: 'operation',
            missing: ['MFA enabled'],
          },
        ],
      };
      let body: unknown;
      server.use(
        http.post(`${baseUrl}/import`, async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(report);
        }),
      );
      await expect(
        client.importServices({ format: 'csv', content: 'a,b' }),
      ).resolves.toEqual(report);
      expect(body).toEqual({ format: 'csv', content: 'a,b' });
    });

    it('returns the report that comes with a 400', async () => {
      server.use(
        http.post(`${baseUrl}/import`, () =>
          HttpResponse.json(invalid, { status: 400 }),
        ),
      );
      await expect(
        client.importServices({ format: 'csv', content: 'x', dryRun: true }),
      ).resolves.toEqual(invalid);
    });

    it('throws for a 400 that is not a report', async () => {
      server.use(
        http.post(`${baseUrl}/import`, () =>
          backstageError(400, 'InputError', 'content is required'),
        ),
      );
      const error = await client
        .importServices({ format: 'yaml', content: '' })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.body.error.message).toBe('content is required');
    });

    it('throws for other failures, even with a report-shaped body', async () => {
      server.use(
        http.post(`${baseUrl}/import`, () =>
          HttpResponse.json(invalid, { status: 403 }),
        ),
      );
      const error = await client
        .importServices({ format: 'csv', content: 'x' })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(403);
    });
  });

  describe('service requests', () => {
    const input = {
      platform: 'tiktok' as const,
      name: 'Spring campaign TikTok',
      handle: 'springcampaign',
      purpose: 'Short videos for the spring campaign',
      audience: 'Young adults in EMEA',
      regions: ['EMEA'],
      businessUnit: 'Marketing',
      requestingTeam: 'group:default/marketing',
      ownerGroup: 'group:default/marketing',
      serviceOwner: 'user:default/marketing-lead',
      targetDate: '2027-03-01',
      questionnaire: {
        regulatedContent: false,
        brandLevel: false,
        expectedAudience: 5000,
        whoPosts: 'The social media team',
        thirdPartyTools: [],
      },
    };

    it('sends each step to its endpoint as JSON, the request number in the path', async () => {
      const seen: Array<{ method: string; path: string; body: unknown }> = [];
      const record = async ({ request }: { request: Request }) => {
        const url = new URL(request.url);
        seen.push({
          method: request.method,
          path: `${url.pathname.replace('/api/social-media', '')}${url.search}`,
          body: request.method === 'GET' ? undefined : await request.json(),
        });
        return HttpResponse.json({ id: 7, status: 'submitted' });
      };
      server.use(
        http.post(`${baseUrl}/requests/preview`, record),
        http.post(`${baseUrl}/requests`, record),
        http.get(`${baseUrl}/requests`, record),
        http.get(`${baseUrl}/requests/:id`, record),
        http.put(`${baseUrl}/requests/:id`, record),
        http.post(`${baseUrl}/requests/:id/submit`, record),
        http.post(`${baseUrl}/requests/:id/withdraw`, record),
        http.post(`${baseUrl}/requests/:id/decisions`, record),
      );

      await client.previewServiceRequest(input);
      await client.createServiceRequest(input);
      await client.createServiceRequest(input, { submit: true });
      await client.listServiceRequests({ scope: 'inbox', limit: 1 });
      await client.getServiceRequest(7);
      await client.updateServiceRequest(7, { ...input, version: 2 });
      await client.submitServiceRequest(7, { version: 3, comment: 'Ready' });
      await client.withdrawServiceRequest(7, { version: 4 });
      await client.decideServiceRequest(7, {
        decision: 'request-changes',
        comment: 'Add a moderation plan',
        version: 1,
      });

      expect(seen).toEqual([
        { method: 'POST', path: '/requests/preview', body: input },
        { method: 'POST', path: '/requests', body: input },
        { method: 'POST', path: '/requests', body: { ...input, submit: true } },
        { method: 'GET', path: '/requests?scope=inbox&limit=1' },
        { method: 'GET', path: '/requests/7' },
        { method: 'PUT', path: '/requests/7', body: { ...input, version: 2 } },
        {
          method: 'POST',
          path: '/requests/7/submit',
          body: { version: 3, comment: 'Ready' },
        },
        { method: 'POST', path: '/requests/7/withdraw', body: { version: 4 } },
        {
          method: 'POST',
          path: '/requests/7/decisions',
          body: {
            decision: 'request-changes',
            comment: 'Add a moderation plan',
            version: 1,
          },
        },
      ]);
    });

    it('keeps the reason of a refused decision', async () => {
      server.use(
        http.post(`${baseUrl}/requests/:id/decisions`, () =>
          backstageError(
            403,
            'NotAllowedError',
            'You filed this request, so you cannot decide on it: someone else approves it',
          ),
        ),
      );
      const error = await client
        .decideServiceRequest(7, {
          decision: 'approve',
          comment: 'Fine',
          version: 1,
        })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(403);
      expect(error.body.error.message).toBe(
        'You filed this request, so you cannot decide on it: someone else approves it',
      );
    });
  });

  it('throws a ResponseError carrying the status and the server error', async () => {
    server.use(
      http.get(`${baseUrl}/services/:id`, () =>
        backstageError(404, 'NotFoundError', 'No service nope'),
      ),
    );

    const error = await client.getService('nope').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('No service nope');
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

describe('SocialMediaClient ownership', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new SocialMediaClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('asks who owned a service at a moment, and for a report over a period', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/services/:id/ownership`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({ owner: null, timeline: [] });
      }),
      http.get(`${baseUrl}/ownership`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.getServiceOwnership('brand x', '2026-03-01T09:00:00.000Z');
    await client.getServiceOwnership('brand-x');
    await client.getOwnershipReport({
      group: 'group:default/marketing',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-12-31T00:00:00.000Z',
    });
    await client.getOwnershipReport({
      person: 'user:default/marketing-lead',
      from: '2026-01-01',
      to: '2026-02-01',
    });
    expect(urls[0].pathname).toBe(
      '/api/social-media/services/brand%20x/ownership',
    );
    expect(urls[0].searchParams.get('at')).toBe('2026-03-01T09:00:00.000Z');
    expect(urls[1].search).toBe('');
    expect(Object.fromEntries(urls[2].searchParams)).toEqual({
      group: 'group:default/marketing',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-12-31T00:00:00.000Z',
    });
    expect(urls[3].searchParams.get('person')).toBe(
      'user:default/marketing-lead',
    );
    expect(urls[3].searchParams.has('group')).toBe(false);
  });
});
