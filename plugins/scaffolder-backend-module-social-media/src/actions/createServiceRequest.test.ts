/*
 * The action against the real social media service catalogue: the scaffolder module and the
 * social-media backend plugin run in one test backend, the action is taken from the scaffolder's
 * extension point as the scaffolder would, and it files requests over HTTP as the person who
 * started the task.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
// The action is tested against the real social-media backend plugin it calls.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import { ServiceRequest } from '@internal/plugin-social-media-common';
import { scaffolderModuleSocialMedia } from '../module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const MARKETING_LEAD = 'user:default/marketing-lead';

/** Who exists in the organisation's catalog: the catalogue checks the refs of a request. */
const ORGANISATION = new Set([
  'group:default/marketing',
  'group:default/hr',
  'user:default/marketing-lead',
  'user:default/social-media-manager',
]);

/**
 * The catalog backend as the social-media plugin calls it (`POST /entities/by-refs`), holding
 * the organisation above.
 */
const catalogOfOrganisation = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(async (req, res, next) => {
          if (req.method !== 'POST' || req.path !== '/entities/by-refs') {
            next();
            return;
          }
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const { entityRefs } = JSON.parse(Buffer.concat(chunks).toString());
          res.json({
            items: (entityRefs as string[]).map(ref => {
              if (!ORGANISATION.has(ref)) return null;
              const [kind, name] = ref.split(/[:/]/).filter((_, i) => i !== 1);
              return { kind, metadata: { name } };
            }),
          });
        });
      },
    });
  },
});

const nextYear = new Date().getFullYear() + 1;

/** What a template passes from the marketing lead's answers. */
const INPUT = {
  platform: 'tiktok' as const,
  name: 'Spring campaign TikTok',
  handle: 'springcampaign',
  purpose: 'Short videos for the spring campaign',
  audience: 'Young adults in the EMEA region',
  regions: ['EMEA'],
  businessUnit: 'Marketing',
  requestingTeam: 'group:default/marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: 'user:default/social-media-manager',
  targetDate: `${nextYear}-03-01`,
  questionnaire: {
    regulatedContent: false,
    brandLevel: false,
    expectedAudience: 5000,
    whoPosts: 'The social media team',
    thirdPartyTools: ['Hootsuite'],
  },
};

type Input = Omit<typeof INPUT, 'platform'> & {
  platform: (typeof INPUT)['platform'] | 'facebook' | 'x';
  profileUrl?: string;
  submit?: boolean;
};

async function start() {
  const actions: TemplateAction<any, any, any>[] = [];
  const { server } = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        { addActions: (...added) => actions.push(...added) },
      ],
    ],
    features: [
      scaffolderModuleSocialMedia,
      socialMediaPlugin,
      catalogOfOrganisation,
      mockServices.database.factory({
        knex: await databases.init('SQLITE_3'),
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  const action = actions.find(a => a.id === 'social-media:request:create');
  if (!action) throw new Error('The module did not add its action');
  const api = `http://localhost:${server.port()}/api/social-media`;

  /** Runs the action as the scaffolder would for a task started by `initiator`. */
  async function run(input: Input, initiator = MARKETING_LEAD) {
    const outputs: Record<string, unknown> = {};
    const logger = mockServices.logger.mock();
    await action!.handler({
      input,
      logger,
      workspacePath: '/nonexistent',
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
      createTemporaryDirectory: async () => {
        throw new Error('not used by this action');
      },
      getInitiatorCredentials: async () => mockCredentials.user(initiator),
      task: { id: 'task-1' },
      step: { id: 'request', name: 'Request the service' },
    } as any);
    return { outputs, logger };
  }

  /** Every request in the catalogue, read as someone who reads them all. */
  async function allRequests(): Promise<ServiceRequest[]> {
    const res = await fetch(`${api}/requests?scope=all`, {
      headers: { Authorization: mockCredentials.user.header(MARKETING_LEAD) },
    });
    expect(res.status).toBe(200);
    return (await res.json()).items;
  }

  return { action, run, allRequests };
}

describe('social-media:request:create', () => {
  it('files the request as the person who started the task and links to it', async () => {
    const { run, allRequests } = await start();

    const { outputs, logger } = await run(INPUT);

    const [filed, ...others] = await allRequests();
    expect(others).toEqual([]);
    expect(filed).toMatchObject({
      status: 'submitted',
      requester: MARKETING_LEAD,
      platform: 'tiktok',
      handle: '@springcampaign',
      serviceOwner: 'user:default/social-media-manager',
      questionnaire: { thirdPartyTools: ['Hootsuite'] },
    });
    expect(filed.steps.map(s => [s.action, s.actor])).toEqual([
      ['create', MARKETING_LEAD],
      ['submit', MARKETING_LEAD],
    ]);
    expect(outputs).toEqual({
      requestId: filed.id,
      status: 'submitted',
      predictedRating: filed.prediction.rating,
      requestUrl: `/social-media/requests/${filed.id}`,
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Filed social media service request ${filed.id} (submitted); predicted risk rating ${filed.prediction.rating}`,
    );
  });

  it('keeps the request as a draft when asked not to submit it', async () => {
    const { run, allRequests } = await start();

    const { outputs } = await run({ ...INPUT, submit: false });

    const [filed] = await allRequests();
    expect(filed.status).toBe('draft');
    expect(outputs.status).toBe('draft');
  });

  it('reports invalid answers field by field and files nothing', async () => {
    const { run, allRequests } = await start();

    const error = await run({
      ...INPUT,
      purpose: '  ',
      regions: [],
      questionnaire: { ...INPUT.questionnaire, expectedAudience: -1 },
    }).catch(e => e);

    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'Invalid request: purpose: Purpose is required; regions: Name at least one region; questionnaire.expectedAudience: Expected audience cannot be negative',
    );
    expect(await allRequests()).toEqual([]);
  });

  it('applies the platform’s rules for handles and profile addresses', async () => {
    const { run, allRequests } = await start();

    const error = await run({
      ...INPUT,
      platform: 'x',
      handle: 'has spaces',
      profileUrl: 'http://x.com/larkmoor',
    }).catch(e => e);

    expect(error.message).toBe(
      'Invalid request: handle: An X handle is 1 to 15 letters, digits or underscores, optionally starting with @ (e.g. @acme); profileUrl: Profile URL must use https',
    );
    expect(await allRequests()).toEqual([]);
  });

  it('passes on the catalogue’s own refusal: a group that is not in the catalog', async () => {
    const { run, allRequests } = await start();

    const error = await run({
      ...INPUT,
      ownerGroup: 'group:default/no-such-team',
    }).catch(e => e);

    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'The social media service catalogue refused the request (400): Invalid request: ownerGroup: Owner group group:default/no-such-team is not in the Backstage catalog',
    );
    // The task log shows the message, not this module's frames or a token.
    expect(error.stack).toBe(`InputError: ${error.message}`);
    expect(error.message).not.toMatch(/mock-|Bearer/);
    expect(await allRequests()).toEqual([]);
  });

  it('refuses a handle already requested, naming the other request', async () => {
    const { run, allRequests } = await start();
    const { outputs } = await run(INPUT);

    const error = await run(
      { ...INPUT, name: 'Another spring TikTok', handle: '@springcampaign' },
      'user:default/social-media-manager',
    ).catch(e => e);

    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      `The social media service catalogue refused the request (409): The tiktok account @springcampaign is already requested in request ${outputs.requestId}`,
    );
    expect(await allRequests()).toHaveLength(1);
  });
});
