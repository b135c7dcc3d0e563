import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { SOCIAL_MEDIA_ANNOTATIONS } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import { mountedRoutes } from '../../__testUtils__/renderPlugin';
import { EntityScorecardCard } from './EntityScorecardCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'corporate-x',
    namespace: 'default',
    annotations: { [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: 'corporate-x' },
  },
  spec: { type: 'social-media', lifecycle: 'production', owner: 'comms' },
};

const check = (id: string, name: string, result: boolean) => ({
  facts: {},
  result,
  check: {
    id,
    name,
    description: `${name}, explained.`,
    type: 'json-rules-engine',
    factIds: ['socialMediaGuardianshipFactRetriever'],
  },
});

/** The card, with a Tech Insights backend that answers `status` and `body` to every call. */
async function renderCard(status: number, body: unknown) {
  const fetch = jest.fn(
    async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, { fetch }],
        [
          discoveryApiRef,
          { getBaseUrl: async (id: string) => `http://portal/api/${id}` },
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return fetch;
}

describe('EntityScorecardCard', () => {
  it("runs the entity's checks and lists the ones not passed first", async () => {
    const fetch = await renderCard(200, [
      check('socialMediaMfaEnabled', 'MFA on', true),
      check('groupOwnerCheck', 'Owned by a group', true),
      check(
        'socialMediaAccessReviewed',
        'Access reviewed within 90 days',
        false,
      ),
    ]);

    const card = screen.getByRole('region', { name: 'Scorecard' });
    expect(await within(card).findByText('2 of 3 checks passed')).toBeVisible();
    expect(
      within(within(card).getByRole('list', { name: 'Checks' }))
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual([
      'Access reviewed within 90 days: not passed',
      'MFA on: passed',
      'Owned by a group: passed',
    ]);
    expect(within(card).getByText('MFA on, explained.')).toBeVisible();
    expect(
      within(card).getByRole('link', {
        name: 'Open in the social media catalogue',
      }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/tech-insights/checks/run/default/Component/corporate-x',
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('says when no check has results yet', async () => {
    await renderCard(200, []);
    expect(
      await screen.findByText(/No check has results for this entity yet/),
    ).toBeVisible();
  });

  it('says so when the portal does not run Tech Insights', async () => {
    await renderCard(404, { error: { name: 'NotFoundError', message: '' } });
    expect(
      await screen.findByText(/This portal does not run Tech Insights/),
    ).toBeVisible();
  });

  it('names the permission when the person may not run the checks', async () => {
    await renderCard(403, {
      error: { name: 'NotAllowedError', message: 'Unauthorized' },
    });
    expect(
      await screen.findByText(/grant you tech-insights\.check\.run/),
    ).toBeVisible();
  });
});
