import type { RiskSignOff } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aRisk,
  aServiceDetails,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const RISK_TAB = '/social-media/services/corporate-x?tab=risk';

/** The service owner's sign-off of the fixture's "high" rating. */
const signed: RiskSignOff = {
  signedBy: 'user:default/service-owner',
  signedAt: '2026-11-24T12:00:00.000Z',
  rating: 'high',
  note: 'Vault migration booked for December',
  stale: false,
};

async function signOffRegion() {
  return within(await screen.findByRole('region', { name: 'Sign-off' }));
}

describe('Sign-off of the risk rating', () => {
  it('names who signed which rating, when and why, with a link to the person', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails({ signOff: signed }),
    });
    renderPlugin(RISK_TAB, api);
    const block = await signOffRegion();
    expect(
      block.getByText(/^Signed off by/, { selector: 'span' }),
    ).toHaveTextContent(
      'Signed off by service-owner on Nov 24, 2026 for a high rating — Vault migration booked for December',
    );
    expect(block.getByRole('link', { name: 'service-owner' })).toHaveAttribute(
      'href',
      '/catalog/default/user/service-owner',
    );
    expect(block.queryByText(/^Stale/)).not.toBeInTheDocument();
  });

  it('warns that a sign-off is stale once the rating changed since', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          signOff: { ...signed, rating: 'medium', stale: true },
        }),
    });
    renderPlugin(RISK_TAB, api);
    const block = await signOffRegion();
    expect(block.getByText(/^Signed off by/)).toHaveTextContent(
      'for a medium rating',
    );
    expect(block.getByText(/^Stale/)).toHaveTextContent(
      'Stale: the rating changed since this sign-off (it is high now). It needs a new sign-off.',
    );
    // A stale sign-off can be renewed from here.
    expect(block.getByRole('button', { name: 'Sign off' })).toBeInTheDocument();
  });

  it('says when nobody signed the rating off', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin(RISK_TAB, api);
    const block = await signOffRegion();
    expect(block.getByText('Not signed off')).toBeInTheDocument();
    expect(block.queryByText(/Signed off by/)).not.toBeInTheDocument();
  });

  it('offers no sign-off to those the permission policy does not allow', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin(RISK_TAB, api, {
      denied: ['social-media.service.sign-off'],
    });
    const block = await signOffRegion();
    expect(block.getByText('Not signed off')).toBeInTheDocument();
    // The risk panel is there, the button is not.
    expect(
      screen.getByRole('table', { name: 'Risk factors' }),
    ).toBeInTheDocument();
    expect(
      block.queryByRole('button', { name: 'Sign off' }),
    ).not.toBeInTheDocument();
  });

  it('offers nothing to sign before the service is rated', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({ risk: undefined, riskRating: undefined }),
    });
    renderPlugin(RISK_TAB, api);
    const block = await signOffRegion();
    expect(block.getByText('Not signed off')).toBeInTheDocument();
    expect(
      block.queryByRole('button', { name: 'Sign off' }),
    ).not.toBeInTheDocument();
  });

  it('signs off the rating shown with a note, and shows the new sign-off', async () => {
    const user = userEvent.setup({ delay: null });
    const after = aServiceDetails({
      version: 5,
      signOff: {
        ...signed,
        signedAt: '2026-11-28T12:00:00.000Z',
        note: 'Checked the vault plan with the security office',
      },
    });
    const api = mockSocialMediaApi({
      getService: jest
        .fn()
        .mockResolvedValueOnce(aServiceDetails())
        .mockResolvedValue(after),
      signOff: async () => after,
    });
    renderPlugin(RISK_TAB, api);
    const block = await signOffRegion();
    await user.click(block.getByRole('button', { name: 'Sign off' }));

    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Sign off the risk rating of Corporate X account',
      }),
    );
    // The rating being signed, and how it was worked out.
    expect(dialog.getByLabelText('Rating to sign off')).toHaveTextContent(
      'High',
    );
    expect(dialog.getByLabelText('Likelihood × impact')).toHaveTextContent(
      `Likelihood level ${aRisk.likelihood.level} × impact level ${aRisk.impact.level} = ${aRisk.product}`,
    );
    // Nobody types the date of a sign-off.
    expect(dialog.queryByLabelText(/date/i)).toBeNull();
    expect(dialog.getAllByRole('textbox')).toHaveLength(1);

    // A note is required, at least three characters.
    await user.click(dialog.getByRole('button', { name: 'Sign off rating' }));
    expect(
      dialog.getByText(
        'Note must say why you accept this rating, in at least 3 characters',
      ),
    ).toBeInTheDocument();
    await user.type(dialog.getByRole('textbox', { name: 'Note' }), '  ok ');
    await user.click(dialog.getByRole('button', { name: 'Sign off rating' }));
    expect(
      dialog.getByText(
        'Note must say why you accept this rating, in at least 3 characters',
      ),
    ).toBeInTheDocument();
    expect(api.signOff).not.toHaveBeenCalled();

    await user.clear(dialog.getByRole('textbox', { name: 'Note' }));
    await user.type(
      dialog.getByRole('textbox', { name: 'Note' }),
      'Checked the vault plan with the security office',
    );
    await user.click(dialog.getByRole('button', { name: 'Sign off rating' }));
    await waitFor(() =>
      expect(api.signOff).toHaveBeenCalledWith('corporate-x', {
        rating: 'high',
        note: 'Checked the vault plan with the security office',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      (await signOffRegion()).getByText(/^Signed off by/),
    ).toHaveTextContent(
      'Signed off by service-owner on Nov 28, 2026 for a high rating — Checked the vault plan with the security office',
    );
    // The page reads the service and its history again.
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(api.getServiceHistory).toHaveBeenCalledTimes(2);
  });

  it('says why a sign-off was refused when the rating changed meanwhile, and reloads', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      signOff: async () => {
        throw await aResponseError(
          409,
          'ConflictError',
          'The rating of this service is now critical, not high. Reload it, read the assessment again and sign off the current rating.',
        );
      },
    });
    renderPlugin(RISK_TAB, api);
    await user.click(
      (await signOffRegion()).getByRole('button', { name: 'Sign off' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(
      dialog.getByRole('textbox', { name: 'Note' }),
      'Accepted until the vault migration',
    );
    await user.click(dialog.getByRole('button', { name: 'Sign off rating' }));
    expect(
      await dialog.findByText(
        'The rating of this service is now critical, not high. Reload it, read the assessment again and sign off the current rating.',
      ),
    ).toBeInTheDocument();
    // Only a reload helps now.
    expect(
      dialog.getByRole('button', { name: 'Sign off rating' }),
    ).toBeDisabled();
    await user.click(dialog.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it("shows the backend's words when the sign-off is not allowed", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      signOff: async () => {
        throw await aResponseError(
          403,
          'NotAllowedError',
          'Only the service owner or the security office may sign off this rating',
        );
      },
    });
    renderPlugin(RISK_TAB, api);
    await user.click(
      (await signOffRegion()).getByRole('button', { name: 'Sign off' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(
      dialog.getByRole('textbox', { name: 'Note' }),
      'Accepted for now',
    );
    await user.click(dialog.getByRole('button', { name: 'Sign off rating' }));
    expect(
      await dialog.findByText(
        'Only the service owner or the security office may sign off this rating',
      ),
    ).toBeInTheDocument();
    expect(dialog.queryByRole('button', { name: 'Reload' })).toBeNull();
  });
});
