import { HANDLE_RULES } from '@internal/plugin-social-media-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aFreshserviceConnector,
  aResponseError,
  aServiceDetails,
  aServiceNowConnector,
  aServiceWithOwnerChangedOutside,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const field = (name: string) => screen.getByRole('textbox', { name });

/** Types a whole value at once: pasting is one event, typing one per key. */
async function fill(
  user: ReturnType<typeof userEvent.setup>,
  element: HTMLElement,
  text: string,
) {
  await user.click(element);
  await user.paste(text);
}

describe('CreateServicePage', () => {
  it('shows the schema messages per field and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi();
    renderPlugin('/social-media/new', api);

    await screen.findByRole('heading', { name: 'New service' });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Platform' }),
      'x',
    );
    // the handle hint follows the platform
    expect(screen.getByText(HANDLE_RULES.x.message)).toBeInTheDocument();
    await fill(user, field('Handle'), 'not a handle!');
    await fill(user, field('Profile URL'), 'http://x.com/acme');
    await fill(user, field('Tags'), 'Brand');
    await user.click(screen.getByRole('button', { name: 'Create service' }));

    expect(
      await screen.findByText('7 fields need your attention.'),
    ).toBeInTheDocument();
    expect(field('Name')).toHaveAccessibleDescription('Name is required');
    expect(field('Handle')).toHaveAccessibleDescription(HANDLE_RULES.x.message);
    expect(field('Profile URL')).toHaveAccessibleDescription(
      'Profile URL must use https',
    );
    expect(field('Purpose')).toHaveAccessibleDescription('Purpose is required');
    expect(field('Business unit')).toHaveAccessibleDescription(
      'Business unit is required',
    );
    expect(
      screen.getByRole('combobox', { name: 'Owner group' }),
    ).toHaveAccessibleDescription('Owner group is required');
    expect(field('Tags')).toHaveAccessibleDescription(
      'Tags are 1 to 63 lowercase letters, digits or the characters : + # -',
    );
    expect(api.createService).not.toHaveBeenCalled();
  });

  it('creates the service and opens its page', async () => {
    const user = userEvent.setup({ delay: null });
    const created = aServiceDetails({ id: 'careers-linkedin' });
    const api = mockSocialMediaApi({
      createService: async () => created,
      getService: async () => created,
      // The form offers the connectors installed in this portal, whatever they are.
      listItsmConnectors: async () => ({
        items: [aServiceNowConnector, aFreshserviceConnector],
      }),
    });
    const { currentUrl } = renderPlugin('/social-media/new', api);

    await screen.findByRole('heading', { name: 'New service' });
    await fill(user, field('Name'), 'Careers LinkedIn page');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Platform' }),
      'linkedin',
    );
    await fill(user, field('Handle'), 'acme-careers');
    await fill(
      user,
      field('Profile URL'),
      'https://www.linkedin.com/company/acme-careers',
    );
    await fill(user, field('Purpose'), 'Recruiting');
    await fill(user, field('Business unit'), 'HR');
    await fill(user, field('Tags'), 'hr, jobs');
    await fill(
      user,
      screen.getByRole('spinbutton', { name: 'Audience size' }),
      '5400',
    );
    await fill(
      user,
      screen.getByRole('combobox', { name: 'Owner group' }),
      'hr',
    );
    await fill(
      user,
      screen.getByRole('combobox', { name: 'Service owner' }),
      'user:default/campaign-manager',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Lifecycle stage' }),
      'design',
    );
    await user.click(screen.getByRole('checkbox', { name: 'MFA enabled' }));
    await fill(
      user,
      field('Credential vault reference'),
      'vault://social/careers',
    );
    // The tools are the installed connectors, by their names.
    const system = screen.getByRole('combobox', { name: 'ITSM system' });
    expect(
      within(system)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Not mapped', 'ServiceNow', 'Freshservice']);
    expect(field('ITSM reference')).toHaveAccessibleDescription(
      'The record incidents are filed against; choose the ITSM system first.',
    );
    // The reference is named, explained and exemplified in the chosen tool's words.
    await user.selectOptions(system, 'freshservice');
    expect(field('Freshservice service id')).toHaveAccessibleDescription(
      'The numeric id of the service in the Freshservice service catalogue. Example: 42',
    );
    await user.selectOptions(system, 'servicenow');
    expect(field('Business service or CI')).toHaveAccessibleDescription(
      'The business service (or configuration item) the incidents of this service are filed against, by its name or its sys_id. Example: Corporate X account',
    );
    await fill(user, field('Business service or CI'), 'Careers LinkedIn');
    await user.click(screen.getByRole('button', { name: 'Create service' }));

    await waitFor(() =>
      expect(api.createService).toHaveBeenCalledWith({
        name: 'Careers LinkedIn page',
        platform: 'linkedin',
        handle: 'acme-careers',
        profileUrl: 'https://www.linkedin.com/company/acme-careers',
        purpose: 'Recruiting',
        businessUnit: 'HR',
        ownerGroup: 'group:default/hr',
        serviceOwner: 'user:default/campaign-manager',
        audienceSize: 5400,
        tags: ['hr', 'jobs'],
        lifecycleStage: 'design',
        controls: {
          mfaEnabled: true,
          ssoEnabled: false,
          credentialVaultRef: 'vault://social/careers',
          sharedLogin: false,
          thirdPartyApps: [],
          verified: false,
          recoveryOwnedByCompany: false,
          regulatedContent: false,
          brandLevel: false,
          accessRevoked: false,
          accountStatus: 'active',
        },
        itsm: { system: 'servicenow', reference: 'Careers LinkedIn' },
      }),
    );
    await waitFor(() =>
      expect(currentUrl()).toBe('/social-media/services/careers-linkedin'),
    );
  });

  it('shows what the API refused, e.g. an owner not in the catalog', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      createService: async () => {
        throw await aResponseError(
          400,
          'InputError',
          'Invalid service: ownerGroup: Owner group group:default/nobody is not in the Backstage catalog',
          {
            fields: [
              {
                field: 'ownerGroup',
                message:
                  'Owner group group:default/nobody is not in the Backstage catalog',
              },
            ],
          },
        );
      },
    });
    renderPlugin('/social-media/new', api);
    await screen.findByRole('heading', { name: 'New service' });
    await fill(user, field('Name'), 'Blog');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Platform' }),
      'blog',
    );
    await fill(user, field('Handle'), 'blog.example.com');
    await fill(user, field('Purpose'), 'Stories');
    await fill(user, field('Business unit'), 'Comms');
    await fill(
      user,
      screen.getByRole('combobox', { name: 'Owner group' }),
      'nobody',
    );
    await user.click(screen.getByRole('button', { name: 'Create service' }));

    const saveError = (await screen.findAllByRole('alert')).find(a =>
      a.textContent?.includes('The service was not saved'),
    );
    // In the words of the form, not the API's field path.
    expect(saveError).toHaveTextContent(
      'The service was not savedOwner group group:default/nobody is not in the Backstage catalog',
    );
    // The message also stands at the field it is about.
    const ownerGroup = screen.getByRole('combobox', { name: 'Owner group' });
    expect(ownerGroup).toHaveAccessibleDescription(
      'Owner group group:default/nobody is not in the Backstage catalog',
    );
  });
});

describe('CreateServicePage guardianship controls', () => {
  async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
    await screen.findByRole('heading', { name: 'New service' });
    await fill(user, field('Name'), 'Corporate X account');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Platform' }),
      'x',
    );
    await fill(user, field('Handle'), '@acme');
    await fill(user, field('Purpose'), 'Company news');
    await fill(user, field('Business unit'), 'Comms');
    await fill(
      user,
      screen.getByRole('combobox', { name: 'Owner group' }),
      'comms',
    );
  }

  it('sends every control, the MFA method and the apps, and no dates that events record', async () => {
    const user = userEvent.setup({ delay: null });
    const created = aServiceDetails();
    const api = mockSocialMediaApi({
      createService: async () => created,
      getService: async () => created,
    });
    renderPlugin('/social-media/new', api);
    await fillRequired(user);

    // the method is asked for only while MFA is on
    expect(
      screen.queryByRole('combobox', { name: 'MFA method' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'MFA enabled' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'MFA method' }),
      'security-key',
    );
    await user.click(screen.getByRole('checkbox', { name: 'Single sign-on' }));
    await user.click(
      screen.getByRole('checkbox', {
        name: 'Recovery e-mail and phone owned by the company',
      }),
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'Verified by the platform' }),
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'Regulated content' }),
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'Brand-level account' }),
    );
    // the last access review and the risk sign-off are recorded by events,
    // never typed in
    expect(screen.queryByLabelText(/access review/i)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/risk assess/i)).not.toBeInTheDocument();
    expect(screen.queryByText(/Last access review/)).not.toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Add third-party app' }),
    );
    const app = within(
      screen.getByRole('group', { name: 'Third-party app 1' }),
    );
    await fill(user, app.getByRole('textbox', { name: 'App name' }), 'Planner');
    await fill(
      user,
      app.getByRole('textbox', { name: 'Scopes' }),
      'publish, read_insights',
    );
    fireEvent.change(app.getByLabelText('Last reviewed'), {
      target: { value: '2026-10-01' },
    });
    await user.click(screen.getByRole('button', { name: 'Create service' }));

    await waitFor(() => expect(api.createService).toHaveBeenCalledTimes(1));
    expect(api.createService.mock.calls[0][0].controls).toEqual({
      mfaEnabled: true,
      mfaMethod: 'security-key',
      ssoEnabled: true,
      sharedLogin: false,
      thirdPartyApps: [
        {
          name: 'Planner',
          scopes: ['publish', 'read_insights'],
          lastReviewedAt: '2026-10-01T00:00:00.000Z',
        },
      ],
      verified: true,
      recoveryOwnedByCompany: true,
      regulatedContent: true,
      brandLevel: true,
      accessRevoked: false,
      accountStatus: 'active',
    });
  });

  it('shows the message of an app listed twice and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi();
    renderPlugin('/social-media/new', api);
    await fillRequired(user);

    const add = screen.getByRole('button', { name: 'Add third-party app' });
    await user.click(add);
    await user.click(add);
    await user.click(add);
    await fill(
      user,
      within(
        screen.getByRole('group', { name: 'Third-party app 1' }),
      ).getByRole('textbox', { name: 'App name' }),
      'Planner',
    );
    await fill(
      user,
      within(
        screen.getByRole('group', { name: 'Third-party app 2' }),
      ).getByRole('textbox', { name: 'App name' }),
      'planner',
    );
    // a row can be removed again
    await user.click(screen.getByRole('button', { name: 'Remove app 3' }));
    expect(
      screen.queryByRole('group', { name: 'Third-party app 3' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create service' }));

    const second = within(
      screen.getByRole('group', { name: 'Third-party app 2' }),
    ).getByRole('textbox', { name: 'App name' });
    await waitFor(() =>
      expect(second).toHaveAccessibleDescription('App planner is listed twice'),
    );
    expect(screen.getByText('One field needs your attention.')).toBeVisible();
    expect(api.createService).not.toHaveBeenCalled();
  });
});

describe('EditServicePage', () => {
  it('fills in the service and saves changes with its version', async () => {
    const user = userEvent.setup({ delay: null });
    const service = aServiceDetails();
    const api = mockSocialMediaApi({
      getService: async () => service,
      updateService: async () => service,
    });
    const { currentUrl } = renderPlugin(
      '/social-media/services/corporate-x/edit',
      api,
    );

    await screen.findByRole('heading', { name: 'Edit Corporate X account' });
    expect(field('Name')).toHaveValue('Corporate X account');
    expect(field('Tags')).toHaveValue('brand, emea');
    expect(
      screen.queryByRole('combobox', { name: 'Lifecycle stage' }),
    ).not.toBeInTheDocument();

    await user.clear(field('Purpose'));
    await fill(user, field('Purpose'), 'Company news');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(api.updateService).toHaveBeenCalledWith(
        'corporate-x',
        expect.objectContaining({
          purpose: 'Company news',
          version: 4,
          controls: {
            mfaEnabled: true,
            mfaMethod: 'authenticator-app',
            ssoEnabled: false,
            sharedLogin: false,
            thirdPartyApps: [
              {
                name: 'Scheduler',
                scopes: ['publish', 'read_insights'],
                lastReviewedAt: '2026-10-01T00:00:00.000Z',
              },
            ],
            verified: true,
            recoveryOwnedByCompany: true,
            regulatedContent: false,
            brandLevel: false,
            accessRevoked: false,
            accountStatus: 'active',
          },
        }),
      ),
    );
    expect(api.updateService.mock.calls[0][1]).not.toHaveProperty(
      'lifecycleStage',
    );
    await waitFor(() =>
      expect(currentUrl()).toBe('/social-media/services/corporate-x'),
    );
  });

  it('names the values changed outside the catalogue above the form that would write them', async () => {
    const service = aServiceWithOwnerChangedOutside();
    renderPlugin(
      '/social-media/services/corporate-x/edit',
      mockSocialMediaApi({ getService: async () => service }),
    );

    const alert = await screen.findByRole('region', { name: 'Damaged record' });
    expect(alert).toHaveTextContent('saving writes what it holds');
    expect(alert).toHaveTextContent(
      'Owner group (ownerGroup): stored “group:default/finance”, shown as stored (the audit trail\'s last change set "group:default/communications")',
    );
    expect(screen.getByRole('combobox', { name: 'Owner group' })).toHaveValue(
      'group:default/finance',
    );
  });

  it('keeps a mapping to a tool whose connector is not installed, and says so', async () => {
    const user = userEvent.setup({ delay: null });
    const service = aServiceDetails({
      itsm: { system: 'pagerduty', reference: 'PABC123' },
    });
    const api = mockSocialMediaApi({
      getService: async () => service,
      updateService: async () => service,
    });
    renderPlugin('/social-media/services/corporate-x/edit', api);
    await screen.findByRole('heading', { name: 'Edit Corporate X account' });

    const system = screen.getByRole('combobox', { name: 'ITSM system' });
    await waitFor(() =>
      expect(system).toHaveAccessibleDescription(
        'No connector for pagerduty is installed in this portal: the mapping is kept, but incidents are not synced. Choose an installed tool to change it.',
      ),
    );
    expect(system).toHaveValue('pagerduty');
    expect(field('ITSM reference')).toHaveValue('PABC123');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(api.updateService).toHaveBeenCalledWith(
        'corporate-x',
        expect.objectContaining({
          itsm: { system: 'pagerduty', reference: 'PABC123' },
        }),
      ),
    );
  });

  it('shows on the reference field why the backend refused it', async () => {
    const user = userEvent.setup({ delay: null });
    const message =
      'ITSM reference is not a valid Freshservice reference (Freshservice service id): The numeric id of the service in the Freshservice service catalogue. For example: 42';
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      listItsmConnectors: async () => ({
        items: [aServiceNowConnector, aFreshserviceConnector],
      }),
      updateService: async () => {
        throw await aResponseError(
          400,
          'InputError',
          `Invalid service: itsm.reference: ${message}`,
          {
            fields: [{ field: 'itsm.reference', message }],
          },
        );
      },
    });
    renderPlugin('/social-media/services/corporate-x/edit', api);
    await screen.findByRole('heading', { name: 'Edit Corporate X account' });
    const system = screen.getByRole('combobox', { name: 'ITSM system' });
    await waitFor(() =>
      expect(within(system).getAllByRole('option')).toHaveLength(3),
    );
    await user.selectOptions(system, 'freshservice');
    await user.clear(field('Freshservice service id'));
    await fill(user, field('Freshservice service id'), 'Corporate X');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(field('Freshservice service id')).toHaveAccessibleDescription(
        message,
      ),
    );
  });

  it('explains a conflict and reloads the latest version', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      updateService: async () => {
        throw await aResponseError(
          409,
          'ConflictError',
          'Service corporate-x changed since version 4 (it is now at version 5). Reload it and apply your change again.',
        );
      },
    });
    renderPlugin('/social-media/services/corporate-x/edit', api);
    await screen.findByRole('heading', { name: 'Edit Corporate X account' });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'This service changed since you opened it. Reload to see the latest version.',
    );
    api.getService.mockResolvedValue(aServiceDetails({ version: 5 }));
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByRole('button', { name: 'Save changes' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('turns MFA off, shows the last access review as text and keeps both event dates out of the change', async () => {
    const user = userEvent.setup({ delay: null });
    const service = aServiceDetails();
    const api = mockSocialMediaApi({
      getService: async () => service,
      updateService: async () => service,
    });
    renderPlugin('/social-media/services/corporate-x/edit', api);
    await screen.findByRole('heading', { name: 'Edit Corporate X account' });

    // recorded by access reviews: read, not a field to type in
    expect(
      screen.getByText(
        'Last access review: Sep 1, 2026 (recorded by access reviews)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText(/access review/i)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/risk assess/i)).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'MFA method' })).toHaveValue(
      'authenticator-app',
    );
    // the app of the service is in the editor
    expect(
      within(
        screen.getByRole('group', { name: 'Third-party app 1' }),
      ).getByRole('textbox', { name: 'App name' }),
    ).toHaveValue('Scheduler');

    await user.click(screen.getByRole('checkbox', { name: 'MFA enabled' }));
    expect(
      screen.queryByRole('combobox', { name: 'MFA method' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Shared login' }));
    await user.click(screen.getByRole('button', { name: 'Remove Scheduler' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.updateService).toHaveBeenCalledTimes(1));
    const { controls } = api.updateService.mock.calls[0][1];
    expect(controls).toMatchObject({
      mfaEnabled: false,
      sharedLogin: true,
      thirdPartyApps: [],
    });
    expect(controls).not.toHaveProperty('mfaMethod');
    expect(controls).not.toHaveProperty('lastAccessReviewAt');
    expect(controls).not.toHaveProperty('riskAssessedAt');
  });
});
