import type { ServiceRequest } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aServiceRequest,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const person = (name: string, groups: string[] = []) => ({
  userEntityRef: `user:default/${name}`,
  ownershipEntityRefs: [
    `user:default/${name}`,
    ...groups.map(g => `group:default/${g}`),
  ],
});
const requester = person('marketing-lead', ['marketing']);
const teamMember = person('social-media-manager', ['marketing']);
const itServiceManager = person('it-service-manager', [
  'it-service-management',
]);
const outsider = person('hr-business-partner', ['hr']);

const REQUEST = '/social-media/requests/7';

/** The request as it is after the IT service manager approved it. */
const provisioned = aServiceRequest({
  status: 'provisioned',
  serviceId: 'spring-campaign-tiktok',
  version: 3,
  approvals: [
    {
      ...aServiceRequest().approvals[0],
      approvedBy: 'user:default/it-service-manager',
      approvedAt: '2026-11-21T10:00:00.000Z',
    },
  ],
  steps: [
    ...aServiceRequest().steps,
    {
      action: 'approve',
      actor: 'user:default/it-service-manager',
      at: '2026-11-21T10:00:00.000Z',
      from: 'submitted',
      to: 'approved',
      comment: 'Owner and tools checked',
    },
    {
      action: 'provision',
      actor: 'user:default/it-service-manager',
      at: '2026-11-21T10:00:00.000Z',
      from: 'approved',
      to: 'provisioned',
      comment: 'Catalogued as spring-campaign-tiktok in design',
    },
  ],
});

function rowsOf(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );
}

describe('My requests', () => {
  const mine = [
    aServiceRequest({ id: 9, status: 'draft', name: 'Careers TikTok' }),
    aServiceRequest({ id: 8, status: 'changes-requested' }),
    aServiceRequest({ ...provisioned, id: 7 }),
  ];
  const inbox = [
    aServiceRequest({
      id: 11,
      name: 'Support Mastodon',
      platform: 'mastodon',
      handle: '@support@social.example',
      requester: 'user:default/support-team-lead',
      requestingTeam: 'group:default/customer-support',
    }),
    aServiceRequest({ id: 12, name: 'HR LinkedIn', platform: 'linkedin' }),
  ];
  const list = async ({ scope }: { scope: string }) =>
    scope === 'inbox'
      ? { items: inbox, totalCount: inbox.length }
      : { items: mine, totalCount: mine.length };

  it('lists my requests with their status in words, and counts the approvals inbox', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({ listServiceRequests: list });
    const { currentUrl } = renderPlugin('/social-media/requests', api, {
      identity: requester,
      denied: ['social-media.request.read-all'],
    });

    const table = await screen.findByRole('table', { name: 'My requests' });
    expect(rowsOf(table).map(cells => [cells[0], cells[3]])).toEqual([
      ['9', 'Draft'],
      ['8', 'Changes requested'],
      ['7', 'Provisioned'],
    ]);
    const row = within(within(table).getAllByRole('row')[1]);
    expect(row.getByRole('link', { name: 'Careers TikTok' })).toHaveAttribute(
      'href',
      '/social-media/requests/9',
    );
    expect(row.getByText('TikTok')).toBeInTheDocument();
    expect(
      row.getByRole('link', { name: 'marketing-lead' }),
    ).toBeInTheDocument();
    expect(row.getByRole('link', { name: 'marketing' })).toBeInTheDocument();
    expect(row.getByText('Mar 1, 2027')).toBeInTheDocument();
    expect(api.listServiceRequests).toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'mine' }),
    );

    // The inbox says how many wait; only those allowed see every request.
    const inboxTab = await screen.findByRole('tab', {
      name: 'Approvals inbox (2)',
    });
    expect(
      screen.queryByRole('tab', { name: 'All requests' }),
    ).not.toBeInTheDocument();

    await user.click(inboxTab);
    const waiting = await screen.findByRole('table', {
      name: 'Approvals inbox',
    });
    expect(rowsOf(waiting).map(cells => [cells[0], cells[1]])).toEqual([
      ['11', 'Support Mastodon@support@social.example'],
      ['12', 'HR LinkedIn@springcampaign'],
    ]);
    expect(currentUrl()).toBe('/social-media/requests?tab=inbox');
  });

  it('shows every request to those allowed to read them all', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({ listServiceRequests: list });
    renderPlugin('/social-media/requests', api, { identity: requester });

    await user.click(await screen.findByRole('tab', { name: 'All requests' }));
    await screen.findByRole('table', { name: 'All requests' });
    expect(api.listServiceRequests).toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'all' }),
    );
  });

  it('says when nothing waits for an approval', async () => {
    const api = mockSocialMediaApi();
    renderPlugin('/social-media/requests?tab=inbox', api, {
      identity: itServiceManager,
    });
    expect(
      await screen.findByText(
        'No request for a new service waits for your approval.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Approvals inbox', selected: true }),
    ).toBeInTheDocument();
  });

  it('is linked from the catalogue, opening on the inbox when requests wait', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [],
        totalCount: 0,
        limit: 25,
        offset: 0,
      }),
      listServiceRequests: list,
    });
    renderPlugin('/social-media', api, { identity: itServiceManager });
    expect(
      await screen.findByRole('link', { name: 'Requests (2 to approve)' }),
    ).toHaveAttribute('href', '/social-media/requests?tab=inbox');
  });
});

describe('A request', () => {
  it('shows what was asked, the prediction, who approved it and when, and every step of its timeline', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () => provisioned,
    });
    renderPlugin(REQUEST, api, { identity: requester });

    expect(
      await screen.findByRole('heading', {
        name: /Request 7: Spring campaign TikTok/,
      }),
    ).toHaveTextContent('Provisioned');
    expect(api.getServiceRequest).toHaveBeenCalledWith(7);

    const asked = within(
      screen.getByRole('region', { name: 'What is asked for' }),
    );
    expect(asked.getByLabelText('Handle')).toHaveTextContent('@springcampaign');
    expect(asked.getByLabelText('Regions')).toHaveTextContent('EMEA, France');
    expect(asked.getByLabelText('Target date')).toHaveTextContent(
      'Mar 1, 2027',
    );
    const questionnaire = within(
      screen.getByRole('region', { name: 'Risk questionnaire' }),
    );
    expect(questionnaire.getByLabelText('Expected audience')).toHaveTextContent(
      '5,000 followers within a year',
    );
    expect(questionnaire.getByLabelText('Third-party tools')).toHaveTextContent(
      'Hootsuite',
    );

    const required = within(
      screen.getByRole('region', { name: 'What IT will require' }),
    );
    expect(
      required.getByRole('list', { name: 'Needed before operation' }),
    ).toHaveTextContent('MFA enabled');
    const approval = required.getByRole('list', { name: 'Approvals' });
    expect(approval).toHaveTextContent(
      'Approved by it-service-manager on Nov 21, 2026',
    );
    expect(
      within(approval).getByRole('link', { name: 'it-service-manager' }),
    ).toHaveAttribute('href', '/catalog/default/user/it-service-manager');

    const timeline = screen.getByRole('table', { name: 'Timeline' });
    expect(rowsOf(timeline).map(cells => cells.slice(1))).toEqual([
      ['marketing-lead', 'Created', 'Draft', '—'],
      [
        'marketing-lead',
        'Submitted',
        'Draft → Submitted',
        'Ready for the spring launch',
      ],
      [
        'it-service-manager',
        'Approved',
        'Submitted → Approved',
        'Owner and tools checked',
      ],
      [
        'it-service-manager',
        'Provisioned',
        'Approved → Provisioned',
        'Catalogued as spring-campaign-tiktok in design',
      ],
    ]);
    expect(
      within(timeline).getAllByRole('link', { name: 'marketing-lead' })[0],
    ).toHaveAttribute('href', '/catalog/default/user/marketing-lead');

    // The service it became, and nothing left to do.
    expect(
      screen.getByRole('link', { name: 'Open the service' }),
    ).toHaveAttribute('href', '/social-media/services/spring-campaign-tiktok');
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    expect(actions.queryAllByRole('button')).toHaveLength(0);
    expect(actions.queryAllByRole('link')).toHaveLength(0);
  });

  it.each([
    ['the requester', requester],
    ['a member of the requesting team', teamMember],
  ])(
    'offers %s to edit, submit and withdraw a request sent back for changes',
    async (_who, identity) => {
      const api = mockSocialMediaApi({
        getServiceRequest: async () =>
          aServiceRequest({ status: 'changes-requested', version: 3 }),
      });
      renderPlugin(REQUEST, api, {
        identity,
        denied: ['social-media.request.decide'],
      });
      const actions = within(
        await screen.findByRole('group', { name: 'Actions' }),
      );
      expect(
        await actions.findByRole('link', { name: 'Edit' }),
      ).toHaveAttribute('href', '/social-media/requests/7/edit');
      expect(actions.getByRole('button', { name: 'Submit' })).toBeEnabled();
      expect(actions.getByRole('button', { name: 'Withdraw' })).toBeEnabled();
    },
  );

  it('withdraws after asking to confirm, with the comment and the version seen', async () => {
    const user = userEvent.setup({ delay: null });
    const withdrawn = aServiceRequest({ status: 'withdrawn', version: 4 });
    const api = mockSocialMediaApi({
      getServiceRequest: async () =>
        aServiceRequest({ status: 'changes-requested', version: 3 }),
      withdrawServiceRequest: async () => withdrawn,
    });
    renderPlugin(REQUEST, api, { identity: requester });

    await user.click(await screen.findByRole('button', { name: 'Withdraw' }));
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Withdraw request 7: Spring campaign TikTok',
      }),
    );
    await user.type(
      dialog.getByRole('textbox', { name: 'Comment' }),
      'Campaign cancelled',
    );
    await user.click(dialog.getByRole('button', { name: 'Withdraw request' }));

    await waitFor(() =>
      expect(api.withdrawServiceRequest).toHaveBeenCalledWith(7, {
        version: 3,
        comment: 'Campaign cancelled',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('heading', { name: /Request 7/ }),
    ).toHaveTextContent('Withdrawn');
  });

  it('offers the requester no decision on their own request', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () => aServiceRequest(),
    });
    renderPlugin(REQUEST, api, { identity: requester });
    const actions = within(
      await screen.findByRole('group', { name: 'Actions' }),
    );
    await actions.findByRole('button', { name: 'Withdraw' });
    for (const decision of ['Approve', 'Request changes', 'Reject']) {
      expect(actions.queryByRole('button', { name: decision })).toBeNull();
    }
    // Nobody on the requester side is told they cannot approve: the request is theirs.
    expect(screen.queryByText(/cannot decide/)).toBeNull();
  });

  it('tells an approver from the requesting team why they cannot decide on it', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () => aServiceRequest(),
    });
    renderPlugin(REQUEST, api, {
      identity: person('it-service-manager', [
        'it-service-management',
        'marketing',
      ]),
    });
    expect(
      await screen.findByText(/so you cannot decide on its request/),
    ).toHaveTextContent(
      'You belong to the requesting team group:default/marketing, so you cannot decide on its request: someone outside the team approves it.',
    );
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    expect(actions.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(actions.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('lets one person give one approval only, and still turn the request down', async () => {
    const [serviceManagement] = aServiceRequest().approvals;
    const api = mockSocialMediaApi({
      getServiceRequest: async () =>
        aServiceRequest({
          approvals: [
            {
              ...serviceManagement,
              approvedBy: 'user:default/it-service-manager',
              approvedAt: '2026-11-21T10:00:00.000Z',
            },
            {
              role: 'security',
              title: 'Security office',
              groups: ['group:default/security-office'],
              reason:
                'The security office approves too: the predicted rating is high',
            },
          ],
        }),
    });
    renderPlugin(REQUEST, api, {
      identity: person('it-service-manager', [
        'it-service-management',
        'security-office',
      ]),
    });
    expect(
      await screen.findByText(/You already approved this request/),
    ).toHaveTextContent(
      'You already approved this request for IT service management; its other approval must come from someone else.',
    );
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    expect(actions.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(actions.getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(
      actions.getByRole('button', { name: 'Request changes' }),
    ).toBeEnabled();
  });

  it('says who decided first when another decision won, and reloads to show the outcome', async () => {
    const user = userEvent.setup({ delay: null });
    const outcome =
      'Request 7 changed since version 2: it is now provisioned (provision by user:default/it-service-analyst at 2026-11-21T10:00:00.000Z). Reload it to see the outcome.';
    const getServiceRequest = jest
      .fn<Promise<ServiceRequest>, [number]>()
      .mockResolvedValueOnce(aServiceRequest())
      .mockResolvedValue(provisioned);
    const api = mockSocialMediaApi({
      getServiceRequest,
      decideServiceRequest: async () => {
        throw await aResponseError(409, 'ConflictError', outcome);
      },
    });
    renderPlugin(REQUEST, api, { identity: itServiceManager });

    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Reject request 7: Spring campaign TikTok',
      }),
    );
    await user.type(
      dialog.getByRole('textbox', { name: 'Comment' }),
      'No moderation plan',
    );
    await user.click(dialog.getByRole('button', { name: 'Reject' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent(outcome);
    // Only a reload helps now.
    expect(dialog.getByRole('button', { name: 'Reject' })).toBeDisabled();
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('heading', { name: /Request 7/ }),
      ).toHaveTextContent('Provisioned'),
    );
    expect(getServiceRequest).toHaveBeenCalledTimes(2);
  });

  it('records an approval and shows the request as the backend answered', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getServiceRequest: async () => aServiceRequest(),
      decideServiceRequest: async () => provisioned,
    });
    renderPlugin(REQUEST, api, { identity: itServiceManager });

    // The approver is not on the requester side.
    const actions = within(
      await screen.findByRole('group', { name: 'Actions' }),
    );
    const approve = await actions.findByRole('button', { name: 'Approve' });
    expect(actions.queryByRole('button', { name: 'Withdraw' })).toBeNull();
    await user.click(approve);
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(
      dialog.getByRole('textbox', { name: 'Comment' }),
      'Owner and tools checked',
    );
    await user.click(dialog.getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(api.decideServiceRequest).toHaveBeenCalledWith(7, {
        decision: 'approve',
        comment: 'Owner and tools checked',
        version: 2,
      }),
    );
    expect(
      await screen.findByRole('link', { name: 'Open the service' }),
    ).toHaveAttribute('href', '/social-media/services/spring-campaign-tiktok');
  });

  it('offers no decision to someone the permission policy does not let decide', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () => aServiceRequest(),
    });
    renderPlugin(REQUEST, api, {
      identity: requester,
      denied: ['social-media.request.decide'],
    });
    const actions = within(
      await screen.findByRole('group', { name: 'Actions' }),
    );
    await actions.findByRole('button', { name: 'Withdraw' });
    expect(actions.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(actions.queryByRole('button', { name: 'Reject' })).toBeNull();
  });
});

describe('A request changed in the database outside the catalogue', () => {
  const forged = [
    {
      field: 'approvals[1]',
      stored:
        'approved by user:default/security-analyst at 2026-11-21T10:00:00.000Z',
      shownAs: 'not given: no step of the timeline gives it',
    },
  ];

  it('says which values do not hold and offers an approver no decision on it', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () =>
        aServiceRequest({ recordProblems: forged }),
    });
    renderPlugin(REQUEST, api, { identity: itServiceManager });

    const alert = await screen.findByRole('region', {
      name: 'Damaged record',
    });
    expect(alert).toHaveTextContent(
      'Approvals 2 (approvals[1]): stored “approved by user:default/security-analyst at 2026-11-21T10:00:00.000Z”, shown as not given: no step of the timeline gives it',
    );
    expect(alert).toHaveTextContent(
      'Nothing is submitted, withdrawn or decided on it until it is put right by a portal administrator, from the audit log.',
    );
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    expect(actions.queryByRole('button')).toBeNull();
  });

  it('marks it in the list of requests', async () => {
    const api = mockSocialMediaApi({
      listServiceRequests: async () => ({
        items: [
          aServiceRequest({ id: 9, recordProblems: forged }),
          aServiceRequest({ id: 8 }),
        ],
        totalCount: 2,
      }),
    });
    renderPlugin('/social-media/requests', api, { identity: requester });

    const table = await screen.findByRole('table', { name: 'My requests' });
    expect(rowsOf(table).map(cells => [cells[0], cells[3]])).toEqual([
      ['9', 'SubmittedRecord changed outside the catalogue'],
      ['8', 'Submitted'],
    ]);
  });

  it('leaves the requester only the edit that puts it right', async () => {
    const api = mockSocialMediaApi({
      getServiceRequest: async () =>
        aServiceRequest({ status: 'draft', recordProblems: forged }),
    });
    renderPlugin(REQUEST, api, { identity: requester });

    const actions = within(
      await screen.findByRole('group', { name: 'Actions' }),
    );
    expect(actions.getAllByRole('link').map(link => link.textContent)).toEqual([
      'Edit',
    ]);
    expect(actions.queryByRole('button', { name: 'Submit' })).toBeNull();
    expect(actions.queryByRole('button', { name: 'Withdraw' })).toBeNull();
    expect(
      screen.getByRole('region', { name: 'Damaged record' }),
    ).toHaveTextContent('the requesting team edits the request and saves it');
  });
});

describe('A request followed by the people it names to run the service', () => {
  const named = aServiceRequest({
    serviceOwner: 'user:default/hr-business-partner',
    ownerGroup: 'group:default/hr',
  });

  it('tells the named service owner they follow it, and offers no requester step', async () => {
    const api = mockSocialMediaApi({ getServiceRequest: async () => named });
    renderPlugin(REQUEST, api, { identity: outsider });
    expect(
      await screen.findByText(/You are named as the service owner/),
    ).toHaveTextContent(
      'You are named as the service owner: you follow the request here, and the requesting team edits, submits or withdraws it.',
    );
    // Neither a requester step nor a decision: they are not an approver.
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    for (const step of ['Withdraw', 'Submit', 'Approve', 'Reject']) {
      expect(actions.queryByRole('button', { name: step })).toBeNull();
    }
    expect(actions.queryByRole('link', { name: 'Edit' })).toBeNull();
  });

  it('tells a member of the owning group that their team is named', async () => {
    const member = person('hr-analyst', ['hr']);
    const api = mockSocialMediaApi({ getServiceRequest: async () => named });
    renderPlugin(REQUEST, api, { identity: member });
    expect(
      await screen.findByText(/Your team is named to own the service/),
    ).toBeInTheDocument();
  });

  it('tells the requester nothing of it: the request is theirs', async () => {
    const api = mockSocialMediaApi({ getServiceRequest: async () => named });
    renderPlugin(REQUEST, api, { identity: requester });
    await screen.findByRole('button', { name: 'Withdraw' });
    expect(
      screen.queryByText(/named to own|named as the service owner/),
    ).toBeNull();
  });
});
