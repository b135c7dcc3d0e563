import type { AuditEntry } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aServiceDetails,
  aServiceWithOwnerChangedOutside,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const history: AuditEntry[] = [
  {
    seq: 3,
    entityType: 'service',
    entityId: 'corporate-x',
    action: 'transition',
    actor: 'user:default/campaign-manager',
    at: '2026-11-10T09:00:00.000Z',
    before: { lifecycleStage: 'design', version: 2 },
    after: {
      lifecycleStage: 'transition',
      version: 3,
      reason: 'Profile ready for launch',
    },
    prevHash: 'b',
    hash: 'c',
  },
  {
    seq: 1,
    entityType: 'service',
    entityId: 'corporate-x',
    action: 'create',
    actor: 'user:default/service-owner',
    at: '2026-11-01T09:00:00.000Z',
    after: {
      lifecycleStage: 'strategy',
      platform: 'x',
      handle: '@acme',
      ownerGroup: 'group:default/corporate-communications',
    },
    prevHash: '',
    hash: 'a',
  },
];

/** What the lifecycle section says a stage still needs, item by item. */
function stillNeeds(lifecycle: ReturnType<typeof within>, stage: string) {
  return within(
    lifecycle.getByRole('list', { name: `What ${stage} still needs` }),
  )
    .getAllByRole('listitem')
    .map(item => item.textContent);
}

/** What the default service lacks for operation. */
const OPERATION_GAPS = [
  'credentials in a vault',
  'access removed from everyone who left the organisation',
];

describe('ServicePage', () => {
  it('opens on what needs doing, with the rest one tab away', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      getServiceHistory: async () => ({ items: history }),
    });
    const { currentUrl } = renderPlugin(
      '/social-media/services/corporate-x',
      api,
    );

    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Corporate X account',
      }),
    ).toBeInTheDocument();
    expect(api.getService).toHaveBeenCalledWith('corporate-x');
    // The breadcrumb names the service, not its id.
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    await waitFor(() =>
      expect(breadcrumb).toHaveTextContent(
        'Social media catalogue/Corporate X account',
      ),
    );
    expect(breadcrumb).not.toHaveTextContent('corporate-x');
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Overview');

    // The first view: the stage and the moves, the rating and its sign-off,
    // the access review and the open incidents.
    const lifecycle = within(screen.getByRole('region', { name: 'Lifecycle' }));
    expect(
      lifecycle.getByText('Transition', { selector: 'strong' }),
    ).toBeVisible();
    expect(
      lifecycle.getByText('Meets every requirement of transition'),
    ).toBeInTheDocument();
    expect(
      lifecycle.getByRole('button', { name: 'Move to Design' }),
    ).toBeEnabled();
    const glance = within(screen.getByRole('region', { name: 'At a glance' }));
    expect(glance.getByLabelText('Risk rating')).toHaveTextContent(
      'Highlikelihood 3 × impact 3',
    );
    expect(glance.getByLabelText('Risk sign-off')).toHaveTextContent(
      'Not signed off',
    );
    expect(glance.getByLabelText('Access review')).toHaveTextContent(
      'Current, next review due Dec 1, 2026',
    );
    expect(glance.getByLabelText('Last access review')).toHaveTextContent(
      'Sep 1, 2026',
    );
    expect(glance.getByLabelText('Open incidents')).toHaveTextContent('2');
    // The rest waits behind the tabs.
    expect(screen.queryByRole('region', { name: 'Risk' })).toBeNull();
    expect(screen.queryByRole('table', { name: 'History' })).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'Details' }));
    expect(currentUrl()).toBe('/social-media/services/corporate-x?tab=details');
    const about = within(
      screen.getByRole('region', { name: 'About the service' }),
    );
    expect(about.getByLabelText('Handle')).toHaveTextContent('@acme');
    expect(about.getByLabelText('Purpose')).toHaveTextContent(
      'Company news and customer questions',
    );
    expect(about.getByLabelText('Service owner')).toHaveTextContent(
      'service-owner',
    );
    expect(about.getByLabelText('ITSM mapping')).toHaveTextContent(
      'ServiceNow: Corporate X account',
    );
    expect(about.getByLabelText('CSDM life cycle')).toHaveTextContent(
      'Deploy / In Deployment',
    );
    expect(about.getByLabelText('Audience')).toHaveTextContent(
      '120,000 followers',
    );
    const controls = within(
      screen.getByRole('region', { name: 'Guardianship controls' }),
    );
    expect(controls.getByLabelText('MFA')).toHaveTextContent('Enabled');
    expect(controls.getByLabelText('Credentials')).toHaveTextContent(
      'Not in a vault',
    );
    // A sign-off is an act shown in the risk panel, not a date among the controls.
    expect(controls.queryByLabelText('Risk assessed')).toBeNull();
    expect(controls.queryByText(/Risk assessed/)).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'Risk' }));
    expect(currentUrl()).toBe('/social-media/services/corporate-x?tab=risk');
    expect(
      within(screen.getByRole('region', { name: 'Risk' })).getByLabelText(
        'Rating',
      ),
    ).toHaveTextContent('High');

    await user.click(screen.getByRole('tab', { name: 'Incidents' }));
    const incidents = within(
      screen.getByRole('region', { name: 'Linked incidents' }),
    );
    expect(incidents.getByLabelText('Open incidents')).toHaveTextContent('2');
    expect(incidents.getByLabelText('ITSM record')).toHaveTextContent(
      'ServiceNow: Corporate X',
    );
    expect(
      await incidents.findByText('No open incidents linked yet.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Access' }));
    const admins = within(screen.getByRole('table', { name: 'Admins' }));
    const leaver = admins.getByRole('row', { name: /old-intern/ });
    expect(leaver).toHaveTextContent('No, left the organisation');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'old-intern has left the organisation',
    );

    await user.click(screen.getByRole('tab', { name: 'History' }));
    const historyTable = within(
      await screen.findByRole('table', { name: 'History' }),
    );
    const rows = historyTable.getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Moved');
    expect(rows[1]).toHaveTextContent('Lifecycle stage: Design → Transition');
    expect(rows[1]).toHaveTextContent('Reason: Profile ready for launch');
    expect(rows[1]).toHaveTextContent('campaign-manager');
    expect(rows[2]).toHaveTextContent('Created');
    expect(rows[2]).toHaveTextContent('Catalogued in Strategy');

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(currentUrl()).toBe('/social-media/services/corporate-x');

    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/social-media/services/corporate-x/edit',
    );
  });

  it('keeps the tab in the URL: a shared link opens it, the overview links lead to it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    const { currentUrl } = renderPlugin(
      '/social-media/services/corporate-x?tab=history',
      api,
    );
    expect(await screen.findByRole('tab', { name: 'History' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('region', { name: 'Lifecycle moves' }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    const glance = within(screen.getByRole('region', { name: 'At a glance' }));
    await user.click(glance.getByRole('link', { name: 'See the incidents' }));
    expect(currentUrl()).toBe(
      '/social-media/services/corporate-x?tab=incidents',
    );
    expect(
      screen.getByRole('region', { name: 'Linked incidents' }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    await user.click(
      within(screen.getByRole('region', { name: 'At a glance' })).getByRole(
        'link',
        { name: 'Review access' },
      ),
    );
    expect(currentUrl()).toBe('/social-media/services/corporate-x?tab=access');
    expect(
      screen.getByRole('region', { name: 'Access review' }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    await user.click(
      within(screen.getByRole('region', { name: 'At a glance' })).getByRole(
        'link',
        { name: 'How it is worked out' },
      ),
    );
    expect(currentUrl()).toBe('/social-media/services/corporate-x?tab=risk');
    expect(screen.getByRole('region', { name: 'Risk' })).toBeInTheDocument();
  });

  it('offers no transfer or retirement while its owners differ from what the catalogue recorded', async () => {
    renderPlugin(
      '/social-media/services/corporate-x',
      mockSocialMediaApi({
        getService: async () => aServiceWithOwnerChangedOutside(),
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Handover and retirement',
    });
    expect(
      await within(section).findByRole('button', {
        name: 'Hand over to another group',
      }),
    ).toBeDisabled();
    expect(
      within(section).getByRole('button', { name: 'Request retirement' }),
    ).toBeDisabled();
    expect(section).toHaveTextContent(
      'No transfer or retirement can be filed while the owner group or service owner differs from what the catalogue recorded',
    );
  });

  it('says when the record was changed outside the catalogue, field by field, and a sound one says nothing', async () => {
    const damaged = mockSocialMediaApi({
      getService: async () => ({
        ...aServiceDetails(),
        recordProblems: [
          { field: 'tags', stored: 'not json', shownAs: 'no tags' },
          { field: 'lifecycleStage', stored: 'bogus', shownAs: 'strategy' },
        ],
      }),
    });
    const { unmount } = renderPlugin(
      '/social-media/services/corporate-x',
      damaged,
    );
    const alert = await screen.findByRole('region', { name: 'Damaged record' });
    expect(alert).toHaveTextContent(
      'This record was changed outside the catalogue',
    );
    expect(alert).toHaveTextContent('the service counts as out of compliance');
    expect(alert).toHaveTextContent(
      'its risk rating weighs the values the audit trail set wherever they are riskier',
    );
    expect(alert).toHaveTextContent(
      'a group or person written into the record does not gain them',
    );
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Tags (tags): stored “not json”, shown as no tags',
      'Lifecycle stage (lifecycleStage): stored “bogus”, shown as strategy',
    ]);
    unmount();

    renderPlugin(
      '/social-media/services/corporate-x',
      mockSocialMediaApi({ getService: async () => aServiceDetails() }),
    );
    await screen.findByRole('heading', {
      level: 2,
      name: 'Corporate X account',
    });
    expect(
      screen.queryByRole('region', { name: 'Damaged record' }),
    ).not.toBeInTheDocument();
  });

  it('opens the overview for a tab it does not know', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin('/social-media/services/corporate-x?tab=nonsense', api);
    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      screen.getByRole('region', { name: 'At a glance' }),
    ).toBeInTheDocument();
  });

  it('says plainly when the service is out of compliance with its stage, and what it lacks', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          lifecycleStage: 'operation',
          compliance: {
            stage: 'operation',
            compliant: false,
            missing: ['MFA enabled', 'credentials in a vault'],
          },
        }),
    });
    renderPlugin('/social-media/services/corporate-x', api);
    const finding = await screen.findByRole('region', {
      name: 'Out of compliance with operation',
    });
    expect(
      within(
        within(finding).getByRole('list', { name: 'What operation requires' }),
      )
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['MFA enabled', 'credentials in a vault']);
    expect(
      screen.queryByText(/Meets every requirement/),
    ).not.toBeInTheDocument();
  });

  it('records who holds access: removes a leaver, adds an agency login flagged as external, changes a role', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = aServiceDetails({
      version: 5,
      admins: [
        {
          account: 'acme-social',
          userRef: 'user:default/service-owner',
          role: 'admin',
          inOrganisation: true,
          addedAt: '2026-11-01T09:00:00.000Z',
        },
        {
          account: 'agency-login',
          role: 'editor',
          inOrganisation: true,
          addedAt: '2026-11-20T09:00:00.000Z',
        },
      ],
      leavers: [],
    });
    const api = mockSocialMediaApi({
      getService: jest
        .fn()
        .mockResolvedValueOnce(aServiceDetails())
        .mockResolvedValue(saved),
      replaceAdmins: async () => saved,
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);

    await user.click(
      await screen.findByRole('button', { name: 'Edit admins' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByRole('heading', { name: 'Admins of Corporate X account' }),
    ).toBeInTheDocument();

    await user.click(dialog.getByRole('button', { name: 'Remove old-intern' }));
    const first = within(dialog.getByRole('group', { name: 'Admin 1' }));
    await user.selectOptions(
      first.getByRole('combobox', { name: 'Role' }),
      'admin',
    );
    await user.click(dialog.getByRole('button', { name: 'Add admin' }));
    const added = within(dialog.getByRole('group', { name: 'Admin 2' }));
    // Saved empty, the new row names what is missing, with the shared rules' words.
    await user.click(dialog.getByRole('button', { name: 'Save admins' }));
    expect(added.getByText('Account is required')).toBeInTheDocument();
    expect(api.replaceAdmins).not.toHaveBeenCalled();

    await user.type(
      added.getByRole('textbox', { name: 'Account' }),
      'agency-login',
    );
    expect(
      added.getByText(
        'None: an external login, which leaver detection cannot follow',
      ),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Save admins' }));

    await waitFor(() =>
      expect(api.replaceAdmins).toHaveBeenCalledWith('corporate-x', {
        version: 4,
        admins: [
          {
            account: 'acme-social',
            userRef: 'user:default/service-owner',
            role: 'admin',
          },
          { account: 'agency-login', role: 'editor' },
        ],
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const admins = within(screen.getByRole('table', { name: 'Admins' }));
    const agency = admins.getByRole('row', { name: /agency-login/ });
    expect(agency).toHaveTextContent('External');
    expect(admins.queryByRole('row', { name: /old-intern/ })).toBeNull();
  });

  it('shows the lifecycle with blocked moves and what they still need', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin('/social-media/services/corporate-x', api);

    const lifecycle = within(
      await screen.findByRole('region', { name: 'Lifecycle' }),
    );
    const stages = lifecycle.getByRole('list', { name: 'Lifecycle stages' });
    expect(within(stages).getAllByRole('listitem')).toHaveLength(6);
    expect(
      within(stages)
        .getAllByRole('listitem')
        .find(item => item.getAttribute('aria-current') === 'step'),
    ).toHaveTextContent('Transition');

    // transition → operation is blocked: no vault, a leaver still has access
    const operation = await lifecycle.findByRole('button', {
      name: 'Move to Operation',
    });
    expect(operation).toBeDisabled();
    expect(operation).toHaveAccessibleDescription(
      'Operation still needs: credentials in a vault access removed from everyone who left the organisation',
    );
    expect(stillNeeds(lifecycle, 'Operation')).toEqual(OPERATION_GAPS);
    expect(
      lifecycle.getByRole('button', { name: 'Move to Design' }),
    ).toBeEnabled();
    expect(
      lifecycle.getByRole('button', { name: 'Move to Retired' }),
    ).toBeDisabled();

    // How it got there is on the history tab.
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    const moves = within(
      within(screen.getByRole('region', { name: 'Lifecycle moves' })).getByRole(
        'list',
        { name: 'Recorded moves' },
      ),
    ).getAllByRole('listitem');
    expect(moves).toHaveLength(2);
    expect(moves[1]).toHaveTextContent('Design → Transition');
    expect(moves[1]).toHaveTextContent('Reason: Profile ready for launch');
  });

  it('shows someone who may not change the service where it could go, and no step to take', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    renderPlugin('/social-media/services/corporate-x', api, {
      identity: { userEntityRef: 'user:default/auditor' },
      denied: [
        'social-media.service.transition',
        'social-media.service.review',
        'social-media.service.update',
      ],
    });
    const lifecycle = within(
      await screen.findByRole('region', { name: 'Lifecycle' }),
    );
    const next = within(
      lifecycle.getByRole('list', { name: 'Next transitions' }),
    );
    expect(
      await screen.findByRole('link', { name: 'See the access reviews' }),
    ).toHaveAttribute('href', expect.stringContaining('tab=access'));
    expect(await next.findByText('Design')).toHaveTextContent(
      'Design: ready to move',
    );
    expect(next.queryAllByRole('button')).toHaveLength(0);
    expect(stillNeeds(lifecycle, 'Operation')).toEqual(OPERATION_GAPS);

    await userEvent.click(screen.getByRole('tab', { name: 'Access' }));
    await screen.findByRole('region', { name: 'Access review' });
    expect(screen.queryByRole('button', { name: 'Review access' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: /Edit admins|Record admins/ }),
    ).toBeNull();
  });

  it('moves the service with a reason and the version it saw', async () => {
    const user = userEvent.setup({ delay: null });
    const moved = aServiceDetails({ lifecycleStage: 'design', version: 5 });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      transitionService: async () => moved,
    });
    renderPlugin('/social-media/services/corporate-x', api);

    await user.click(
      await screen.findByRole('button', { name: 'Move to Design' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByRole('heading', { name: 'Move to Design' }),
    ).toBeInTheDocument();

    // a reason is required, with the API's own message
    await user.type(dialog.getByRole('textbox', { name: 'Reason' }), 'no');
    await user.click(dialog.getByRole('button', { name: 'Confirm move' }));
    expect(
      dialog.getByText('Reason must say why, in at least 3 characters'),
    ).toBeInTheDocument();
    expect(api.transitionService).not.toHaveBeenCalled();

    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      't ready: profile needs a redesign',
    );
    await user.click(dialog.getByRole('button', { name: 'Confirm move' }));

    await waitFor(() =>
      expect(api.transitionService).toHaveBeenCalledWith('corporate-x', {
        to: 'design',
        reason: 'not ready: profile needs a redesign',
        version: 4,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // the page refreshes: the service and its history are read again
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(api.getServiceHistory).toHaveBeenCalledTimes(2);
  });

  it('says so when the service changed since it was opened', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      transitionService: async () => {
        throw await aResponseError(
          409,
          'ConflictError',
          'Service corporate-x changed since version 4 (it is now at version 5). Reload it and apply your change again.',
        );
      },
    });
    renderPlugin('/social-media/services/corporate-x', api);

    await user.click(
      await screen.findByRole('button', { name: 'Move to Design' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      'Back to the drawing board',
    );
    await user.click(dialog.getByRole('button', { name: 'Confirm move' }));

    expect(
      await dialog.findByText(
        'This service changed since you opened it. Reload to see the latest version.',
      ),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getService).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the error of a move refused for another reason', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      transitionService: async () => {
        throw await aResponseError(403, 'NotAllowedError', 'Unauthorized');
      },
    });
    renderPlugin('/social-media/services/corporate-x', api);
    await user.click(
      await screen.findByRole('button', { name: 'Move to Design' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(dialog.getByRole('textbox', { name: 'Reason' }), 'Why not');
    await user.click(dialog.getByRole('button', { name: 'Confirm move' }));
    expect(
      await dialog.findByText(
        'You are not allowed to make this change: Unauthorized',
      ),
    ).toBeInTheDocument();
  });

  it('says when there is no such service', async () => {
    const api = mockSocialMediaApi({
      getService: async () => {
        throw await aResponseError(
          404,
          'NotFoundError',
          "No social media service with id 'nope'",
        );
      },
    });
    renderPlugin('/social-media/services/nope', api);
    expect(
      await screen.findByText(
        "This social media service was not found: No social media service with id 'nope'",
      ),
    ).toBeInTheDocument();
  });

  it('warns about everyone who left but still holds access and marks them', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          leaverCount: 2,
          leavers: [
            {
              role: 'admin',
              userRef: 'user:default/intern',
              account: 'old-intern',
            },
            { role: 'service-owner', userRef: 'user:default/former-owner' },
          ],
        }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      '2 people have left the organisation but still hold access',
    );
    const leavers = within(
      within(alert).getByRole('list', { name: 'Leavers' }),
    ).getAllByRole('listitem');
    expect(leavers.map(item => item.textContent)).toEqual([
      'old-intern (user:default/intern) has left the organisation but still holds access',
      'The service owner user:default/former-owner has left the organisation but still holds access',
    ]);
    expect(alert).toHaveTextContent('and name a new service owner');

    const admins = within(screen.getByRole('table', { name: 'Admins' }));
    const leaver = admins.getByRole('row', { name: /old-intern/ });
    expect(leaver).toHaveAttribute('data-leaver', 'true');
    expect(within(leaver).getByText('Leaver')).toBeInTheDocument();
    expect(
      admins.getByRole('row', { name: /acme-social/ }),
    ).not.toHaveAttribute('data-leaver');
  });

  it.each([
    {
      stage: 'operation',
      says: 'Until then they keep the service out of compliance with operation.',
      never: 'cannot enter operation',
    },
    {
      stage: 'improvement',
      says: 'Until then they keep the service out of compliance with operation.',
      never: 'cannot enter operation',
    },
    {
      stage: 'transition',
      says: 'Until then the service cannot enter operation.',
      never: 'out of compliance',
    },
  ] as const)(
    'says what a leaver holds up for a service in $stage',
    async ({ stage, says, never }) => {
      const api = mockSocialMediaApi({
        getService: async () => aServiceDetails({ lifecycleStage: stage }),
      });
      renderPlugin('/social-media/services/corporate-x', api);
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'old-intern has left the organisation but still holds access',
      );
      expect(alert).toHaveTextContent(says);
      expect(alert).not.toHaveTextContent(never);
    },
  );

  it('lists the linked incidents, open first, and the resolved ones on request', async () => {
    const user = userEvent.setup({ delay: null });
    const incident = (number: string, open: boolean) => ({
      connectorId: 'servicenow',
      externalId: `sys-${number}`,
      number,
      title: open ? 'Suspected account takeover' : 'Post went out twice',
      priority: open ? '1 - Critical' : '4 - Low',
      state: open ? 'In Progress' : 'Resolved',
      category: open ? 'security' : undefined,
      open,
      openedAt: '2026-11-20T09:00:00.000Z',
      ...(open ? {} : { resolvedAt: '2026-11-21T09:00:00.000Z' }),
      updatedAt: '2026-11-21T09:00:00.000Z',
      url: `https://example.service-now.com/nav_to.do?uri=incident.do?sys_id=sys-${number}`,
    });
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          openIncidentCount: 1,
          itsm: { system: 'servicenow', reference: 'Corporate X account' },
        }),
      listIncidents: async (_id, options) => ({
        items: options?.includeResolved
          ? [incident('INC0010001', true), incident('INC0009999', false)]
          : [incident('INC0010001', true)],
      }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=incidents', api);

    const table = await screen.findByRole('table', { name: 'Incidents' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('INC0010001');
    expect(rows[0]).toHaveTextContent('Suspected account takeover');
    expect(rows[0]).toHaveTextContent('1 - Critical');
    expect(
      within(rows[0]).getByRole('link', { name: 'INC0010001' }),
    ).toHaveAttribute(
      'href',
      'https://example.service-now.com/nav_to.do?uri=incident.do?sys_id=sys-INC0010001',
    );
    expect(api.listIncidents).toHaveBeenCalledWith('corporate-x', {
      includeResolved: false,
    });

    await user.click(
      screen.getByRole('checkbox', { name: 'Show resolved incidents' }),
    );
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Incidents' })).getAllByRole(
          'row',
        ),
      ).toHaveLength(3),
    );
    expect(screen.getByRole('table', { name: 'Incidents' })).toHaveTextContent(
      'Resolved',
    );
  });

  it('reports an incident to the mapped ITSM and shows the number it got', async () => {
    const user = userEvent.setup({ delay: null });
    let reports = 0;
    const api = mockSocialMediaApi({
      // The ServiceNow connector is installed in this portal.
      getItsmStatus: async () => ({
        items: [
          { connectorId: 'servicenow', incidentsLastRun: 0, mappedServices: 1 },
        ],
      }),
      getService: async () =>
        aServiceDetails({
          openIncidentCount: reports,
          itsm: { system: 'servicenow', reference: 'Corporate X account' },
        }),
      reportIncident: async (_id, report) => {
        reports += 1;
        if (reports === 1) {
          throw await aResponseError(
            503,
            'ServiceUnavailableError',
            'The incident could not be raised in servicenow: ServiceNow did not answer POST /api/now/table/incident within 30000 ms',
          );
        }
        return {
          connectorId: 'servicenow',
          externalId: 'sys-new',
          number: 'INC0010042',
          title: report.title,
          priority: '3 - Moderate',
          state: 'New',
          category: report.category,
          open: true,
          openedAt: '2026-11-26T09:00:00.000Z',
          updatedAt: '2026-11-26T09:00:00.000Z',
          url: 'https://example.service-now.com/incident/sys-new',
        };
      },
    });
    renderPlugin('/social-media/services/corporate-x?tab=incidents', api);

    await user.click(
      await screen.findByRole('button', { name: 'Report an incident' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Report an incident on Corporate X account',
    });
    expect(dialog).toHaveTextContent(
      'raised in ServiceNow against Corporate X account',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Report incident' }),
    );
    expect(within(dialog).getByText('Choose what happened.')).toBeVisible();
    expect(
      within(dialog).getByText('Title must be at least 5 characters'),
    ).toBeVisible();
    expect(api.reportIncident).not.toHaveBeenCalled();

    await user.click(
      within(dialog).getByRole('combobox', { name: /What happened/ }),
    );
    await user.click(
      screen.getByRole('option', { name: 'Suspected account takeover' }),
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Title' }),
      'Password reset nobody requested',
    );
    // Editing a field clears its message.
    expect(within(dialog).queryByText('Choose what happened.')).toBeNull();
    expect(
      within(dialog).queryByText('Title must be at least 5 characters'),
    ).toBeNull();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Description' }),
      'The platform mailed a reset link at 09:12.',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Report incident' }),
    );
    expect(
      await within(dialog).findByText(/did not answer POST/),
    ).toBeVisible();

    await user.click(
      within(dialog).getByRole('button', { name: 'Report incident' }),
    );
    const raised = await screen.findByText(/raised in ServiceNow\./);
    expect(
      within(raised).getByRole('link', { name: 'INC0010042' }),
    ).toHaveAttribute(
      'href',
      'https://example.service-now.com/incident/sys-new',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.reportIncident).toHaveBeenLastCalledWith('corporate-x', {
      category: 'account-takeover',
      title: 'Password reset nobody requested',
      description: 'The platform mailed a reset link at 09:12.',
    });
    // The page reloads the service, which now counts the new incident.
    await waitFor(() =>
      expect(screen.getByLabelText('Open incidents')).toHaveTextContent('2'),
    );
  });

  it('says when the mapped ITSM has no connector in this portal, names it by its id, and offers no report', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          itsm: { system: 'pagerduty', reference: 'PABC123' },
        }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=incidents', api);
    expect(
      await screen.findByText(
        /No pagerduty connector is installed in this portal/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Report an incident' }),
    ).not.toBeInTheDocument();
  });

  it('offers no report button before the service is mapped to its ITSM record', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails({ itsm: undefined }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=incidents', api);
    expect(
      await screen.findByText(
        'Map the service to its ITSM record (Edit) to link its incidents and report new ones.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Report an incident' }),
    ).not.toBeInTheDocument();
  });

  it('shows no leaver warning when everyone with access is still here', async () => {
    const api = mockSocialMediaApi({
      getService: async () =>
        aServiceDetails({
          leavers: [],
          leaverCount: 0,
          admins: aServiceDetails().admins.slice(0, 1),
        }),
    });
    renderPlugin('/social-media/services/corporate-x?tab=access', api);
    await screen.findByRole('region', { name: 'Admins' });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
