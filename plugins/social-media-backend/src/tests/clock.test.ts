import { socialServiceInputSchema } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmIncident,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import { TABLES } from '../stores/database';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  editOf,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { placeholderDescription } from '../__testUtils__/connectorDescription';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const OWNER = 'user:default/marketing-lead';
/** Far from any real time this test could run at. */
const FIXED = new Date('2031-03-04T05:06:07.000Z');
/** Times an ITSM tool gives its incidents: the vendor's, not ours. */
const VENDOR_TIMES = ['2031-02-01T10:00:00.000Z', '2031-02-02T11:00:00.000Z'];

/** An ITSM with one incident to sync and one to raise. */
const connector: ItsmConnector = {
  id: 'servicenow',
  description: placeholderDescription('servicenow'),
  async listIncidentsChangedSince({ mappings }) {
    const incident: ItsmIncident = {
      serviceId: mappings[0].serviceId,
      externalId: 'a1',
      number: 'INC0000001',
      title: 'Suspected account takeover',
      priority: '1 - Critical',
      state: 'New',
      category: 'Security',
      openedAt: VENDOR_TIMES[0],
      updatedAt: VENDOR_TIMES[0],
      url: 'https://itsm.example.com/incident/a1',
    };
    return { incidents: [incident], nextCursor: 'after-a1', done: true };
  },
  async getIncident() {
    return undefined;
  },
  async createIncident(request) {
    return {
      serviceId: request.mapping.serviceId,
      externalId: 'b2',
      number: 'INC0000002',
      title: request.title,
      priority: '2 - High',
      state: 'New',
      openedAt: VENDOR_TIMES[1],
      updatedAt: VENDOR_TIMES[1],
      url: 'https://itsm.example.com/incident/b2',
    };
  },
};

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/** Every point in time written anywhere in the plugin's tables, with where it was found. */
async function timesInDatabase(knex: Knex) {
  // Every table of the plugin, so that a new one is scanned too.
  const tables = Object.values(TABLES).filter(t => t !== TABLES.migrations);
  const found: Array<{ where: string; at: string }> = [];
  for (const table of tables) {
    for (const row of await knex(table)) {
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}.${column}`;
        if (value instanceof Date) {
          found.push({ where, at: value.toISOString() });
        } else if (typeof value === 'number' && /_at$/.test(column)) {
          // SQLite keeps timestamps as milliseconds since the epoch.
          found.push({ where, at: new Date(value).toISOString() });
        } else if (typeof value === 'string') {
          for (const match of value.match(ISO) ?? []) {
            found.push({ where, at: new Date(match).toISOString() });
          }
        }
      }
    }
  }
  return found;
}

describe.each(ids)('one injected clock on %s', databaseId => {
  it('writes no real time anywhere when the clock is fixed', async () => {
    const knex = await databases.init(databaseId);
    const clock = new TestClock(FIXED);
    const socialMedia = await createTestSocialMedia(knex, {
      clock,
      connectors: [connector],
    });
    const { catalogue, guardianship, itsmSync, incidentReporter } = socialMedia;
    const realStart = Date.now();

    // Every kind of change the plugin makes.
    const service = (id: string, handle: string) => ({
      ...socialServiceInputSchema.parse({
        name: id,
        platform: 'x',
        handle,
        purpose: 'Brand stories',
        businessUnit: 'Marketing',
        ownerGroup: 'group:default/marketing',
        serviceOwner: OWNER,
        profileUrl: `https://x.com/${handle.slice(1)}`,
        audienceSize: 120_000,
        lifecycleStage: 'transition',
        controls: {
          mfaEnabled: true,
          credentialVaultRef: 'vault://social/x',
          recoveryOwnedByCompany: true,
        },
        itsm: { system: 'servicenow', reference: 'Brand X account' },
      }),
      id,
    });
    const created = await catalogue.createService(
      service('brand-x', '@brandx'),
      OWNER,
    );
    await catalogue.importServices(
      [{ row: 2, input: service('brand-y', '@brandy') }],
      OWNER,
      { dryRun: false },
    );
    const edited = await catalogue.updateService(
      'brand-x',
      editOf(created, { purpose: 'Brand stories and care' }),
      OWNER,
    );
    const staffed = await catalogue.replaceAdmins(
      'brand-x',
      [
        {
          account: 'campaign-manager',
          userRef: 'user:default/campaign-manager',
          role: 'admin',
          inOrganisation: true,
        },
        { account: 'agency', role: 'editor', inOrganisation: true },
      ],
      edited.version,
      OWNER,
    );
    const moved = await catalogue.transitionService(
      'brand-x',
      { to: 'operation', reason: 'Launch approved', version: staffed.version },
      OWNER,
    );
    await guardianship.review(
      'brand-x',
      {
        version: moved.version,
        decisions: [
          { account: 'campaign-manager', decision: 'keep' },
          { account: 'agency', decision: 'remove' },
        ],
        note: undefined,
      },
      OWNER,
    );
    const reviewed = await catalogue.getService('brand-x');
    await socialMedia.signOffs.signOff(
      'brand-x',
      { rating: reviewed.riskRating, note: 'Accepted after the review' },
      OWNER,
    );
    await guardianship.sweepWith({
      actor: 'plugin:social-media/guardianship-sweep',
      missingUsers: new Set(['user:default/campaign-manager']),
    });
    await itsmSync.run(connector);
    await incidentReporter.report(
      'brand-x',
      {
        title: 'Password reset e-mails we did not ask for',
        description: 'Seen by the social team this morning',
        category: 'account-takeover',
      },
      OWNER,
    );
    await catalogue.delete('brand-y', 1, OWNER);
    const realEnd = Date.now();

    const found = await timesInDatabase(knex);
    // Real time would fall between the start and the end of this test.
    const real = found.filter(
      t =>
        Date.parse(t.at) >= realStart - 60_000 &&
        Date.parse(t.at) <= realEnd + 60_000,
    );
    expect(real).toEqual([]);
    // What the plugin wrote itself is at the fixed time (or a due date counted from it).
    const ours = found.filter(t => !VENDOR_TIMES.includes(t.at));
    const dueDate = new Date(
      FIXED.getTime() + 90 * 24 * 60 * 60 * 1000,
    ).toISOString();
    expect(
      ours.filter(t => t.at !== FIXED.toISOString() && t.at !== dueDate),
    ).toEqual([]);
    // And it wrote it in every place a person reads a time from.
    const places = new Set(
      ours.filter(t => t.at === FIXED.toISOString()).map(t => t.where),
    );
    for (const where of [
      'social_services.created_at',
      'social_services.updated_at',
      'social_services.risk_assessed_at',
      'social_services.access_reviewed_at',
      'social_service_sign_offs.signed_at',
      'social_service_admins.added_at',
      'social_service_transitions.at',
      'social_media_audit_log.at',
      'social_service_risk_history.at',
      'social_service_access_reviews.at',
      'social_service_incidents.seen_at',
      'social_media_itsm_sync.last_success_at',
      'social_media_itsm_sync.last_full_sync_at',
    ]) {
      expect([where, places.has(where)]).toEqual([where, true]);
    }
  });
});
