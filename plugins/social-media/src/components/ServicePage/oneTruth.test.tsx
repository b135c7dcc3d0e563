import {
  assessRisk,
  type AccessReviewStatus,
  type RiskSignOff,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aService,
  aServiceDetails,
  anAccessReview,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

/*
 * The page shows some facts in two places: the overview and the tab that has
 * the detail. Each pair must say the same thing, from the same record.
 */

const PAGE = '/social-media/services/corporate-x';

/** A value typed into the controls before access reviews owned the date: never to be shown. */
const staleTypedDate = {
  controls: {
    ...aService().controls,
    lastAccessReviewAt: '2026-07-31T12:00:00.000Z',
  },
};

function glance() {
  return within(screen.getByRole('region', { name: 'At a glance' }));
}

async function openTab(name: string) {
  await userEvent.click(screen.getByRole('tab', { name }));
}

/** The sign-off sentence and its stale warning, as shown inside `container`. */
function signOffWords(container: ReturnType<typeof within>) {
  return {
    statement:
      container.queryByText(/^Signed off by/)?.textContent ??
      container.getByText('Not signed off').textContent,
    stale: container.queryByText(/^Stale/)?.textContent ?? null,
  };
}

describe('one truth per field', () => {
  const signOffs: Array<{
    name: string;
    signOff?: RiskSignOff;
    statement: string;
    stale: string | null;
  }> = [
    {
      name: 'signed off',
      signOff: {
        signedBy: 'user:default/security-officer',
        signedAt: '2026-11-24T12:00:00.000Z',
        rating: 'high',
        note: 'Vault migration booked for December',
        stale: false,
      },
      statement:
        'Signed off by security-officer on Nov 24, 2026 for a high rating — Vault migration booked for December',
      stale: null,
    },
    {
      name: 'stale',
      signOff: {
        signedBy: 'user:default/service-owner',
        signedAt: '2026-10-02T12:00:00.000Z',
        rating: 'medium',
        note: 'Accepted while the agency leaves',
        stale: true,
      },
      statement:
        'Signed off by service-owner on Oct 2, 2026 for a medium rating — Accepted while the agency leaves',
      stale:
        'Stale: the rating changed since this sign-off (it is high now). It needs a new sign-off.',
    },
    {
      name: 'not signed off',
      statement: 'Not signed off',
      stale: null,
    },
  ];

  it.each(signOffs)(
    'sign-off ($name): the overview and the risk panel say the same',
    async ({ signOff, statement, stale }) => {
      const api = mockSocialMediaApi({
        getService: async () => aServiceDetails({ signOff }),
      });
      renderPlugin(PAGE, api);
      await screen.findByRole('region', { name: 'At a glance' });
      const overview = signOffWords(
        within(glance().getByLabelText('Risk sign-off')),
      );

      await openTab('Risk');
      const panel = signOffWords(
        within(await screen.findByRole('region', { name: 'Sign-off' })),
      );
      expect(panel).toEqual(overview);
      expect(overview).toEqual({ statement, stale });
    },
  );

  it('last access review: the overview, the controls and the review history name the same date', async () => {
    const latest = { ...anAccessReview, at: '2026-09-01T12:00:00.000Z' };
    const older = { ...anAccessReview, id: 0, at: '2026-06-01T12:00:00.000Z' };
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          ...staleTypedDate,
          accessReview: {
            status: 'current',
            lastReviewedAt: latest.at,
            dueAt: '2026-11-30T12:00:00.000Z',
            overdueDays: 0,
            intervalDays: 90,
          },
        }),
      getAccessReviews: async () => ({ items: [latest, older] }),
    });
    renderPlugin(PAGE, api);
    await screen.findByRole('region', { name: 'At a glance' });
    const shown: string[] = [];
    shown.push(glance().getByLabelText('Last access review').textContent!);

    await openTab('Details');
    shown.push(
      within(
        screen.getByRole('region', { name: 'Guardianship controls' }),
      ).getByLabelText('Last access review').textContent!,
    );

    await openTab('Access');
    const section = within(
      screen.getByRole('region', { name: 'Access review' }),
    );
    shown.push(section.getByLabelText('Last reviewed').textContent!);
    const newest = (
      await section.findByRole('table', { name: 'Past access reviews' })
    ).querySelector('tbody tr time');
    expect(newest).toHaveAttribute('dateTime', latest.at);

    expect(shown).toEqual(['Sep 1, 2026', 'Sep 1, 2026', 'Sep 1, 2026']);
    expect(newest).toHaveTextContent('Sep 1, 2026');
    // The old typed-in date is nowhere.
    expect(screen.queryByText(/Jul 31/)).toBeNull();
  });

  it('last access review: a service never reviewed says so in every place, with the first due date', async () => {
    const never = 'Never reviewed — first review due Dec 1, 2026';
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          ...staleTypedDate,
          admins: [],
          leavers: [],
          leaverCount: 0,
          accessReview: {
            status: 'due',
            dueAt: '2026-12-01T12:00:00.000Z',
            overdueDays: 0,
            intervalDays: 90,
          },
        }),
      getAccessReviews: async () => ({ items: [] }),
    });
    renderPlugin(PAGE, api);
    await screen.findByRole('region', { name: 'At a glance' });
    expect(glance().getByLabelText('Access review')).toHaveTextContent(never);
    expect(screen.queryByText(/Jul 31/)).toBeNull();

    await openTab('Details');
    expect(
      within(
        screen.getByRole('region', { name: 'Guardianship controls' }),
      ).getByLabelText('Last access review'),
    ).toHaveTextContent(never);
    expect(screen.queryByText(/Jul 31/)).toBeNull();

    await openTab('Access');
    const section = within(
      screen.getByRole('region', { name: 'Access review' }),
    );
    expect(section.getByLabelText('Last reviewed')).toHaveTextContent(never);
    expect(
      await section.findByText('No access review recorded yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Jul 31/)).toBeNull();
  });

  const neverReviewed: Array<[string, AccessReviewStatus]> = [
    [
      'as the backend now says it',
      {
        status: 'due',
        dueAt: '2026-12-01T12:00:00.000Z',
        overdueDays: 0,
        intervalDays: 90,
      },
    ],
    [
      'from a record that called it current',
      {
        status: 'current',
        dueAt: '2026-12-01T12:00:00.000Z',
        overdueDays: 0,
        intervalDays: 90,
      },
    ],
  ];

  it.each(neverReviewed)(
    'access review status: a service never reviewed, with no admins, is never shown as current (%s)',
    async (_case, accessReview) => {
      const api = mockSocialMediaApi({
        getService: async () =>
          aServiceDetails({
            admins: [],
            leavers: [],
            leaverCount: 0,
            accessReview,
          }),
      });
      renderPlugin(PAGE, api);
      await screen.findByRole('region', { name: 'At a glance' });
      const overview = glance().getByLabelText('Access review');
      expect(overview).toHaveTextContent(
        'Never reviewed — first review due Dec 1, 2026',
      );
      expect(overview).not.toHaveTextContent(/current/i);

      await openTab('Access');
      const section = within(
        screen.getByRole('region', { name: 'Access review' }),
      );
      expect(section.getByLabelText('Status')).toHaveTextContent('Due');
      expect(section.getByLabelText('Status')).not.toHaveTextContent(
        /current/i,
      );
      expect(section.getByLabelText('Last reviewed')).toHaveTextContent(
        'Never reviewed — first review due Dec 1, 2026',
      );
      // Not reviewed is a call to review.
      expect(
        section.getByRole('button', { name: 'Review access' }),
      ).toBeInTheDocument();
    },
  );

  it('access review status: an overdue review is overdue by the same days in the overview and the access tab', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          accessReview: {
            status: 'overdue',
            lastReviewedAt: '2026-05-01T12:00:00.000Z',
            dueAt: '2026-08-01T12:00:00.000Z',
            overdueDays: 111,
            intervalDays: 90,
          },
        }),
    });
    renderPlugin(PAGE, api);
    await screen.findByRole('region', { name: 'At a glance' });
    expect(glance().getByLabelText('Access review')).toHaveTextContent(
      'Overdue by 111 days (was due Aug 1, 2026)',
    );
    expect(glance().getByLabelText('Last access review')).toHaveTextContent(
      'May 1, 2026',
    );
    await openTab('Access');
    const section = within(
      screen.getByRole('region', { name: 'Access review' }),
    );
    expect(section.getByLabelText('Status')).toHaveTextContent(
      'Overdue by 111 days',
    );
    expect(section.getByLabelText('Due')).toHaveTextContent('Aug 1, 2026');
    expect(section.getByLabelText('Last reviewed')).toHaveTextContent(
      'May 1, 2026',
    );
  });

  /** Every rating badge on the page, by its title ("Risk rating: High"). */
  function ratingsShown() {
    return screen.getAllByTitle(/^Risk rating:/).map(b => b.textContent);
  }

  /** A large X account without MFA, vault or company-owned recovery: critical. */
  const critical: SocialServiceDetails['risk'] = {
    ...assessRisk({
      platform: 'x',
      mfaEnabled: false,
      credentialsInVault: false,
      sharedLogin: true,
      adminCount: 2,
      leaversWithAccess: 0,
      unreviewedThirdPartyApps: 0,
      accessReviewOverdueDays: 0,
      recentSecurityIncidents: 0,
      verified: true,
      recoveryOwnedByCompany: false,
      audienceSize: 2_000_000,
      regulatedContent: true,
      brandLevel: true,
    }),
    assessedAt: '2026-11-21T12:00:00.000Z',
  };

  it('rating: the header, the overview and the risk panel show the same rating', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin(PAGE, api);
    await screen.findByRole('region', { name: 'At a glance' });
    // the header and the overview
    expect(ratingsShown()).toEqual(['High', 'High']);
    await openTab('Risk');
    const panel = within(screen.getByRole('region', { name: 'Risk' }));
    // the header and the risk panel
    expect(ratingsShown()).toEqual(['High', 'High']);
    expect(panel.getByLabelText('Rating')).toHaveTextContent('High');
  });

  it('rating: when the stored rating lags behind the assessment, every place shows the assessment', async () => {
    expect(critical!.rating).toBe('critical');
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({ risk: critical, riskRating: 'high' }),
    });
    renderPlugin(PAGE, api);
    await screen.findByRole('region', { name: 'At a glance' });
    expect(ratingsShown()).toEqual(['Critical', 'Critical']);
    await openTab('Risk');
    expect(ratingsShown()).toEqual(['Critical', 'Critical']);
    expect(
      within(screen.getByRole('region', { name: 'Risk' })).getByLabelText(
        'Rating',
      ),
    ).toHaveTextContent('Critical');
  });
});
