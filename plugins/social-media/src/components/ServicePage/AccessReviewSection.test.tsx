import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aServiceDetails,
  anAccessReview,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const overdue = {
  status: 'overdue' as const,
  lastReviewedAt: '2026-05-01T00:00:00.000Z',
  dueAt: '2026-08-01T00:00:00.000Z',
  overdueDays: 111,
  intervalDays: 90,
};

describe('AccessReviewSection', () => {
  it('shows the status, the due date, the last review and past reviews', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails({ accessReview: overdue }),
      getAccessReviews: async () => ({ items: [anAccessReview] }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);

    const section = within(
      await screen.findByRole('region', { name: 'Access review' }),
    );
    expect(section.getByLabelText('Status')).toHaveTextContent(
      'Overdue by 111 days',
    );
    expect(section.getByLabelText('Due')).toHaveTextContent('Aug 1, 2026');
    expect(section.getByLabelText('Last reviewed')).toHaveTextContent(
      'May 1, 2026',
    );
    expect(section.getByLabelText('Interval')).toHaveTextContent(
      'Every 90 days',
    );
    const past = within(
      await section.findByRole('table', { name: 'Past access reviews' }),
    );
    expect(api.getAccessReviews).toHaveBeenCalledWith('corporate-x');
    const row = past.getAllByRole('row')[1];
    expect(row).toHaveTextContent('service-owner');
    expect(row).toHaveTextContent('Kept 1, removed 1: former-agency');
    expect(row).toHaveTextContent('Agency contract ended');
  });

  it('records a keep or remove decision for every admin with the version seen', async () => {
    const user = userEvent.setup({ delay: null });
    const reviewed = aServiceDetails({
      version: 5,
      admins: aServiceDetails().admins.slice(0, 1),
      leavers: [],
      leaverCount: 0,
    });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      submitAccessReview: async () => ({
        review: anAccessReview,
        service: reviewed,
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);

    await user.click(
      await screen.findByRole('button', { name: 'Review access' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByRole('heading', {
        name: 'Review access to Corporate X account',
      }),
    ).toBeInTheDocument();

    // every admin needs a decision; the hints go as the decisions are made
    expect(dialog.getByRole('status')).toHaveTextContent(
      '2 of 2 admins still need a decision.',
    );
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    expect(
      dialog.getByText(
        'Choose Keep or Remove for every admin: 2 left (acme-social, old-intern).',
      ),
    ).toBeInTheDocument();
    expect(dialog.getAllByText('Choose Keep or Remove.')).toHaveLength(2);
    expect(api.submitAccessReview).not.toHaveBeenCalled();

    const owner = within(
      dialog.getByRole('radiogroup', { name: 'acme-social' }),
    );
    const leaver = within(
      dialog.getByRole('radiogroup', { name: 'old-intern' }),
    );
    await user.click(owner.getByRole('radio', { name: 'Keep' }));
    expect(
      dialog.getByText(
        'Choose Keep or Remove for every admin: 1 left (old-intern).',
      ),
    ).toBeInTheDocument();
    expect(dialog.getAllByText('Choose Keep or Remove.')).toHaveLength(1);
    await user.click(leaver.getByRole('radio', { name: 'Remove' }));
    expect(dialog.queryByText(/Choose Keep or Remove/)).not.toBeInTheDocument();
    expect(dialog.queryByRole('status')).not.toBeInTheDocument();
    expect(dialog.getByText(/left the organisation/)).toBeInTheDocument();
    // removing a leaver needs no reason
    expect(
      dialog.queryByRole('textbox', {
        name: /Why does old-intern keep access/,
      }),
    ).not.toBeInTheDocument();
    await user.type(
      dialog.getByRole('textbox', { name: 'Note' }),
      'Intern left in March',
    );
    api.getService.mockResolvedValue(reviewed);
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));

    await waitFor(() =>
      expect(api.submitAccessReview).toHaveBeenCalledWith('corporate-x', {
        version: 4,
        decisions: [
          { account: 'acme-social', decision: 'keep' },
          { account: 'old-intern', decision: 'remove' },
        ],
        note: 'Intern left in March',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // the page shows the service as the review left it, and reads it again
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(api.getAccessReviews).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Admins' })).queryByRole(
          'row',
          { name: /old-intern/ },
        ),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks why a person who left keeps access, and sends the reason', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      submitAccessReview: async () => ({
        review: anAccessReview,
        service: aServiceDetails({ version: 5 }),
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    await user.click(
      await screen.findByRole('button', { name: 'Review access' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(
      within(dialog.getByRole('radiogroup', { name: 'acme-social' })).getByRole(
        'radio',
        { name: 'Keep' },
      ),
    );
    // Only keeping the leaver asks for a reason.
    expect(
      dialog.queryByRole('textbox', { name: /Why does acme-social/ }),
    ).not.toBeInTheDocument();
    await user.click(
      within(dialog.getByRole('radiogroup', { name: 'old-intern' })).getByRole(
        'radio',
        { name: 'Keep' },
      ),
    );
    const reason = dialog.getByRole('textbox', {
      name: 'Why does old-intern keep access?',
    });
    expect(reason).toBeRequired();

    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    expect(
      dialog.getByText(
        'Give a reason to keep old-intern: they have left the organisation',
      ),
    ).toBeInTheDocument();
    expect(api.submitAccessReview).not.toHaveBeenCalled();

    await user.type(reason, 'Hands the account over until 15 December');
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    await waitFor(() =>
      expect(api.submitAccessReview).toHaveBeenCalledWith('corporate-x', {
        version: 4,
        decisions: [
          { account: 'acme-social', decision: 'keep' },
          {
            account: 'old-intern',
            decision: 'keep',
            reason: 'Hands the account over until 15 December',
          },
        ],
      }),
    );
  });

  it('shows the reason a person who left was kept in the review history', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      getAccessReviews: async () => ({
        items: [
          {
            ...anAccessReview,
            decisions: [
              ...anAccessReview.decisions,
              {
                account: 'old-intern',
                userRef: 'user:default/old-intern',
                decision: 'keep',
                reason: 'Hands the account over until 15 December',
                leftOrganisation: true,
              },
            ],
          },
        ],
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    const past = within(
      await screen.findByRole('table', { name: 'Past access reviews' }),
    );
    const row = past.getAllByRole('row')[1];
    expect(row).toHaveTextContent('Kept 2, removed 1: former-agency');
    expect(
      within(within(row).getByRole('list', { name: 'Reasons' })).getAllByRole(
        'listitem',
      )[0],
    ).toHaveTextContent(
      'Kept old-intern, who had left the organisation: Hands the account over until 15 December',
    );
  });

  it('attests an empty admin list', async () => {
    const user = userEvent.setup({ delay: null });
    const service = aServiceDetails({
      admins: [],
      adminCount: 0,
      leavers: [],
      leaverCount: 0,
    });
    const api = mockSocialMediaApi({
      getService: async () => service,
      submitAccessReview: async () => ({
        review: { ...anAccessReview, decisions: [] },
        service,
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    await user.click(
      await screen.findByRole('button', { name: 'Review access' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.queryByRole('radiogroup')).not.toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    await waitFor(() =>
      expect(api.submitAccessReview).toHaveBeenCalledWith('corporate-x', {
        version: 4,
        decisions: [],
      }),
    );
  });

  it("shows the backend's message when the review is refused", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      submitAccessReview: async () => {
        throw await aResponseError(
          400,
          'InputError',
          'Decisions must cover every admin: acme-social is missing',
        );
      },
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    await user.click(
      await screen.findByRole('button', { name: 'Review access' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    for (const [account, decision] of [
      ['acme-social', 'Keep'],
      ['old-intern', 'Remove'],
    ]) {
      await user.click(
        within(dialog.getByRole('radiogroup', { name: account })).getByRole(
          'radio',
          { name: decision },
        ),
      );
    }
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    expect(
      await dialog.findByText(
        'Decisions must cover every admin: acme-social is missing',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('offers a reload when the service changed meanwhile', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({ admins: [], leavers: [], leaverCount: 0 }),
      submitAccessReview: async () => {
        throw await aResponseError(
          409,
          'ConflictError',
          'Service corporate-x changed since version 4 (it is now at version 5).',
        );
      },
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    await user.click(
      await screen.findByRole('button', { name: 'Review access' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Submit review' }));
    await user.click(await dialog.findByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
