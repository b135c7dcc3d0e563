import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { SOCIAL_MEDIA_ANNOTATIONS } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import {
  aServiceDetails,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { mountedRoutes } from '../../__testUtils__/renderPlugin';
import { socialMediaApiRef } from '../../api';
import { EntitySocialMediaCard } from './EntitySocialMediaCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'corporate-x',
    annotations: { [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: 'corporate-x' },
  },
  spec: { type: 'social-media', lifecycle: 'transition', owner: 'comms' },
};

async function renderCard(api: ReturnType<typeof mockSocialMediaApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[socialMediaApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntitySocialMediaCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
}

describe('EntitySocialMediaCard', () => {
  it('shows the rating, its top three reasons and the access review', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          accessReview: {
            status: 'overdue',
            dueAt: '2026-11-10T00:00:00.000Z',
            overdueDays: 10,
            intervalDays: 90,
          },
        }),
    });
    await renderCard(api);

    expect(await screen.findByLabelText('Risk')).toHaveTextContent('High');
    const reasons = within(screen.getByLabelText('Top risk reasons'))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(reasons).toEqual([
      'People who left but still hold access: 1 person (+3)',
      'Credentials in a vault: no (+2)',
      'Audience size: 120,000 followers (+2)',
    ]);
    // Never reviewed: the card says so in the service page's words.
    expect(screen.getByLabelText('Access review')).toHaveTextContent(
      'Never reviewed — first review due Nov 10, 2026, overdue by 10 days',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'old-intern has left the organisation but still holds access.',
    );
  });

  it('names the newest open incidents with links to the ITSM, and how many more there are', async () => {
    const incident = (n: number) => ({
      connectorId: 'servicenow',
      externalId: `sys-${n}`,
      number: `INC001000${n}`,
      title: n === 1 ? 'Suspected account takeover' : `Post failed ${n}`,
      priority: n === 1 ? '1 - Critical' : '4 - Low',
      state: 'New',
      open: true,
      openedAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T09:00:00.000Z',
      url: `https://example.service-now.com/incident/sys-${n}`,
    });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails({ openIncidentCount: 4 }),
      listIncidents: async () => ({
        items: [1, 2, 3, 4].map(incident),
      }),
    });
    await renderCard(api);
    const list = await screen.findByRole('list', {
      name: 'Newest open incidents',
    });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'INC0010001 Suspected account takeover (1 - Critical)',
      'INC0010002 Post failed 2 (4 - Low)',
      'INC0010003 Post failed 3 (4 - Low)',
      'and 1 more',
    ]);
    expect(
      within(list).getByRole('link', { name: 'INC0010001' }),
    ).toHaveAttribute('href', 'https://example.service-now.com/incident/sys-1');
    expect(api.listIncidents).toHaveBeenCalledWith('corporate-x');
  });

  it('says when the service is not rated yet and the review is current', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          risk: undefined,
          riskRating: undefined,
          leavers: [],
        }),
    });
    await renderCard(api);
    expect(await screen.findByLabelText('Risk')).toHaveTextContent('Not rated');
    expect(screen.getByLabelText('Top risk reasons')).toHaveTextContent(
      'Not rated yet',
    );
    expect(screen.getByLabelText('Access review')).toHaveTextContent(
      'Current, next review due Dec 1, 2026',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
