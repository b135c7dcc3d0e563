import {
  SocialServiceInput,
  socialServiceInputSchema,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  editOf,
} from '../__testUtils__/testSocialMedia';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const OWNER = 'user:default/marketing-lead';

function input(overrides: Partial<SocialServiceInput> = {}) {
  return {
    ...socialServiceInputSchema.parse({
      name: 'Brand X',
      platform: 'x',
      handle: '@brandx',
      purpose: 'Brand stories',
      businessUnit: 'Marketing',
      ownerGroup: 'group:default/marketing',
      audienceSize: 250_000,
      controls: { mfaEnabled: true, credentialVaultRef: 'vault://social/x' },
      ...overrides,
    }),
    id: 'brand-x',
  };
}

describe.each(ids)('the write path on %s', databaseId => {
  let knex: Knex;
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    socialMedia = await createTestSocialMedia(knex);
    await socialMedia.catalogue.createService(input(), OWNER);
    await socialMedia.forgetAnnouncements();
  });

  /** What a person sees of the service and its evidence. */
  async function evidence() {
    const [service, history, ratings] = await Promise.all([
      socialMedia.catalogue.getService('brand-x'),
      socialMedia.stores.audit.getServiceHistory('brand-x'),
      socialMedia.stores.guardianship.getRiskHistory('brand-x'),
    ]);
    return {
      controls: service.controls,
      version: service.version,
      riskRating: service.riskRating,
      history: history.map(h => h.action),
      ratings: ratings.length,
    };
  }

  it('refuses to commit a change to a service that has no audit entry, and writes none of it', async () => {
    const before = await evidence();
    await expect(
      socialMedia.writes.run(OWNER, async unit => {
        const service = await unit.lock('brand-x', 1);
        await unit.update(
          'brand-x',
          {
            controls: JSON.stringify({
              ...service.controls,
              mfaEnabled: false,
            }),
          },
          'update',
        );
        // No unit.record(...): the change would leave no trace in the trail.
      }),
    ).rejects.toThrow(
      'A change to brand-x has no audit trail entry; nothing of it was written',
    );
    expect(await evidence()).toEqual(before);
    expect(await socialMedia.announcements()).toEqual([]);
  });

  it('rolls the change back when its audit entry cannot be appended', async () => {
    const before = await evidence();
    // The trail's head is lost: the next entry collides with entry 1 and cannot be written.
    await knex('social_media_audit_head')
      .where({ id: 1 })
      .update({ seq: 0, hash: '' });
    const current = await socialMedia.catalogue.getService('brand-x');
    await expect(
      socialMedia.catalogue.updateService(
        'brand-x',
        editOf(current, { controls: { mfaEnabled: false } }),
        OWNER,
      ),
    ).rejects.toThrow();
    expect(await evidence()).toEqual(before);
    expect(await socialMedia.announcements()).toEqual([]);
  });

  it('announces a committed change with the service as it now is, and a failed one not at all', async () => {
    const current = await socialMedia.catalogue.getService('brand-x');
    const change = (version: number) =>
      socialMedia.catalogue.updateService(
        'brand-x',
        editOf(current, { controls: { mfaEnabled: false }, version }),
        OWNER,
      );
    await change(1);
    expect(await socialMedia.announcements()).toEqual([
      {
        action: 'update',
        serviceIds: ['brand-x'],
        services: [
          expect.objectContaining({
            id: 'brand-x',
            version: 2,
            riskRating: 'critical',
          }),
        ],
      },
    ]);
    await expect(change(1)).rejects.toThrow('changed since version 1');
    expect(await socialMedia.announcements()).toHaveLength(1);
  });

  it('reads the service record once for a change, however many steps the change has', async () => {
    const current = await socialMedia.catalogue.getService('brand-x');
    const reads: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (/^select \* from .social_services./i.test(query.sql)) {
        reads.push(query.sql);
      }
    };
    knex.on('query', onQuery);
    try {
      // Locks, writes, counts leavers, rates again, appends the audit entry, shows the page.
      const updated = await socialMedia.catalogue.updateService(
        'brand-x',
        editOf(current, { purpose: 'Brand stories and customer care' }),
        OWNER,
      );
      expect(updated).toMatchObject({
        purpose: 'Brand stories and customer care',
        version: 2,
      });
    } finally {
      knex.removeListener('query', onQuery);
    }
    expect(reads).toHaveLength(1);
  });
});
