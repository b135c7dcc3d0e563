import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { socialMediaPlugin } from '../plugin';
import {
  apiTestBackend,
  CATALOG,
  VALID,
} from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)(
  'social-media API on %s: permissions, audit trail and import',
  databaseId => {
    const api = apiTestBackend(databases, databaseId);
    const { start, asUser, count, create } = api;

    describe('permissions', () => {
      it('rejects anonymous callers on every endpoint but the probes', async () => {
        const { server } = await start();
        const anonymous = (req: request.Test) =>
          req.set('Authorization', mockCredentials.none.header());
        const calls = [
          request(server).get('/api/social-media/status'),
          request(server).get('/api/social-media/services'),
          request(server).post('/api/social-media/services').send(VALID),
          request(server).get('/api/social-media/services/x'),
          request(server)
            .put('/api/social-media/services/x')
            .send({ ...VALID, version: 1 }),
          request(server).delete('/api/social-media/services/x?version=1'),
          request(server)
            .post('/api/social-media/services/x/transitions')
            .send({ to: 'design', reason: 'ready', version: 1 }),
          request(server)
            .put('/api/social-media/services/x/admins')
            .send({ admins: [], version: 1 }),
          request(server).get('/api/social-media/services/x/history'),
          request(server).get('/api/social-media/audit/verify'),
          request(server)
            .post('/api/social-media/import')
            .send({ format: 'csv', content: 'name\n' }),
        ];
        for (const call of calls) {
          expect((await anonymous(call)).status).toBe(401);
        }
      });

      it('answers 403 with a message saying what is not allowed, and writes nothing', async () => {
        const allowed = await start();
        const created = await create(allowed.server);
        expect(created.status).toBe(201);
        const sqliteOrPgKnex = api.knex;

        // Same database, now with a policy that says no to everything.
        const denied = await (async () => {
          const auditor = mockServices.auditor.mock();
          const { server } = await startTestBackend({
            features: [
              socialMediaPlugin,
              mockServices.database.factory({ knex: sqliteOrPgKnex }),
              mockServices.permissions.factory({
                result: AuthorizeResult.DENY,
              }),
              catalogServiceMock.factory({ entities: CATALOG }),
              auditor.factory,
            ],
          });
          return server;
        })();
        const id = created.body.id;
        const cases: Array<[request.Test, string]> = [
          [
            request(denied).get('/api/social-media/services'),
            'You are not allowed to read the social media service catalogue',
          ],
          [
            request(denied).get(`/api/social-media/services/${id}/history`),
            'You are not allowed to read the social media service catalogue',
          ],
          [
            request(denied).get('/api/social-media/audit/verify'),
            'You are not allowed to read the social media service catalogue',
          ],
          [
            request(denied)
              .post('/api/social-media/services')
              .send({ ...VALID, handle: 'other' }),
            'You are not allowed to add services to the social media service catalogue',
          ],
          [
            request(denied)
              .post('/api/social-media/import')
              .send({ format: 'yaml', content: '[]' }),
            'You are not allowed to add services to the social media service catalogue',
          ],
          [
            request(denied)
              .put(`/api/social-media/services/${id}`)
              .send({ ...VALID, name: 'Hijacked', version: 1 }),
            'You are not allowed to change this social media service',
          ],
          [
            request(denied)
              .put(`/api/social-media/services/${id}/admins`)
              .send({ admins: [], version: 1 }),
            'You are not allowed to change this social media service',
          ],
          [
            request(denied)
              .post(`/api/social-media/services/${id}/transitions`)
              .send({ to: 'design', reason: 'ready', version: 1 }),
            'You are not allowed to move this social media service through its lifecycle',
          ],
          [
            request(denied).delete(
              `/api/social-media/services/${id}?version=1`,
            ),
            'You are not allowed to delete this social media service',
          ],
        ];
        for (const [call, message] of cases) {
          const res = await asUser(call);
          expect(res.status).toBe(403);
          expect(res.body.error.message).toBe(message);
        }
        const after = await asUser(
          request(allowed.server).get(`/api/social-media/services/${id}`),
        );
        expect(after.body).toMatchObject({
          name: 'Brand Instagram',
          version: 1,
          lifecycleStage: 'strategy',
        });
        expect(await count()).toBe(1);
      });
    });

    describe('audit trail', () => {
      it('verifies the chain and names the entry that was tampered with', async () => {
        const { server } = await start();
        await create(server);
        await create(server, {
          ...VALID,
          name: 'Second',
          handle: 'second',
          profileUrl: undefined,
        });
        const ok = await asUser(
          request(server).get('/api/social-media/audit/verify'),
        );
        expect(ok.body).toEqual({
          intact: true,
          entries: 2,
          checkpoints: { configured: false, count: 0 },
        });

        await api
          .knex('social_media_audit_log')
          .where({ seq: 1 })
          .update({ actor: 'user:default/someone-else' });
        const broken = await asUser(
          request(server).get('/api/social-media/audit/verify'),
        );
        expect(broken.body).toEqual({
          intact: false,
          entries: 1,
          firstBroken: {
            seq: 1,
            problem: 'edited',
            message: 'Entry 1 was changed after it was written',
          },
          checkpoints: { configured: false, count: 0 },
        });
      });
    });

    describe('import', () => {
      const CSV = [
        'name,platform,handle,purpose,businessUnit,ownerGroup,mfaEnabled,tags,lifecycleStage',
        'EMEA X,x,larkmoor_emea,Regional news,Marketing EMEA,marketing,yes,region-emea;news,operation',
        'Corporate LinkedIn,linkedin,larkmoor-group,Corporate profile,Communications,communications,no,,design',
      ].join('\n');

      it('checks a CSV inventory in a dry run, then imports it all', async () => {
        const { server } = await start();
        const dry = await asUser(
          request(server).post('/api/social-media/import'),
        ).send({ format: 'csv', content: CSV, dryRun: true });
        expect(dry.status).toBe(200);
        expect(dry.body).toEqual({
          dryRun: true,
          valid: true,
          rows: 2,
          created: ['emea-x', 'corporate-linkedin'],
          problems: [],
          // Taken as found, and said so: the regional account runs without what operation needs.
          outOfCompliance: [
            {
              row: 2,
              id: 'emea-x',
              stage: 'operation',
              missing: [
                'a named service owner',
                'a profile URL',
                'credentials in a vault',
                'a recovery e-mail and phone owned by the company',
              ],
            },
          ],
        });
        expect(await count()).toBe(0);

        const real = await asUser(
          request(server).post('/api/social-media/import'),
        ).send({ format: 'csv', content: CSV });
        expect(real.status).toBe(200);
        expect(real.body.created).toEqual(['emea-x', 'corporate-linkedin']);
        expect(real.body.outOfCompliance).toEqual(dry.body.outOfCompliance);
        const emea = await asUser(
          request(server).get('/api/social-media/services/emea-x'),
        );
        expect(emea.body).toMatchObject({
          handle: '@larkmoor_emea',
          ownerGroup: 'group:default/marketing',
          lifecycleStage: 'operation',
          tags: ['region-emea', 'news'],
          controls: { mfaEnabled: true },
        });
      });

      it('writes nothing when any row has a problem, and reports every problem by row and field', async () => {
        const { server } = await start();
        const content = [
          CSV,
          'Bad,x,has spaces,Purpose,Unit,marketing,yes,,strategy',
          'Ghost team,x,ghost,Purpose,Unit,ghosts,yes,,strategy',
          'EMEA X copy,x,@LARKMOOR_EMEA,Purpose,Unit,marketing,yes,,strategy',
        ].join('\n');
        const res = await asUser(
          request(server).post('/api/social-media/import'),
        ).send({ format: 'csv', content });
        expect(res.status).toBe(400);
        expect(res.body.valid).toBe(false);
        expect(res.body.created).toEqual([]);
        expect(res.body.problems).toEqual([
          {
            row: 4,
            field: 'handle',
            message:
              'An X handle is 1 to 15 letters, digits or underscores, optionally starting with @ (e.g. @acme)',
          },
          {
            row: 5,
            field: 'ownerGroup',
            message:
              'Owner group group:default/ghosts is not in the Backstage catalog',
          },
          {
            row: 6,
            field: 'handle',
            message: 'x handle @LARKMOOR_EMEA is already used by row 2',
          },
        ]);
        expect(await count()).toBe(0);
      });

      it('takes an inventory of thousands of rows in one request', async () => {
        const { server } = await start();
        const rows = Array.from(
          { length: 3000 },
          (_, i) =>
            `Regional blog ${i},blog,blog${i}.example.com,Regional news and stories for the region,Marketing,marketing,yes,,operation`,
        );
        const content = [CSV.split('\n')[0], ...rows].join('\n');
        expect(content.length).toBeGreaterThan(300_000);
        const res = await asUser(
          request(server).post('/api/social-media/import'),
        ).send({ format: 'csv', content });
        expect(res.body.problems ?? res.body.error).toEqual([]);
        expect(res.status).toBe(200);
        expect(res.body.created).toHaveLength(3000);
        expect(await count()).toBe(3000);
      });

      it('imports YAML too', async () => {
        const { server } = await start();
        const res = await asUser(
          request(server).post('/api/social-media/import'),
        ).send({
          format: 'yaml',
          content: `services:\n  - name: Support X\n    platform: x\n    handle: examplehelp\n    purpose: Customer answers\n    businessUnit: Support\n    ownerGroup: group:default/communications\n`,
        });
        expect(res.status).toBe(200);
        expect(res.body.created).toEqual(['support-x']);
      });
    });
  },
);
