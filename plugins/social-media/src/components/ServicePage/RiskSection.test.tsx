import { assessRisk } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import {
  aRisk,
  aRiskHistory,
  aServiceDetails,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

/** A large X account without MFA, vault or company-owned recovery: critical. */
const critical = {
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
  assessedAt: '2026-11-21T08:00:00.000Z',
};

describe('RiskSection', () => {
  it('explains the rating factor by factor, likelihood then impact', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({ risk: critical, riskRating: 'critical' }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=risk', api);

    const risk = within(await screen.findByRole('region', { name: 'Risk' }));
    expect(
      risk.getByRole('heading', { name: 'Risk', level: 3 }),
    ).toBeInTheDocument();
    expect(risk.getByLabelText('Rating')).toHaveTextContent('Critical');
    expect(risk.getByLabelText('Likelihood × impact')).toHaveTextContent(
      'Likelihood level 4 × impact level 4 = 16',
    );
    // When the engine worked the rating out, by name: not a sign-off date.
    expect(risk.getByLabelText('Rating worked out')).toHaveTextContent(
      'Nov 21, 2026',
    );
    expect(risk.queryByLabelText('Assessed')).toBeNull();

    const table = within(risk.getByRole('table', { name: 'Risk factors' }));
    const row = (name: string) =>
      table.getByRole('row', { name: new RegExp(`^${name}`) });
    expect(row('Multi-factor authentication')).toHaveTextContent(
      'Multi-factor authentication' + 'off' + '+4',
    );
    expect(row('Multi-factor authentication')).toHaveAttribute(
      'data-adds-points',
      'true',
    );
    expect(row('Shared login')).toHaveTextContent(
      'Shared login' + 'yes' + '+3',
    );
    expect(row('Verified by the platform')).toHaveTextContent(
      'Verified by the platform' + 'yes' + '0',
    );
    expect(row('Verified by the platform')).not.toHaveAttribute(
      'data-adds-points',
    );
    expect(row('Audience size')).toHaveTextContent(
      'Audience size' + '2,000,000 followers' + '+3',
    );

    // the factors come in two groups, likelihood first
    const rows = table.getAllByRole('row').map(r => r.textContent);
    const likelihood = rows.findIndex(t => t?.startsWith('Likelihood:'));
    const impact = rows.findIndex(t => t?.startsWith('Impact:'));
    expect(rows[likelihood]).toBe(
      `Likelihood: ${critical.likelihood.score} points, level 4 of 4`,
    );
    expect(likelihood).toBeLessThan(
      rows.findIndex(t => t?.startsWith('Multi-factor authentication')),
    );
    expect(impact).toBeLessThan(
      rows.findIndex(t => t?.startsWith('Audience size')),
    );
    expect(impact).toBeGreaterThan(
      rows.findIndex(t => t?.startsWith('Multi-factor authentication')),
    );

    // "Points" and the points never break over two lines, whatever the width.
    expect(table.getByRole('columnheader', { name: 'Points' })).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    expect(
      within(row('Multi-factor authentication')).getByText('+4'),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
  });

  it('lists how the rating changed, with the trigger and the top reasons', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      getRiskHistory: async () => ({ items: aRiskHistory }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=risk', api);

    const table = within(
      await screen.findByRole('table', { name: 'Rating history' }),
    );
    expect(api.getRiskHistory).toHaveBeenCalledWith('corporate-x');
    const rows = table.getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Medium → High');
    expect(rows[1]).toHaveTextContent('3 × 3 = 9');
    expect(rows[1]).toHaveTextContent('Leaver detection');
    expect(rows[1]).toHaveTextContent(
      'People who left but still hold access: 1 person (+3)',
    );
    expect(rows[1]).toHaveTextContent('Credentials in a vault: no (+2)');
    expect(rows[2]).toHaveTextContent('First rating: Medium');
    expect(rows[2]).toHaveTextContent('Service changed');
    // the fixture's current rating shows the same reasons in the table
    expect(aRisk.rating).toBe('high');
  });

  it("says the factors may show the audit trail's values when the record was changed outside the catalogue, and says nothing of it otherwise", async () => {
    const problem = {
      field: 'controls.mfaEnabled',
      stored: 'true',
      shownAs: "stored (the audit trail's last change set false)",
    };
    const { unmount } = renderPlugin(
      '/social-media/services/corporate-x?tab=risk',
      mockSocialMediaApi({
        getService: async () =>
          aServiceDetails({
            risk: critical,
            riskRating: 'critical',
            recordProblems: [problem],
          }),
      }),
    );
    const risk = within(await screen.findByRole('region', { name: 'Risk' }));
    expect(risk.getByRole('note')).toHaveTextContent(
      "the factors show the trail's values",
    );
    unmount();

    renderPlugin(
      '/social-media/services/corporate-x?tab=risk',
      mockSocialMediaApi({
        getService: async () =>
          aServiceDetails({ risk: critical, riskRating: 'critical' }),
      }),
    );
    const sound = within(await screen.findByRole('region', { name: 'Risk' }));
    await sound.findByText(/Each factor adds points/);
    expect(
      sound.queryByText(/the factors show the trail's values/),
    ).not.toBeInTheDocument();
  });

  it('marks a change of rating whose stored row was changed outside the catalogue', async () => {
    const [changed, first] = aRiskHistory;
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      getRiskHistory: async () => ({
        items: [
          {
            ...changed,
            rating: 'critical' as const,
            recordProblems: [
              { field: 'rating', stored: 'catastrophic', shownAs: 'critical' },
            ],
          },
          first,
        ],
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=risk', api);

    const table = within(
      await screen.findByRole('table', { name: 'Rating history' }),
    );
    const [, damaged, sound] = table.getAllByRole('row');
    expect(
      within(damaged).getByRole('note', {
        name: 'Changed outside the catalogue',
      }),
    ).toHaveTextContent(
      'Changed outside the catalogue: Rating stored “catastrophic”, shown as critical',
    );
    expect(within(sound).queryByRole('note')).toBeNull();
  });

  it('says when the service is not rated yet', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({ risk: undefined, riskRating: undefined }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=risk', api);
    const risk = within(await screen.findByRole('region', { name: 'Risk' }));
    expect(risk.getByText('Not rated')).toBeInTheDocument();
    expect(
      risk.queryByRole('table', { name: 'Risk factors' }),
    ).not.toBeInTheDocument();
    expect(
      await risk.findByText('The rating has not changed yet.'),
    ).toBeInTheDocument();
  });
});
