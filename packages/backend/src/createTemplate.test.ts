/*
 * The Create page's "Request a social media service" as the portal runs it, without a browser:
 * Backstage's scaffolder backend runs the template from examples/templates with the values a
 * person entered, and its step (our social-media:request:create action) files the request in the
 * social media service catalogue as that person.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleSocialMedia from '@internal/plugin-scaffolder-backend-module-social-media';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(90_000);

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../examples/templates/request-social-media-service.yaml',
);

const MARKETING_LEAD = 'user:default/marketing-lead';

function readTemplate() {
  const [result] = [
    ...parseEntityYaml(fs.readFileSync(TEMPLATE_FILE), {
      type: 'file',
      target: TEMPLATE_FILE,
    }),
  ];
  if (result.type !== 'entity') throw new Error(`Unreadable template file`);
  return result.entity;
}

const person = (kind: 'Group' | 'User', name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: kind === 'User' ? { memberOf: ['marketing'] } : { type: 'team' },
});

/** What the marketing lead enters on the template's three pages. */
const VALUES = {
  platform: 'instagram',
  name: 'Kitchen ideas Instagram',
  handle: 'larkmoorkitchen',
  purpose: 'Recipes and product tips',
  audience: 'Home cooks in Europe',
  regions: ['EMEA'],
  businessUnit: 'Marketing',
  requestingTeam: 'group:default/marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: 'user:default/social-media-manager',
  targetDate: `${new Date().getFullYear() + 1}-04-01`,
  regulatedContent: false,
  brandLevel: false,
  expectedAudience: 40000,
  whoPosts: 'The social media team',
  thirdPartyTools: ['Canva'],
};

async function start() {
  const template = readTemplate();
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleSocialMedia,
      socialMediaPlugin,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({
        entities: [
          template,
          person('Group', 'marketing'),
          person('User', 'marketing-lead'),
          person('User', 'social-media-manager'),
        ],
      }),
    ],
  });
  const asMarketingLead = (req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(MARKETING_LEAD));

  /** Starts the template as the marketing lead and waits for the task to end. */
  async function runTemplate(values: object) {
    const created = await asMarketingLead(
      request(server).post('/api/scaffolder/v2/tasks'),
    ).send({ templateRef: stringifyEntityRef(template), values });
    expect(created.status).toBe(201);
    const taskUrl = `/api/scaffolder/v2/tasks/${created.body.id}`;
    for (let tries = 0; tries < 300; tries++) {
      const task = await asMarketingLead(request(server).get(taskUrl));
      if (task.body.status === 'completed' || task.body.status === 'failed') {
        const events = await asMarketingLead(
          request(server).get(`${taskUrl}/events`),
        );
        type Event = {
          type: string;
          body: { message?: string; output?: Record<string, any> };
        };
        const log = (events.body as Event[])
          .map(e => e.body.message ?? '')
          .join('\n');
        // The template's output (its links and text) comes with the completion event.
        const completion = (events.body as Event[]).find(
          e => e.type === 'completion',
        );
        return {
          status: task.body.status as string,
          output: completion?.body.output,
          log,
        };
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error('The task did not end within a minute');
  }

  const requests = async () =>
    (
      await asMarketingLead(
        request(server).get('/api/social-media/requests?scope=mine'),
      )
    ).body.items;

  return { runTemplate, requests };
}

describe('the "Request a social media service" template', () => {
  it('files the request as the person who ran it and links to it', async () => {
    const { runTemplate, requests } = await start();

    const { status, output, log } = await runTemplate(VALUES);

    // With the log beside it, a failure says why the task failed.
    expect({ status, log }).toMatchObject({ status: 'completed' });
    const [filed, ...others] = await requests();
    expect(others).toEqual([]);
    expect(filed).toMatchObject({
      status: 'submitted',
      requester: MARKETING_LEAD,
      platform: 'instagram',
      handle: '@larkmoorkitchen',
      regions: ['EMEA'],
      serviceOwner: 'user:default/social-media-manager',
      questionnaire: {
        regulatedContent: false,
        brandLevel: false,
        expectedAudience: 40000,
        thirdPartyTools: ['Canva'],
      },
    });
    expect(filed).not.toHaveProperty('profileUrl');
    expect(output?.links).toEqual([
      {
        title: 'Open the request',
        url: `/social-media/requests/${filed.id}`,
      },
    ]);
    expect(log).toContain(
      `Filed social media service request ${filed.id} (submitted)`,
    );
  });

  it('fails the task field by field on answers the catalogue would refuse, filing nothing', async () => {
    const { runTemplate, requests } = await start();

    const { status, log } = await runTemplate({
      ...VALUES,
      handle: 'kitchen ideas',
      profileUrl: 'https://www.example.com/kitchen',
    });

    expect(status).toBe('failed');
    expect(log).toContain(
      'InputError: Invalid request: handle: An Instagram handle is 1 to 30 letters, digits, dots or underscores, optionally starting with @; profileUrl: Profile URL for instagram must be on instagram.com',
    );
    expect(await requests()).toEqual([]);
  });

  it('fails the task with the catalogue’s message when the account is already requested', async () => {
    const { runTemplate, requests } = await start();
    await runTemplate(VALUES);
    const [first] = await requests();

    const { status, log } = await runTemplate({
      ...VALUES,
      name: 'Another kitchen Instagram',
    });

    expect(status).toBe('failed');
    expect(log).toContain(
      `ConflictError: The social media service catalogue refused the request (409): The instagram account @larkmoorkitchen is already requested in request ${first.id}`,
    );
    expect(log).not.toMatch(/mock-(user|service)-token|Bearer /);
    // The person reads the message, not stack frames.
    expect(log).not.toMatch(/^\s+at /m);
    expect(await requests()).toHaveLength(1);
  });
});
