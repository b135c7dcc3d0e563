import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aRequestPreview,
  aResponseError,
  aService,
  aServiceRequest,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';
import { RISK_RATING_TITLES } from '../RiskBadge';

const NEW = '/social-media/requests/new';

/** The marketing lead, a member of the marketing team. */
const requester = {
  userEntityRef: 'user:default/marketing-lead',
  ownershipEntityRefs: [
    'user:default/marketing-lead',
    'group:default/marketing',
  ],
};

const textbox = (name: string) => screen.getByRole('textbox', { name });

/** Types a whole value at once: pasting is one event, typing one per key. */
async function fill(
  user: ReturnType<typeof userEvent.setup>,
  element: HTMLElement,
  text: string,
) {
  await user.click(element);
  await user.paste(text);
}

/** Fills in a whole request for the spring campaign's TikTok account. */
async function fillRequest(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(
    screen.getByRole('combobox', { name: 'Platform' }),
    'tiktok',
  );
  await fill(user, textbox('Proposed name'), 'Spring campaign TikTok');
  await fill(user, textbox('Handle'), 'springcampaign');
  await fill(user, textbox('Purpose'), 'Short videos for the spring campaign');
  await fill(user, textbox('Audience'), 'Young adults in EMEA');
  await fill(user, textbox('Regions'), 'EMEA, France');
  await fill(user, textbox('Business unit'), 'Marketing');
  await fill(
    user,
    screen.getByRole('combobox', { name: 'Owner group' }),
    'marketing',
  );
  await fill(
    user,
    screen.getByRole('combobox', { name: 'Service owner' }),
    'user:default/marketing-lead',
  );
  fireEvent.change(screen.getByLabelText(/^Target date/), {
    target: { value: '2027-03-01' },
  });
  await fill(
    user,
    screen.getByRole('spinbutton', { name: 'Expected audience' }),
    '5000',
  );
  await fill(user, textbox('Who will post'), 'The social media team');
  await fill(user, textbox('Third-party tools'), 'Hootsuite');
}

/** The request as the form must send it: the shared rules' output. */
const SENT = {
  platform: 'tiktok',
  name: 'Spring campaign TikTok',
  handle: '@springcampaign',
  purpose: 'Short videos for the spring campaign',
  audience: 'Young adults in EMEA',
  regions: ['EMEA', 'France'],
  businessUnit: 'Marketing',
  requestingTeam: 'group:default/marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: 'user:default/marketing-lead',
  targetDate: '2027-03-01',
  questionnaire: {
    regulatedContent: false,
    brandLevel: true,
    expectedAudience: 5000,
    whoPosts: 'The social media team',
    thirdPartyTools: ['Hootsuite'],
  },
};

async function panel() {
  return within(
    await screen.findByRole('region', { name: 'What IT will require' }),
  );
}

describe('Request a social service', () => {
  it('shows what IT will require once the request is complete, then submits it and opens it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      createServiceRequest: async () => aServiceRequest(),
      getServiceRequest: async () => aServiceRequest(),
    });
    const { currentUrl } = renderPlugin(NEW, api, { identity: requester });

    await screen.findByRole('form', { name: 'Request a social service' });
    // The team asking is the requester's own, until they choose another.
    expect(
      screen.getByRole('combobox', { name: 'Requesting team' }),
    ).toHaveValue('group:default/marketing');
    const preview = await panel();
    expect(preview.getByText(/^Still to fill in:/)).toHaveTextContent(
      'Platform, Proposed name, Handle',
    );
    expect(api.previewServiceRequest).not.toHaveBeenCalled();

    await fillRequest(user);
    await user.click(
      screen.getByRole('checkbox', { name: 'Brand-level account' }),
    );

    // The prediction of the backend, asked for the request as it stands.
    const rating = await preview.findByLabelText(
      'Predicted rating',
      {},
      { timeout: 5000 },
    );
    expect(rating).toHaveTextContent(
      RISK_RATING_TITLES[aRequestPreview.prediction.rating],
    );
    await waitFor(() =>
      expect(api.previewServiceRequest).toHaveBeenLastCalledWith(SENT),
    );
    expect(
      within(preview.getByRole('list', { name: 'Needed before operation' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'MFA enabled',
      'credentials in a vault',
      'personal admin access instead of a shared login',
    ]);
    expect(
      preview.getByRole('list', { name: 'Top factors' }),
    ).toHaveTextContent(/\(\+\d+\)/);
    const approvals = preview.getByRole('list', { name: 'Approvals' });
    expect(approvals).toHaveTextContent(
      'IT service management: a member of it-service-management',
    );
    expect(approvals).toHaveTextContent(
      'Every new social service is approved by IT service management',
    );

    await user.click(screen.getByRole('button', { name: 'Submit request' }));
    await waitFor(() =>
      expect(api.createServiceRequest).toHaveBeenCalledWith(SENT, {
        submit: true,
      }),
    );
    await waitFor(() => expect(currentUrl()).toBe('/social-media/requests/7'));
    expect(
      await screen.findByRole('heading', {
        name: /Request 7: Spring campaign TikTok/,
      }),
    ).toBeInTheDocument();
  });

  it('names what is missing with the shared rules and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi();
    renderPlugin(NEW, api, { identity: requester });

    await screen.findByRole('form', { name: 'Request a social service' });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Platform' }),
      'tiktok',
    );
    await fill(user, textbox('Profile URL'), 'http://www.tiktok.com/@spring');
    await fill(
      user,
      screen.getByRole('spinbutton', { name: 'Expected audience' }),
      '5000',
    );
    await user.click(screen.getByRole('button', { name: 'Save as draft' }));

    expect(
      await screen.findByText(/fields need your attention/),
    ).toBeInTheDocument();
    expect(textbox('Proposed name')).toHaveAccessibleDescription(
      'Name is required',
    );
    expect(textbox('Profile URL')).toHaveAccessibleDescription(
      'Profile URL must use https',
    );
    expect(textbox('Regions')).toHaveAccessibleDescription(
      'Name at least one region',
    );
    expect(textbox('Who will post')).toHaveAccessibleDescription(
      'Who will post is required',
    );
    expect(api.createServiceRequest).not.toHaveBeenCalled();
    expect(api.previewServiceRequest).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal under the fields it names, and stays on the form", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      createServiceRequest: async () => {
        throw await aResponseError(
          400,
          'InputError',
          'Invalid request: targetDate: Target date 2027-03-01 is in the past; requestingTeam: Requesting team group:default/ghosts is not in the Backstage catalog',
          {
            fields: [
              {
                field: 'targetDate',
                message: 'Target date 2027-03-01 is in the past',
              },
              {
                field: 'requestingTeam',
                message:
                  'Requesting team group:default/ghosts is not in the Backstage catalog',
              },
            ],
          },
        );
      },
    });
    const { currentUrl } = renderPlugin(NEW, api, { identity: requester });

    await screen.findByRole('form', { name: 'Request a social service' });
    const team = screen.getByRole('combobox', { name: 'Requesting team' });
    await user.clear(team);
    await fill(user, team, 'ghosts');
    await fillRequest(user);
    await user.click(screen.getByRole('button', { name: 'Save as draft' }));

    // A draft: filed without `submit`.
    await waitFor(() =>
      expect(api.createServiceRequest).toHaveBeenCalledWith(
        {
          ...SENT,
          requestingTeam: 'group:default/ghosts',
          questionnaire: { ...SENT.questionnaire, brandLevel: false },
        },
        { submit: false },
      ),
    );
    expect(
      await screen.findByText('2 fields need your attention.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/^Target date/)).toHaveAccessibleDescription(
      'Target date 2027-03-01 is in the past',
    );
    expect(
      screen.getByRole('combobox', { name: 'Requesting team' }),
    ).toHaveAccessibleDescription(
      'Requesting team group:default/ghosts is not in the Backstage catalog',
    );
    expect(screen.getByText('The request was not saved')).toBeInTheDocument();
    expect(currentUrl()).toBe(NEW);
  });

  it('names the other request when the account is already requested', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      createServiceRequest: async () => {
        throw await aResponseError(
          409,
          'ConflictError',
          'The tiktok account @springcampaign is already requested in request 3',
        );
      },
    });
    renderPlugin(NEW, api, { identity: requester });

    await screen.findByRole('form', { name: 'Request a social service' });
    await fillRequest(user);
    await user.click(screen.getByRole('button', { name: 'Submit request' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request was not saved');
    expect(alert).toHaveTextContent(
      'The tiktok account @springcampaign is already requested in request 3',
    );
  });

  it('edits a request sent back for changes, filled in, based on the version loaded', async () => {
    const user = userEvent.setup({ delay: null });
    const sentBack = aServiceRequest({
      status: 'changes-requested',
      version: 3,
    });
    const api = mockSocialMediaApi({
      getServiceRequest: async () => sentBack,
      updateServiceRequest: async () => ({ ...sentBack, version: 4 }),
    });
    const { currentUrl } = renderPlugin('/social-media/requests/7/edit', api, {
      identity: requester,
    });

    await screen.findByRole('form', { name: 'Edit request' });
    expect(textbox('Regions')).toHaveValue('EMEA, France');
    expect(textbox('Third-party tools')).toHaveValue('Hootsuite');
    expect(screen.getByLabelText(/^Target date/)).toHaveValue('2027-03-01');
    await user.clear(textbox('Purpose'));
    await fill(
      user,
      textbox('Purpose'),
      'Spring campaign, with a moderation plan',
    );
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(api.updateServiceRequest).toHaveBeenCalledWith(7, {
        ...SENT,
        regions: ['EMEA', 'France'],
        purpose: 'Spring campaign, with a moderation plan',
        questionnaire: { ...SENT.questionnaire, brandLevel: false },
        version: 3,
      }),
    );
    await waitFor(() => expect(currentUrl()).toBe('/social-media/requests/7'));
  });

  it('does not offer to edit a request that is no longer a draft or sent back', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () => aServiceRequest({ status: 'rejected' }),
    });
    renderPlugin('/social-media/requests/7/edit', api, { identity: requester });
    expect(
      await screen.findByText(/This request is rejected: only a draft/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('form', { name: 'Edit request' }),
    ).not.toBeInTheDocument();
  });

  it('is reached from the catalogue by everyone allowed to request, and not by others', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [],
        totalCount: 0,
        limit: 25,
        offset: 0,
      }),
    });
    const { unmount } = renderPlugin('/social-media', api);
    expect(
      await screen.findByRole('link', { name: 'Request a social service' }),
    ).toHaveAttribute('href', NEW);
    unmount();

    renderPlugin('/social-media', api, {
      denied: ['social-media.request.create'],
    });
    await screen.findByRole('heading', {
      name: 'Social media service catalogue',
    });
    await screen.findByRole('link', { name: 'New service' });
    await waitFor(() => expect(api.listServices).toHaveBeenCalledTimes(2));
    expect(
      screen.queryByRole('link', { name: 'Request a social service' }),
    ).not.toBeInTheDocument();
  });

  it('offers cataloguing and importing directly only to those who may create services; others request', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [aService()],
        totalCount: 1,
        limit: 25,
        offset: 0,
      }),
    });
    renderPlugin('/social-media', api, {
      denied: ['social-media.service.create'],
    });
    expect(
      await screen.findByRole('link', { name: 'Request a social service' }),
    ).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Dashboard' });
    expect(
      screen.queryByRole('link', { name: 'New service' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Import' }),
    ).not.toBeInTheDocument();
  });
});
