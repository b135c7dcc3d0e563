import { socialServiceInputSchema } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestSocialMedia } from '../__testUtils__/testSocialMedia';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ADMIN = 'user:default/it-service-owner';

describe.each(ids)(
  'who owns a service for its permissions, on %s',
  databaseId => {
    let knex: Knex;
    let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      socialMedia = await createTestSocialMedia(knex);
      for (const [id, ownerGroup] of [
        ['brand', 'group:default/marketing'],
        ['corp', 'group:default/communications'],
      ]) {
        await socialMedia.catalogue.createService(
          {
            ...socialServiceInputSchema.parse({
              name: `Service ${id}`,
              platform: 'instagram',
              handle: id,
              purpose: 'Brand stories',
              businessUnit: 'Marketing',
              ownerGroup,
              serviceOwner: 'user:default/marketing-lead',
            }),
            id,
          },
          ADMIN,
        );
      }
    });

    it('names the owners the audit trail recorded where the database holds others, in the order asked', async () => {
      await knex('social_services').where({ id: 'brand' }).update({
        owner_group: 'group:default/finance',
        service_owner: null,
      });
      expect(
        await socialMedia.permissionResources.list(['corp', 'nope', 'brand']),
      ).toEqual([
        {
          id: 'corp',
          ownerGroup: 'group:default/communications',
          serviceOwner: 'user:default/marketing-lead',
        },
        undefined,
        {
          id: 'brand',
          ownerGroup: 'group:default/marketing',
          serviceOwner: 'user:default/marketing-lead',
        },
      ]);
      await expect(
        socialMedia.permissionResources.require('nope'),
      ).rejects.toThrow("No social media service with id 'nope'");
    });

    it('follows a change made through the catalogue', async () => {
      const current = await socialMedia.catalogue.getService('brand');
      await socialMedia.catalogue.update(
        'brand',
        {
          name: current.name,
          platform: current.platform,
          handle: current.handle,
          purpose: current.purpose,
          businessUnit: current.businessUnit,
          ownerGroup: 'group:default/communications',
          version: current.version,
        },
        ADMIN,
      );
      expect(await socialMedia.permissionResources.require('brand')).toEqual({
        id: 'brand',
        ownerGroup: 'group:default/communications',
      });
    });
  },
);
