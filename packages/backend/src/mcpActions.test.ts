/*
 * The catalogue's actions as an AI assistant reaches them in this portal: the MCP actions backend
 * serves them at /api/mcp-actions/v1 under the portal's own configuration files (which plugins'
 * actions it serves), and a real MCP client lists and calls them with a person's token, the
 * portal's permission policy deciding. Backstage's real actions registry and actions service
 * carry each call to the social media plugin in the person's name.
 */
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import socialMediaPolicyModule from '@internal/plugin-permission-backend-module-social-media';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import { authWithActors } from './__testUtils__/authWithActors';
import {
  LOCAL_CONFIG,
  portalConfig,
  PRODUCTION_CONFIG,
  PRODUCTION_ENV,
  useProductionEnvironment,
} from './__testUtils__/portalConfig';
import { aNewServiceRequest } from '@internal/plugin-social-media-backend/testUtils';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const MARKETING_LEAD = 'user:default/marketing-lead';
const IT_SERVICE_OWNER = 'user:default/it-service-owner';
const AUDITOR = 'user:default/auditor';

/** Who belongs to which group, as the catalog resolves ownership. */
const MEMBERSHIP: Record<string, string[]> = {
  [MARKETING_LEAD]: ['group:default/marketing'],
  [IT_SERVICE_OWNER]: ['group:default/it-service-management'],
  [AUDITOR]: ['group:default/internal-audit'],
};

const entity = (ref: string): Entity => {
  const [kind, rest] = ref.split(':');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind === 'user' ? 'User' : 'Group',
    metadata: { name: rest.split('/')[1], namespace: 'default' },
    spec: {},
  };
};

const SERVICE = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: MARKETING_LEAD,
  audienceSize: 1_500_000,
};

const REQUEST = aNewServiceRequest();

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: any;
};

describe('the catalogue’s actions over MCP in the portal', () => {
  useProductionEnvironment();

  async function start() {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        socialMediaPolicyModule,
        socialMediaPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        // Production's roles and sources of actions: the local file, then production's.
        portalConfig([LOCAL_CONFIG, PRODUCTION_CONFIG]),
        mockServices.database.factory({ knex }),
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
            };
          },
        }).factory,
        authWithActors,
        catalogServiceMock.factory({
          entities: [
            ...Object.keys(MEMBERSHIP),
            ...Object.values(MEMBERSHIP).flat(),
          ].map(entity),
        }),
      ],
    });
    const created = await request(server)
      .post('/api/social-media/services')
      .set('Authorization', mockCredentials.user.header(IT_SERVICE_OWNER))
      .send(SERVICE);
    expect(created.status).toBe(201);

    const clients: Client[] = [];
    /** An MCP client connected to the portal's endpoint with the person's token. */
    const connect = async (user: string) => {
      const client = new Client({ name: 'portal-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(
          new URL(`http://localhost:${server.port()}/api/mcp-actions/v1`),
          {
            requestInit: {
              headers: { Authorization: mockCredentials.user.header(user) },
            },
          },
        ),
      );
      clients.push(client);
      return client;
    };
    return {
      server,
      connect,
      close: () => Promise.all(clients.map(c => c.close())),
    };
  }

  it('lists the catalogue’s tools with their schemas, answers a read and files a request in the caller’s name', async () => {
    const { server, connect, close } = await start();
    try {
      const client = await connect(MARKETING_LEAD);
      const { tools } = await client.listTools();
      const byName = new Map(tools.map(t => [t.name, t]));
      expect([...byName.keys()].sort()).toEqual([
        'social-media.explain-service-rating',
        'social-media.file-service-request',
        'social-media.find-services',
        'social-media.list-access-reviews-due',
        'social-media.report-incident',
        'social-media.who-owned-service',
      ]);
      const find = byName.get('social-media.find-services')!;
      expect(find.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
      expect(find.inputSchema.properties).toHaveProperty('riskRating');
      const file = byName.get('social-media.file-service-request')!;
      expect(file.annotations).toMatchObject({ readOnlyHint: false });
      expect(file.inputSchema.required).toEqual(
        expect.arrayContaining(['platform', 'handle', 'serviceOwner']),
      );

      const found = (await client.callTool({
        name: 'social-media.find-services',
        arguments: { platform: ['instagram'] },
      })) as ToolResult;
      expect(found.isError).toBeFalsy();
      expect(found.structuredContent).toMatchObject({
        totalCount: 1,
        services: [
          {
            id: 'brand-instagram',
            ownerGroup: 'group:default/marketing',
            link: `${PRODUCTION_ENV.APP_BASE_URL}/social-media/services/brand-instagram`,
          },
        ],
      });

      const filed = (await client.callTool({
        name: 'social-media.file-service-request',
        arguments: REQUEST,
      })) as ToolResult;
      expect(filed.isError).toBeFalsy();
      expect(filed.structuredContent).toMatchObject({
        status: 'draft',
        requester: MARKETING_LEAD,
        link: `${PRODUCTION_ENV.APP_BASE_URL}/social-media/requests/${filed.structuredContent.id}`,
      });
      const stored = await request(server)
        .get(`/api/social-media/requests/${filed.structuredContent.id}`)
        .set('Authorization', mockCredentials.user.header(MARKETING_LEAD));
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({
        requester: MARKETING_LEAD,
        name: 'Spring campaign TikTok',
      });
    } finally {
      await close();
    }
  });

  it('refuses a write to someone the portal’s policy does not allow, and bad input, saying why', async () => {
    const { server, connect, close } = await start();
    try {
      // Auditors read everything and change nothing.
      const auditor = await connect(AUDITOR);
      const read = (await auditor.callTool({
        name: 'social-media.explain-service-rating',
        arguments: { serviceId: 'brand-instagram' },
      })) as ToolResult;
      expect(read.isError).toBeFalsy();
      expect(read.structuredContent.service.id).toBe('brand-instagram');

      const refused = (await auditor.callTool({
        name: 'social-media.file-service-request',
        arguments: REQUEST,
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(refused.content).toEqual([
        {
          type: 'text',
          text: 'NotAllowedError: You are not allowed to request social media services',
        },
      ]);
      const reportRefused = (await auditor.callTool({
        name: 'social-media.report-incident',
        arguments: {
          serviceId: 'brand-instagram',
          title: 'Suspected account takeover',
          description: 'A password reset nobody asked for, at 09:12.',
          category: 'account-takeover',
        },
      })) as ToolResult;
      expect(reportRefused.isError).toBe(true);
      expect(reportRefused.content[0].text).toBe(
        'NotAllowedError: You are not allowed to report incidents on this social media service',
      );

      const marketer = await connect(MARKETING_LEAD);
      const bad = (await marketer.callTool({
        name: 'social-media.file-service-request',
        arguments: { ...REQUEST, targetDate: 'next spring' },
      })) as ToolResult;
      expect(bad.isError).toBe(true);
      expect(bad.content[0].text).toMatch(/^InputError: Invalid input/);
      expect(bad.content[0].text).toMatch(
        /targetDate must be a date such as 2027-03-01/,
      );

      // Nothing was filed.
      const all = await request(server)
        .get('/api/social-media/requests?scope=all')
        .set('Authorization', mockCredentials.user.header(IT_SERVICE_OWNER));
      expect(all.status).toBe(200);
      expect(all.body.items).toEqual([]);
    } finally {
      await close();
    }
  });

  it('answers no one without a token', async () => {
    const { server } = await start();
    const res = await request(server)
      .post('/api/mcp-actions/v1')
      // The test backend takes a request without a header as a default user: say "none".
      .set('Authorization', mockCredentials.none.header())
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    expect(res.status).toBe(401);
  });
});
