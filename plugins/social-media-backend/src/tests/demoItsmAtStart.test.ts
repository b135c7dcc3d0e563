/*
 * The demo ITSM with the portal's real configuration files: under the local configuration
 * (app-config.yaml, what `npm start` reads) the demo services come with their incidents, linked
 * by the catalogue's ITSM sync, counted and weighed in their ratings, without any ITSM tool
 * configured; under the production configuration (app-config.yaml, then
 * app-config.production.yaml) there is no demo ITSM, no demo services and no incidents.
 */
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const repoRoot = path.resolve(__dirname, '../../../..');
const LOCAL = path.join(repoRoot, 'app-config.yaml');
const PRODUCTION = path.join(repoRoot, 'app-config.production.yaml');

/** What production's configuration reads from the environment. */
const PRODUCTION_ENV = {
  APP_BASE_URL: 'https://portal.larkmoor.example',
  BACKEND_BASE_URL: 'https://portal.larkmoor.example',
  POSTGRES_HOST: 'localhost',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'unused',
  SOCIAL_MEDIA_AUDIT_CHECKPOINT_KEY: 'production-test-key',
};

/** Someone signed in whom the permission policy allows nothing, not even reading the catalogue. */
const OUTSIDER = 'user:default/outsider';

/** The permission policy of these tests: everyone may do everything, but the outsider nothing. */
const decide = (
  requests: unknown[],
  options?: { credentials?: { principal?: unknown } },
) => {
  const principal = options?.credentials?.principal as
    | { userEntityRef?: string }
    | undefined;
  const result =
    principal?.userEntityRef === OUTSIDER
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  return requests.map(() => ({ result })) as any;
};

/** Only what a test backend needs besides the files: events stay in the process. */
let testOverrides: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-itsm-config-'));
  testOverrides = path.join(dir, 'app-config.test.yaml');
  fs.writeFileSync(testOverrides, 'events:\n  useEventBus: never\n');
});

let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  savedEnv = process.env;
  process.env = { ...process.env, ...PRODUCTION_ENV };
  // The config loader says which files it read.
  jest.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  process.env = savedEnv;
  jest.restoreAllMocks();
});

/**
 * Starts the social media backend plugin as the portal does, reading the given config files; the
 * database is the test's, whatever the files say. Scheduled tasks do not run on their own.
 */
async function startWith(knex: Knex, ...configFiles: string[]) {
  return startTestBackend({
    features: [
      socialMediaPlugin,
      eventsServiceFactory,
      rootConfigServiceFactory({
        argv: [...configFiles, testOverrides].flatMap(file => [
          '--config',
          file,
        ]),
      }),
      mockServices.database.factory({ knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.permissions.mock({
        authorize: async (requests, options) => decide(requests, options),
        authorizeConditional: async (requests, options) =>
          decide(requests, options),
      }).factory,
      mockServices.auditor.factory(),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
}

const asUser = (req: request.Test, user = 'user:default/it-service-owner') =>
  req.set('Authorization', mockCredentials.user.header(user));

describe.each(ids)('the demo ITSM on %s', databaseId => {
  describe('under the local configuration (app-config.yaml, as npm start runs it)', () => {
    it('links the demo services to their incidents at start-up: open counts, ratings and pages to open', async () => {
      const knex = await databases.init(databaseId);
      const startedAt = new Date().toISOString();
      const backend = await startWith(knex, LOCAL);
      const { server } = backend;
      const api = (p: string) =>
        asUser(request(server).get(`/api/social-media${p}`));

      // The demo ITSM is installed, named as the demo, and its first sync ran at start-up.
      const connectors = await api('/itsm/connectors');
      expect(connectors.status).toBe(200);
      expect(connectors.body.items).toEqual([
        expect.objectContaining({
          id: 'demo-itsm',
          displayName: 'Demo ITSM (demo data)',
        }),
      ]);
      const status = await api('/itsm/status');
      expect(status.body.items).toEqual([
        expect.objectContaining({
          connectorId: 'demo-itsm',
          mappedServices: expect.any(Number),
          lastSuccessAt: expect.any(String),
        }),
      ]);
      const [demo] = status.body.items;
      expect(demo.mappedServices).toBeGreaterThan(15);
      expect(demo.lastSuccessAt >= startedAt).toBe(true);
      expect(demo.lastErrorAt).toBeUndefined();

      // Three services have an open incident today; most have none.
      const open = await api(
        '/services?hasOpenIncidents=true&limit=100&sort=name',
      );
      expect(open.status).toBe(200);
      expect(
        open.body.items.map((s: { id: string; openIncidentCount: number }) => [
          s.id,
          s.openIncidentCount,
        ]),
      ).toEqual([
        ['americas-x-account', 1],
        ['customer-support-x-account', 1],
        ['support-facebook-page', 1],
      ]);
      const none = await api('/services?hasOpenIncidents=false&limit=100');
      expect(none.body.totalCount).toBe(29);

      // The support account: its open impersonation and two resolved incidents, and a rating
      // that counts its recent security incidents.
      const incidents = await api(
        '/services/customer-support-x-account/incidents?includeResolved=true',
      );
      expect(
        incidents.body.items.map(
          (i: { number: string; state: string; open: boolean }) => [
            i.number,
            i.state,
            i.open,
          ],
        ),
      ).toEqual([
        ['DEMO-1011', 'In progress', true],
        ['DEMO-1010', 'Resolved', false],
        ['DEMO-1002', 'Resolved', false],
      ]);
      const support = await api('/services/customer-support-x-account');
      expect(support.body).toMatchObject({
        riskRating: 'medium',
        openIncidentCount: 1,
      });
      expect(support.body.risk.factors).toContainEqual(
        expect.objectContaining({
          id: 'security-incidents',
          value: '2 incidents',
          contribution: 6,
        }),
      );
      const risen = await api(
        '/services/customer-support-x-account/risk-history',
      );
      expect(risen.body.items).toContainEqual(
        expect.objectContaining({
          trigger: 'incident',
          previousRating: 'low',
          rating: 'medium',
        }),
      );

      // The incident's link opens the demo ITSM's page in the portal (app.baseUrl), behind its
      // sign-in; the page reads the incident from the plugin's API.
      const [impersonation] = incidents.body.items;
      expect(impersonation.url).toBe(
        'http://localhost:3000/social-media/demo-itsm/incidents/DEMO-1011',
      );
      const incidentPath = '/api/social-media/demo-itsm/incidents/DEMO-1011';
      // Nobody signed in: refused, and nothing of the incident is shown.
      const anonymous = await request(server)
        .get(incidentPath)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      expect(anonymous.text).not.toContain('impersonation');
      const anonymousList = await request(server)
        .get('/api/social-media/demo-itsm/incidents')
        .set('Authorization', mockCredentials.none.header());
      expect(anonymousList.status).toBe(401);
      // Signed in, but not allowed to read the catalogue: refused, saying so.
      const outsider = await asUser(
        request(server).get(incidentPath),
        OUTSIDER,
      );
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toBe(
        'You are not allowed to read the social media service catalogue',
      );
      expect(outsider.text).not.toContain('impersonation');
      // Signed in and allowed: the incident as it stands, with its work notes and its service.
      const incident = await api('/demo-itsm/incidents/DEMO-1011');
      expect(incident.status).toBe(200);
      expect(incident.type).toBe('application/json');
      expect(incident.body).toMatchObject({
        number: 'DEMO-1011',
        title: 'Second impersonation account replying to customers as support',
        service: 'Customer support X account',
        serviceId: 'customer-support-x-account',
        state: 'In progress',
        priority: impersonation.priority,
        category: impersonation.category,
        openedAt: impersonation.openedAt,
        updatedAt: impersonation.updatedAt,
        reportedFromPortal: false,
        description: expect.stringMatching(/\w/),
      });
      expect(incident.body.resolvedAt).toBeUndefined();
      expect(incident.body.workNotes.length).toBeGreaterThanOrEqual(2);
      expect(incident.body.workNotes[0]).toEqual({
        at: impersonation.openedAt,
        state: 'New',
        note: expect.stringMatching(/\w/),
      });
      expect(incident.body.workNotes.at(-1)).toMatchObject({
        at: impersonation.updatedAt,
        state: 'In progress',
      });
      // The list: every incident of the demo year so far, newest first.
      const list = await api('/demo-itsm/incidents');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(13);
      const opened = list.body.items.map(
        (i: { openedAt: string }) => i.openedAt,
      );
      expect(opened).toEqual([...opened].sort().reverse());
      expect(list.body.items).toContainEqual(incident.body);
      const outsiderList = await asUser(
        request(server).get('/api/social-media/demo-itsm/incidents'),
        OUTSIDER,
      );
      expect(outsiderList.status).toBe(403);
      // A number the demo ITSM does not know: 404, saying so.
      const unknown = await api('/demo-itsm/incidents/INC0010001');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(
        /^The demo ITSM knows no incident INC0010001/,
      );

      // Reporting from a service page raises an incident in the demo ITSM, linked at once.
      const reported = await asUser(
        request(server).post(
          '/api/social-media/services/corporate-x-account/incidents',
        ),
      ).send({
        title: 'Posts we did not write',
        description: 'Three posts appeared overnight',
        category: 'unauthorised-post',
      });
      expect(reported.status).toBe(201);
      expect(reported.body).toMatchObject({
        connectorId: 'demo-itsm',
        number: 'DEMO-2001',
        state: 'New',
        open: true,
      });
      expect(
        (await api('/services/corporate-x-account')).body.openIncidentCount,
      ).toBe(1);
      await backend.stop();

      // After a restart the demo ITSM still knows what was reported, and the year's incidents
      // are not linked twice.
      const again = await startWith(knex, LOCAL);
      const reportedIncident = await asUser(
        request(again.server).get(
          '/api/social-media/demo-itsm/incidents/DEMO-2001',
        ),
      );
      expect(reportedIncident.status).toBe(200);
      expect(reportedIncident.body).toMatchObject({
        number: 'DEMO-2001',
        title: 'Posts we did not write',
        serviceId: 'corporate-x-account',
        state: 'New',
        category: 'Unauthorised post',
        openedAt: reported.body.openedAt,
        reportedFromPortal: true,
        workNotes: [],
      });
      const afterRestart = await asUser(
        request(again.server).get(
          '/api/social-media/services/corporate-x-account/incidents?includeResolved=true',
        ),
      );
      expect(
        afterRestart.body.items.map((i: { number: string }) => i.number),
      ).toEqual(['DEMO-2001', 'DEMO-1003']);
      // Listed as it was: the next sync finds nothing to change.
      expect(afterRestart.body.items[0].openedAt).toBe(reported.body.openedAt);
      const resynced = await asUser(
        request(again.server).post('/api/social-media/itsm/sync'),
      );
      expect(resynced.status).toBe(200);
      expect(resynced.body.items).toEqual([
        expect.objectContaining({
          connectorId: 'demo-itsm',
          incidentsLastRun: 0,
        }),
      ]);
      await again.stop();
    });
  });

  describe('under the production configuration (app-config.yaml, then app-config.production.yaml)', () => {
    it('has no demo ITSM, no ITSM tool configured, and no incidents', async () => {
      // The configuration itself: no demo data, no demo ITSM and no ITSM connector block.
      const config = ConfigReader.fromConfigs(
        [LOCAL, PRODUCTION].map(file => ({
          context: path.basename(file),
          data: parse(fs.readFileSync(file, 'utf8')),
        })),
      );
      expect(config.getOptionalBoolean('socialMedia.demoData.enabled')).toBe(
        false,
      );
      expect(config.getOptionalBoolean('socialMedia.demoData.itsm')).toBe(
        false,
      );
      expect(config.has('socialMedia.itsm')).toBe(false);

      const knex = await databases.init(databaseId);
      const { server } = await startWith(knex, LOCAL, PRODUCTION);
      const api = (p: string) =>
        asUser(request(server).get(`/api/social-media${p}`));

      expect((await api('/itsm/connectors')).body.items).toEqual([]);
      expect((await api('/itsm/status')).body.items).toEqual([]);
      expect((await api('/services?limit=100')).body.totalCount).toBe(0);
      const [{ n: stored }] = await knex('social_service_incidents').count({
        n: '*',
      });
      expect(Number(stored)).toBe(0);
      // No demo ITSM routes: a signed-in person allowed to read the catalogue finds none.
      expect((await api('/demo-itsm/incidents')).status).toBe(404);
      expect((await api('/demo-itsm/incidents/DEMO-1011')).status).toBe(404);
    });
  });
});
