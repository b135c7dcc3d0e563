/*
 * The portal's notifications end to end: the social media plugin's notices about a request go
 * through Backstage's notifications backend as this portal installs it, which expands the
 * approver group to its members and keeps each person's notifications. (The signals backend that
 * pushes them to the browser needs a real HTTP server for its WebSocket, which the test backend
 * does not have; the app's tests cover the live update.)
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { aNewServiceRequest } from '@internal/plugin-social-media-backend/testUtils';

jest.setTimeout(60_000);

const MARKETING_LEAD = 'user:default/marketing-lead';
const IT_SERVICE_MANAGER = 'user:default/it-service-manager';
const ITSM = 'group:default/it-service-management';
const MEMBERSHIP: Record<string, string[]> = {
  [MARKETING_LEAD]: ['group:default/marketing'],
  [IT_SERVICE_MANAGER]: [ITSM],
};

/** Users and Groups with the relations the catalog derives from `memberOf`. */
function organisation(): Entity[] {
  const user = (ref: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: {},
    relations: MEMBERSHIP[ref].map(targetRef => ({
      type: 'memberOf',
      targetRef,
    })),
  });
  const group = (ref: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: Object.entries(MEMBERSHIP)
      .filter(([, groups]) => groups.includes(ref))
      .map(([member]) => ({ type: 'hasMember', targetRef: member })),
  });
  return [
    ...Object.keys(MEMBERSHIP).map(user),
    ...[...new Set(Object.values(MEMBERSHIP).flat())].map(group),
  ];
}

const REQUEST = aNewServiceRequest({ submit: true });

describe('notifications in the portal', () => {
  it('delivers a waiting request to the approver group members and the decision to the requester', async () => {
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
        socialMediaPlugin,
        notificationsPlugin,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        userInfo.factory,
        catalogServiceMock.factory({ entities: organisation() }),
      ],
    });
    const as = (user: string, req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header(user));
    const notificationsOf = async (user: string) => {
      const res = await as(
        user,
        request(server).get('/api/notifications/notifications'),
      );
      expect(res.status).toBe(200);
      return res.body.notifications.map((n: any) => [
        n.payload.title,
        n.payload.link,
      ]);
    };

    const filed = await as(
      MARKETING_LEAD,
      request(server).post('/api/social-media/requests'),
    ).send(REQUEST);
    expect(filed.status).toBe(201);
    const { id } = filed.body;

    expect(await notificationsOf(IT_SERVICE_MANAGER)).toEqual([
      [
        `Service request ${id} waits for your approval: Spring campaign TikTok (TikTok)`,
        `/social-media/requests/${id}`,
      ],
    ]);
    expect(await notificationsOf(MARKETING_LEAD)).toEqual([]);

    const approved = await as(
      IT_SERVICE_MANAGER,
      request(server).post(`/api/social-media/requests/${id}/decisions`),
    ).send({ decision: 'approve', comment: 'Owner checked', version: 1 });
    expect(approved.body.status).toBe('provisioned');
    expect(await notificationsOf(MARKETING_LEAD)).toEqual([
      [
        `Service request ${id} approved: Spring campaign TikTok (TikTok) is catalogued as spring-campaign-tiktok`,
        `/social-media/requests/${id}`,
      ],
    ]);
  });
});
