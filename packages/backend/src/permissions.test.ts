/*
 * The portal's permission setup end to end: Backstage's permission backend with the portal's
 * policy, deciding for the social media catalogue, including the owner-group condition that the
 * social-media plugin evaluates.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import socialMediaPolicyModule from '@internal/plugin-permission-backend-module-social-media';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { authWithActors } from './__testUtils__/authWithActors';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Who belongs to which group, as the catalog would resolve ownership. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/it-service-owner': ['group:default/it-service-management'],
  'user:default/marketing-lead': ['group:default/marketing'],
  'user:default/auditor': ['group:default/internal-audit'],
};

const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

const SERVICE = (name: string, handle: string, ownerGroup: string) => ({
  name,
  platform: 'x',
  handle,
  purpose: 'Announcements',
  businessUnit: 'Marketing',
  ownerGroup,
});

describe('portal permissions for the social media catalogue', () => {
  async function start() {
    const knex = await databases.init('SQLITE_3');
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
        };
      },
    });
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        socialMediaPolicyModule,
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            socialMedia: {
              permissions: {
                administrators: ['group:default/it-service-management'],
              },
            },
          },
        }),
        userInfo.factory,
        authWithActors,
        catalogServiceMock.factory({
          entities: [
            entity('Group', 'marketing'),
            entity('Group', 'communications'),
            entity('User', 'communications-lead'),
          ],
        }),
      ],
    });
    const as = (user: string) => (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header(user));
    return { server, as, knex };
  }

  it('lets administrators create, members of the owning group change their own services only, and everyone read', async () => {
    const { server, as } = await start();
    const admin = as('user:default/it-service-owner');
    const marketer = as('user:default/marketing-lead');
    const auditor = as('user:default/auditor');

    // Only administrators add services.
    expect(
      (
        await marketer(request(server).post('/api/social-media/services')).send(
          SERVICE('Brand X', '@brand', 'group:default/marketing'),
        )
      ).status,
    ).toBe(403);
    for (const [name, handle, owner] of [
      ['Brand X', '@brand', 'group:default/marketing'],
      ['Corporate X', '@corp', 'group:default/communications'],
    ]) {
      const created = await admin(
        request(server).post('/api/social-media/services'),
      ).send(SERVICE(name, handle, owner));
      expect(created.status).toBe(201);
    }

    // Members of the owning group change and move their own service...
    const ownUpdate = await marketer(
      request(server).put('/api/social-media/services/brand-x'),
    ).send({
      ...SERVICE('Brand X', '@brand', 'group:default/marketing'),
      purpose: 'Campaigns',
      version: 1,
    });
    expect(ownUpdate.status).toBe(200);
    const ownMove = await marketer(
      request(server).post('/api/social-media/services/brand-x/transitions'),
    ).send({ to: 'design', reason: 'Campaign approved', version: 2 });
    expect(ownMove.status).toBe(200);

    // ...but may not hand it over to another group on their own; an administrator may.
    const handOver = await marketer(
      request(server).put('/api/social-media/services/brand-x'),
    ).send({
      ...SERVICE('Brand X', '@brand', 'group:default/communications'),
      version: 3,
    });
    expect(handOver.status).toBe(403);
    expect(handOver.body.error.message).toBe(
      'You are not allowed to hand this social media service over to another owner group',
    );
    expect(
      (
        await admin(
          request(server).put('/api/social-media/services/brand-x'),
        ).send({
          ...SERVICE('Brand X', '@brand', 'group:default/communications'),
          version: 3,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin(
          request(server).put('/api/social-media/services/brand-x'),
        ).send({
          ...SERVICE('Brand X', '@brand', 'group:default/marketing'),
          version: 4,
        })
      ).status,
    ).toBe(200);

    // ...and not another group's.
    const otherUpdate = await marketer(
      request(server).put('/api/social-media/services/corporate-x'),
    ).send({
      ...SERVICE('Corporate X', '@corp', 'group:default/communications'),
      version: 1,
    });
    expect(otherUpdate.status).toBe(403);
    expect(otherUpdate.body.error.message).toBe(
      'You are not allowed to change this social media service',
    );
    const otherMove = await marketer(
      request(server).post(
        '/api/social-media/services/corporate-x/transitions',
      ),
    ).send({ to: 'design', reason: 'Sneaky', version: 1 });
    expect(otherMove.status).toBe(403);

    // Nor may they delete, even their own.
    expect(
      (
        await marketer(
          request(server).delete(
            '/api/social-media/services/brand-x?version=3',
          ),
        )
      ).status,
    ).toBe(403);

    // Auditors read everything and change nothing.
    const list = await auditor(
      request(server).get('/api/social-media/services'),
    );
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
    expect(
      (await auditor(request(server).get('/api/social-media/audit/verify')))
        .body,
    ).toMatchObject({ intact: true });
    expect(
      (
        await auditor(
          request(server).post(
            '/api/social-media/services/corporate-x/transitions',
          ),
        ).send({ to: 'design', reason: 'Not mine', version: 1 })
      ).status,
    ).toBe(403);

    const corp = await auditor(
      request(server).get('/api/social-media/services/corporate-x'),
    );
    expect(corp.body).toMatchObject({ version: 1, lifecycleStage: 'strategy' });
  });

  it('lets the owning group and the named service owner attest access reviews, administrators run the sweep, and nobody else', async () => {
    const { server, as } = await start();
    const admin = as('user:default/it-service-owner');
    const marketer = as('user:default/marketing-lead');
    // Named as the service owner, but not a member of the owning group.
    const serviceOwner = as('user:default/communications-lead');
    const auditor = as('user:default/auditor');

    for (const [name, handle, owner] of [
      ['Brand X', '@brand', 'group:default/marketing'],
      ['Corporate X', '@corp', 'group:default/communications'],
    ]) {
      const created = await admin(
        request(server).post('/api/social-media/services'),
      ).send({
        ...SERVICE(name, handle, owner),
        serviceOwner: 'user:default/communications-lead',
      });
      expect(created.status).toBe(201);
    }
    const attest = (
      who: (req: request.Test) => request.Test,
      id: string,
      version: number,
    ) =>
      who(
        request(server).post(`/api/social-media/services/${id}/access-reviews`),
      ).send({ version, decisions: [] });

    // Another group's member and an auditor may not attest.
    const denied = await attest(marketer, 'corporate-x', 1);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'You are not allowed to review access to this social media service; its service owner or owning group does that',
    );
    expect((await attest(auditor, 'corporate-x', 1)).status).toBe(403);
    expect(
      (
        await auditor(
          request(server).get(
            '/api/social-media/services/corporate-x/access-reviews',
          ),
        )
      ).body,
    ).toEqual({ items: [] });

    // The owning group's member attests their own service; the named service owner theirs.
    expect((await attest(marketer, 'brand-x', 1)).status).toBe(201);
    const byOwner = await attest(serviceOwner, 'corporate-x', 1);
    expect(byOwner.status).toBe(201);
    expect(byOwner.body.review.reviewer).toBe(
      'user:default/communications-lead',
    );
    // The service owner may also edit the controls of the service they own.
    const controls = await serviceOwner(
      request(server).put('/api/social-media/services/corporate-x'),
    ).send({
      ...SERVICE('Corporate X', '@corp', 'group:default/communications'),
      serviceOwner: 'user:default/communications-lead',
      controls: { mfaEnabled: true, mfaMethod: 'security-key' },
      version: 2,
    });
    expect(controls.status).toBe(200);

    // Only administrators run leaver detection on demand.
    const sweepDenied = await marketer(
      request(server).post('/api/social-media/guardianship/sweep'),
    );
    expect(sweepDenied.status).toBe(403);
    expect(sweepDenied.body.error.message).toBe(
      'You are not allowed to run leaver detection and risk recomputation',
    );
    const sweep = await admin(
      request(server).post('/api/social-media/guardianship/sweep'),
    );
    expect(sweep.status).toBe(200);
    expect(sweep.body.servicesChecked).toBe(2);
  });

  it('follows the owners the audit trail recorded, not a group or service owner written into the database', async () => {
    const { server, as, knex } = await start();
    const admin = as('user:default/it-service-owner');
    const marketer = as('user:default/marketing-lead');
    const outsider = as('user:default/communications-lead');
    const created = await admin(
      request(server).post('/api/social-media/services'),
    ).send(SERVICE('Brand X', '@brand', 'group:default/marketing'));
    expect(created.status).toBe(201);

    // Someone with access to the database names another group and themselves as the owners.
    await knex('social_services').where({ id: 'brand-x' }).update({
      owner_group: 'group:default/communications',
      service_owner: 'user:default/communications-lead',
    });
    const tampered = {
      ...SERVICE('Brand X', '@brand', 'group:default/communications'),
      serviceOwner: 'user:default/communications-lead',
      purpose: 'Ours now',
      version: 1,
    };
    const edit = await outsider(
      request(server).put('/api/social-media/services/brand-x'),
    ).send(tampered);
    expect(edit.status).toBe(403);
    expect(edit.body.error.message).toBe(
      'You are not allowed to change this social media service',
    );
    const review = await outsider(
      request(server).post('/api/social-media/services/brand-x/access-reviews'),
    ).send({ version: 1, decisions: [] });
    expect(review.status).toBe(403);
    const [row] = await knex('social_services').where({ id: 'brand-x' });
    expect([row.purpose, row.version]).toEqual(['Announcements', 1]);

    // The owning group the catalogue recorded keeps its rights, and puts the record right
    // without asking for a transfer.
    const putRight = await marketer(
      request(server).put('/api/social-media/services/brand-x'),
    ).send({
      ...SERVICE('Brand X', '@brand', 'group:default/marketing'),
      version: 1,
    });
    expect(putRight.status).toBe(200);
    expect(putRight.body).toMatchObject({
      ownerGroup: 'group:default/marketing',
      version: 2,
    });
    expect(putRight.body.serviceOwner).toBeUndefined();
    expect(putRight.body.recordProblems).toBeUndefined();
  });

  it('lets anyone signed in report an incident, and only administrators run the ITSM sync', async () => {
    const { server, as } = await start();
    const admin = as('user:default/it-service-owner');
    const auditor = as('user:default/auditor');
    const created = await admin(
      request(server).post('/api/social-media/services'),
    ).send(SERVICE('Corporate X', '@corp', 'group:default/communications'));
    expect(created.status).toBe(201);

    // The policy lets an auditor, in no owning group, through: the service's missing mapping
    // is what stops the report, not a 403.
    const report = await auditor(
      request(server).post('/api/social-media/services/corporate-x/incidents'),
    ).send({
      title: 'Phishing messages sent in our name',
      description: 'Customers forwarded messages from a look-alike account.',
      category: 'phishing',
    });
    expect(report.status).toBe(409);
    expect(report.body.error.message).toMatch(/not mapped to an ITSM record/);

    const syncDenied = await auditor(
      request(server).post('/api/social-media/itsm/sync'),
    );
    expect(syncDenied.status).toBe(403);
    expect(syncDenied.body.error.message).toBe(
      'You are not allowed to run the ITSM incident sync',
    );
    const sync = await admin(
      request(server).post('/api/social-media/itsm/sync'),
    );
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({ items: [] });
  });

  it('shows how the catalogue runs to administrators only', async () => {
    const { server, as } = await start();
    const status = (user: string) =>
      as(user)(request(server).get('/api/social-media/status'));
    const admin = await status('user:default/it-service-owner');
    expect(admin.status).toBe(200);
    expect(admin.body.database).toMatchObject({
      client: 'better-sqlite3',
      inMemory: true,
    });
    for (const user of [
      'user:default/auditor',
      'user:default/marketing-lead',
    ]) {
      const denied = await status(user);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'You are not allowed to see how the social media catalogue runs; administrators do',
      );
      // They still read the catalogue.
      expect(
        (await as(user)(request(server).get('/api/social-media/services')))
          .status,
      ).toBe(200);
    }
  });
});
