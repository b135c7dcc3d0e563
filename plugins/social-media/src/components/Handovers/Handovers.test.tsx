import type { Handover } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
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
const marketingLead = person('marketing-lead', ['marketing']);
const hrPartner = person('hr-partner', ['hr']);

const ALL_DONE = {
  'admins-reviewed': true,
  'credentials-rotated': true,
  'recovery-email-changed': true,
  'recovery-phone-changed': true,
};

const transfer: Handover = {
  id: 3,
  kind: 'transfer',
  serviceId: 'careers-linkedin',
  serviceName: 'Careers LinkedIn',
  status: 'submitted',
  requester: 'user:default/marketing-lead',
  reason: 'Recruiting now runs the careers page',
  fromOwnerGroup: 'group:default/marketing',
  fromServiceOwner: 'user:default/marketing-lead',
  toOwnerGroup: 'group:default/hr',
  toServiceOwner: 'user:default/hr-partner',
  checklist: {},
  deciders: ['group:default/hr'],
  steps: [
    {
      action: 'submit',
      actor: 'user:default/marketing-lead',
      at: '2026-11-20T09:00:00.000Z',
      to: 'submitted',
      comment: 'Recruiting now runs the careers page',
    },
  ],
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  version: 1,
};

describe('a transfer', () => {
  it('is accepted by the receiving group only once every checklist item is ticked', async () => {
    const accepted: Handover = {
      ...transfer,
      status: 'completed',
      checklist: ALL_DONE,
      version: 2,
      steps: [
        ...transfer.steps,
        {
          action: 'accept',
          actor: 'user:default/hr-partner',
          at: '2026-11-21T09:00:00.000Z',
          from: 'submitted',
          to: 'completed',
          checklist: ALL_DONE,
        },
      ],
    };
    const api = mockSocialMediaApi({
      getHandover: async () => transfer,
      decideHandover: async () => accepted,
    });
    renderPlugin('/social-media/handovers/3', api, { identity: hrPartner });

    expect(
      await screen.findByRole('heading', {
        name: /Transfer 3: Careers LinkedIn/,
      }),
    ).toBeInTheDocument();
    const heading = screen.getByRole('heading', { name: /Transfer 3/ });
    expect(within(heading).getByText('Waiting to be accepted')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    const dialog = await screen.findByRole('dialog');
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes).toHaveLength(4);
    // Three of four ticked: the page names what is not done and asks nothing.
    for (const box of boxes.slice(0, 3)) await userEvent.click(box);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept the service' }),
    );
    expect(
      within(dialog).getByText(
        "Not done yet: Recovery phone changed to the new owner's",
      ),
    ).toBeInTheDocument();
    expect(api.decideHandover).not.toHaveBeenCalled();

    await userEvent.click(boxes[3]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept the service' }),
    );
    await waitFor(() =>
      expect(api.decideHandover).toHaveBeenCalledWith(3, {
        decision: 'accept',
        version: 1,
        checklist: ALL_DONE,
      }),
    );
    expect(
      await within(
        screen.getByRole('heading', { name: /Transfer 3/ }),
      ).findByText('Transferred'),
    ).toBeVisible();
    expect(screen.getByText(/owns the service now/)).toBeInTheDocument();
    expect(
      screen.getByText('Accepted (checklist: 4 of 4 confirmed)'),
    ).toBeInTheDocument();
  });

  it('offers its filer a withdrawal, not a decision', async () => {
    const api = mockSocialMediaApi({
      getHandover: async () => transfer,
      withdrawHandover: async () => ({
        ...transfer,
        status: 'withdrawn',
        version: 2,
      }),
    });
    renderPlugin('/social-media/handovers/3', api, {
      identity: marketingLead,
    });
    await screen.findByRole('heading', { name: /Transfer 3/ });
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Withdraw' }),
    );
    await waitFor(() =>
      expect(api.withdrawHandover).toHaveBeenCalledWith(3, { version: 1 }),
    );
  });

  it('says when its record was changed outside the catalogue, and what is shown instead', async () => {
    const api = mockSocialMediaApi({
      getHandover: async () => ({
        ...transfer,
        recordProblems: [
          { field: 'checklist', stored: 'x', shownAs: 'nothing answered' },
        ],
      }),
    });
    renderPlugin('/social-media/handovers/3', api, { identity: hrPartner });
    const alert = await screen.findByRole('region', { name: 'Damaged record' });
    expect(within(alert).getByRole('listitem')).toHaveTextContent(
      'Checklist (checklist): stored “x”, shown as nothing answered',
    );
    // A transfer has no form to put it right with, nor a compliance of its own.
    expect(alert).toHaveTextContent('until a portal administrator restores');
    expect(alert).not.toHaveTextContent('out of compliance');
  });

  it('offers no decision to someone outside the receiving group', async () => {
    const api = mockSocialMediaApi({ getHandover: async () => transfer });
    renderPlugin('/social-media/handovers/3', api, {
      identity: person('it-service-manager', ['it-service-management']),
    });
    await screen.findByRole('heading', { name: /Transfer 3/ });
    const actions = within(screen.getByRole('group', { name: 'Actions' }));
    for (const step of ['Accept', 'Decline', 'Withdraw']) {
      expect(actions.queryByRole('button', { name: step })).toBeNull();
    }
  });

  it("shows the backend's answer when the transfer changed since the page was loaded", async () => {
    const withdrawn =
      'Transfer 3 changed since version 1: it is now withdrawn. Reload it to see the outcome.';
    const api = mockSocialMediaApi({
      getHandover: async () => transfer,
      decideHandover: async () => {
        throw await aResponseError(409, 'ConflictError', withdrawn);
      },
    });
    renderPlugin('/social-media/handovers/3', api, { identity: hrPartner });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Decline' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Decline' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      withdrawn,
    );
  });
});
