/*
 * The catalogue's write actions through Backstage's actions registry, on SQLite and PostgreSQL:
 * they change the catalogue in the caller's name with the permission of their HTTP route, leave
 * the same audit trail entries and auditor events as that route, and a refusal changes nothing.
 */
import request from 'supertest';
import {
  actionsTestBackend,
  BRAND_INSTAGRAM,
  COMMUNICATIONS_LEAD,
  CORPORATE_X,
  MARKETING_LEAD,
  PORTAL,
} from '../__testUtils__/actionsTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const REQUEST = aNewServiceRequest();

const REPORT = {
  serviceId: 'brand-instagram',
  title: 'Suspected account takeover: password reset we did not ask for',
  description:
    'The platform sent a password reset at 09:12 that nobody on the team requested.',
  category: 'account-takeover',
};

/** An audit trail entry without what differs from one record to another. */
function shapeOf(entry: any) {
  return {
    entityType: entry.entityType,
    action: entry.action,
    actor: entry.actor,
    afterFields: Object.keys(entry.after ?? {}).sort(),
  };
}

describe.each(ids)('write actions on %s', databaseId => {
  const harness = actionsTestBackend(databases, databaseId);

  const count = async (table: string) => {
    const [{ n }] = await harness.knex(table).count({ n: '*' });
    return Number(n);
  };

  describe('file-service-request', () => {
    it('files a draft in the caller name, with the prediction, the approvals and a link to it', async () => {
      const { invoke, api, server } = await harness.start();
      const filed = await invoke('file-service-request', REQUEST);
      expect(filed.status).toBe(200);
      expect(filed.body.output).toEqual({
        id: 1,
        status: 'draft',
        name: 'Spring campaign TikTok',
        platform: 'tiktok',
        requester: MARKETING_LEAD,
        predictedRating: expect.stringMatching(/^(low|medium|high|critical)$/),
        requirements: expect.any(Array),
        approvals: [
          expect.objectContaining({
            groups: ['group:default/it-service-management'],
          }),
        ],
        link: `${PORTAL}/social-media/requests/1`,
      });

      // The request is there for its requester, as the portal shows it.
      const mine = await api(
        MARKETING_LEAD,
        request(server).get('/api/social-media/requests/1'),
      );
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        status: 'draft',
        requester: MARKETING_LEAD,
        // Normalised by the request rules, as for a request filed in the portal.
        handle: '@springcampaign',
        steps: [{ action: 'create', actor: MARKETING_LEAD }],
      });

      const submitted = await invoke('file-service-request', {
        ...REQUEST,
        handle: 'springcampaign2',
        submit: true,
      });
      expect(submitted.body.output).toMatchObject({
        id: 2,
        status: 'submitted',
      });
    });

    it('leaves the audit trail entry and the auditor event of POST /requests', async () => {
      const { invoke, api, server, auditor, auditEvent } =
        await harness.start();
      const viaApi = await api(
        MARKETING_LEAD,
        request(server).post('/api/social-media/requests'),
      ).send({ ...REQUEST, handle: 'viaapi', submit: true });
      expect(viaApi.status).toBe(201);
      const apiEvent = auditor.createEvent.mock.calls.at(-1)![0];
      auditor.createEvent.mockClear();
      auditEvent.success.mockClear();

      const viaAction = await invoke('file-service-request', {
        ...REQUEST,
        handle: 'viaaction',
        submit: true,
      });
      expect(viaAction.status).toBe(200);
      expect(auditor.createEvent).toHaveBeenCalledTimes(1);
      const actionEvent = auditor.createEvent.mock.calls[0][0];
      expect(actionEvent).toEqual({
        eventId: apiEvent.eventId,
        severityLevel: apiEvent.severityLevel,
        meta: { ...apiEvent.meta, actor: MARKETING_LEAD },
      });
      expect(actionEvent.meta).toMatchObject({ queryType: 'service-request' });
      expect(auditEvent.success).toHaveBeenCalledTimes(1);

      const trail = await api(
        MARKETING_LEAD,
        request(server).get(
          '/api/social-media/audit/entries?action=request-submit',
        ),
      );
      expect(trail.status).toBe(200);
      const [fromAction, fromApi] = trail.body.items;
      expect(fromAction.entityId).toBe(String(viaAction.body.output.id));
      expect(fromApi.entityId).toBe(String(viaApi.body.id));
      expect(shapeOf(fromAction)).toEqual(shapeOf(fromApi));
      expect(shapeOf(fromAction)).toMatchObject({
        entityType: 'service-request',
        actor: MARKETING_LEAD,
      });
    });

    it('refuses callers without the permission, and services, writing nothing', async () => {
      const denied = await harness.start({
        deny: ['social-media.request.create'],
      });
      const refused = await denied.invoke('file-service-request', REQUEST);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'You are not allowed to request social media services',
      });
      expect(denied.auditor.createEvent).not.toHaveBeenCalled();
      expect(await count('social_service_requests')).toBe(0);

      const { invoke, auditor } = await harness.start();
      const asService = await invoke(
        'file-service-request',
        REQUEST,
        'service',
      );
      expect(asService.status).toBe(403);
      expect(asService.body.error.message).toMatch(
        /^You are not allowed to request social media services: this action changes the catalogue in a person's name/,
      );
      expect(auditor.createEvent).not.toHaveBeenCalled();
      expect(await count('social_service_requests')).toBe(0);
    });

    it('refuses bad input with the reason, by its schema or by the request rules, writing nothing', async () => {
      const { invoke, auditEvent } = await harness.start();
      const schemaCases: Array<[object, RegExp]> = [
        [
          { ...REQUEST, targetDate: 'next spring' },
          /targetDate must be a date/,
        ],
        [
          { ...REQUEST, serviceOwner: 'group:default/marketing' },
          /serviceOwner must be a catalog User/,
        ],
        [{ ...REQUEST, regions: [] }, /Name at least one region/],
        [{ ...REQUEST, platform: 'myspace' }, /tiktok/],
        [{ ...REQUEST, password: 'hunter2' }, /password/],
      ];
      for (const [input, reason] of schemaCases) {
        const res = await invoke('file-service-request', input);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(reason);
      }
      // The catalog has no such group: the request rules refuse it, as on the API.
      const unknownTeam = await invoke('file-service-request', {
        ...REQUEST,
        requestingTeam: 'group:default/nobody-here',
      });
      expect(unknownTeam.status).toBe(400);
      expect(unknownTeam.body.error.message).toMatch(
        /Requesting team.*group:default\/nobody-here/,
      );
      expect(auditEvent.fail).toHaveBeenCalledTimes(1);
      expect(await count('social_service_requests')).toBe(0);
    });
  });

  describe('report-incident', () => {
    it('raises it in the mapped ITSM in the caller name and links it at once, as POST /services/{id}/incidents does', async () => {
      const { invoke, api, server, connector, auditor, auditEvent, ...rest } =
        await harness.start();
      await rest.createService(BRAND_INSTAGRAM);
      auditor.createEvent.mockClear();

      const reported = await invoke('report-incident', REPORT);
      expect(reported.status).toBe(200);
      expect(reported.body.output).toEqual({
        serviceId: 'brand-instagram',
        connectorId: 'servicenow',
        number: 'INC002001',
        title: REPORT.title,
        state: 'New',
        priority: '2 - High',
        open: true,
        url: 'https://itsm.example/incident/1',
        link: `${PORTAL}/social-media/services/brand-instagram`,
      });
      expect(connector.created).toEqual([
        expect.objectContaining({
          mapping: expect.objectContaining({
            serviceId: 'brand-instagram',
            itsmReference: 'Brand Instagram account',
          }),
          category: 'account-takeover',
          reportedBy: MARKETING_LEAD,
        }),
      ]);
      const actionEvent = auditor.createEvent.mock.calls[0][0];
      expect(auditEvent.success).toHaveBeenCalled();

      // The same report through the API, for comparison.
      auditor.createEvent.mockClear();
      const { serviceId: _id, ...body } = REPORT;
      const viaApi = await api(
        COMMUNICATIONS_LEAD,
        request(server).post(
          '/api/social-media/services/brand-instagram/incidents',
        ),
      ).send(body);
      expect(viaApi.status).toBe(201);
      const apiEvent = auditor.createEvent.mock.calls[0][0];
      expect(actionEvent).toEqual({
        eventId: apiEvent.eventId,
        severityLevel: apiEvent.severityLevel,
        meta: { ...apiEvent.meta, actor: MARKETING_LEAD },
      });
      expect(actionEvent.meta).toMatchObject({
        queryType: 'incident-report',
        serviceId: 'brand-instagram',
      });

      const history = await api(
        MARKETING_LEAD,
        request(server).get(
          '/api/social-media/services/brand-instagram/history',
        ),
      );
      const reports = history.body.items.filter(
        (h: any) => h.action === 'incident-reported',
      );
      expect(reports.map((h: any) => h.actor)).toEqual([
        COMMUNICATIONS_LEAD,
        MARKETING_LEAD,
      ]);
      expect(shapeOf(reports[1])).toEqual({
        ...shapeOf(reports[0]),
        actor: MARKETING_LEAD,
      });
      expect(reports[1].after).toMatchObject({ number: 'INC002001' });

      const service = await api(
        MARKETING_LEAD,
        request(server).get('/api/social-media/services/brand-instagram'),
      );
      expect(service.body.openIncidentCount).toBe(2);
    });

    it('needs the report permission on that service, and a person', async () => {
      const denied = await harness.start({
        deny: ['social-media.service.incident.report'],
      });
      await denied.createService(BRAND_INSTAGRAM);
      denied.auditor.createEvent.mockClear();
      const refused = await denied.invoke('report-incident', REPORT);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'You are not allowed to report incidents on this social media service',
      });
      expect(denied.connector.created).toEqual([]);
      expect(denied.auditor.createEvent).not.toHaveBeenCalled();
      expect(await count('social_service_incidents')).toBe(0);

      const { invoke, connector, ...rest } = await harness.start();
      await rest.createService(BRAND_INSTAGRAM);
      const asService = await invoke('report-incident', REPORT, 'service');
      expect(asService.status).toBe(403);
      expect(connector.created).toEqual([]);
    });

    it('says which service it does not know and which cannot take reports, and refuses bad reports', async () => {
      const { invoke, connector, ...rest } = await harness.start();
      const unknown = await invoke('report-incident', {
        ...REPORT,
        serviceId: 'nothing-here',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        "No social media service with id 'nothing-here'",
      );

      await rest.createService(CORPORATE_X);
      const unmapped = await invoke('report-incident', {
        ...REPORT,
        serviceId: 'corporate-x',
      });
      expect(unmapped.status).toBe(409);
      expect(unmapped.body.error.message).toBe(
        'Corporate X is not mapped to an ITSM record yet; set its ITSM system and reference on the service first',
      );

      await rest.createService(BRAND_INSTAGRAM);
      const cases: Array<[object, RegExp]> = [
        [{ ...REPORT, title: 'Hi' }, /title must be at least 5 characters/],
        [{ ...REPORT, description: '  ' }, /description is required/],
        [{ ...REPORT, category: 'gossip' }, /account-takeover/],
        [{ ...REPORT, password: 'hunter2' }, /password/],
      ];
      for (const [input, reason] of cases) {
        const res = await invoke('report-incident', input);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(reason);
      }
      expect(connector.created).toEqual([]);
      expect(await count('social_service_incidents')).toBe(0);
    });
  });
});
